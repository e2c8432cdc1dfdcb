import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type {
  AimBody,
  BaselineReason,
  DriverKind,
  MeasureFrequency,
  MeasureKind,
} from '#shared/contracts/improvement.ts';

type Q = Db | Tx;
const isoTs = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** The community's kind, or null when there is no such community. */
export async function communityKind(tx: Q, communityId: string): Promise<string | null> {
  const { rows } = await tx.execute<{ kind: string }>(
    sql`select kind from communities where id = ${communityId}`,
  );
  return rows[0]?.kind ?? null;
}

export type AimRow = {
  id: string;
  what: string;
  how_much: string;
  by_when: string;
  for_whom: string;
  updated_at: string;
};

export async function findAim(tx: Q, communityId: string): Promise<AimRow | null> {
  const { rows } = await tx.execute<AimRow>(sql`
    select id, what, how_much, by_when::text as by_when, for_whom, ${isoTs('updated_at')} as updated_at
      from improvement_aims where community_id = ${communityId}`);
  return rows[0] ?? null;
}

export async function upsertAim(tx: Tx, communityId: string, userId: string, aim: AimBody): Promise<void> {
  await tx.execute(sql`
    insert into improvement_aims (id, community_id, what, how_much, by_when, for_whom, updated_by)
    values (${uuidv7()}, ${communityId}, ${aim.what}, ${aim.howMuch}, ${aim.byWhen}, ${aim.forWhom}, ${userId})
    on conflict (community_id) do update
      set what = excluded.what, how_much = excluded.how_much, by_when = excluded.by_when,
          for_whom = excluded.for_whom, updated_by = excluded.updated_by, updated_at = now()`);
}

export type DriverRow = {
  id: string;
  parent_id: string | null;
  kind: DriverKind;
  text: string;
  position: number;
};

export async function listDrivers(tx: Q, aimId: string): Promise<DriverRow[]> {
  const { rows } = await tx.execute<DriverRow>(sql`
    select id, parent_id, kind, text, position from improvement_drivers where aim_id = ${aimId}
     order by position, id`);
  return rows;
}

/** Replaces the aim's outline: lines keep their ids, new lines get one, lines left out are removed. */
export async function replaceDrivers(
  tx: Tx,
  aimId: string,
  lines: Array<{ id: string; parentId: string | null; kind: DriverKind; text: string; position: number }>,
): Promise<void> {
  const ids = lines.map((l) => l.id);
  await tx.execute(sql`
    delete from improvement_drivers where aim_id = ${aimId}
       and not (id = any(${sql.param(ids)}::uuid[]))`);
  for (const l of lines)
    await tx.execute(sql`
      insert into improvement_drivers (id, aim_id, parent_id, kind, text, position)
      values (${l.id}, ${aimId}, ${l.parentId}, ${l.kind}, ${l.text}, ${l.position})
      on conflict (id) do update
        set parent_id = excluded.parent_id, kind = excluded.kind, text = excluded.text, position = excluded.position`);
}

/** Which of these ids are lines of another aim (and so may not be claimed by this one). */
export async function foreignDriverIds(tx: Q, aimId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from improvement_drivers where id = any(${sql.param(ids)}::uuid[]) and aim_id <> ${aimId}`);
  return rows.map((r) => r.id);
}

export type MeasureRow = {
  id: string;
  community_id: string;
  kind: MeasureKind;
  name: string;
  definition: string;
  unit: string;
  frequency: MeasureFrequency;
};

const measureColumns = sql`id, community_id, kind, name, definition, unit, frequency`;

export async function listMeasures(tx: Q, communityId: string): Promise<MeasureRow[]> {
  const { rows } = await tx.execute<MeasureRow>(sql`
    select ${measureColumns} from improvement_measures where community_id = ${communityId}
     order by array_position(array['outcome','process','balancing'], kind), created_at, id`);
  return rows;
}

export async function findMeasure(tx: Q, measureId: string): Promise<MeasureRow | null> {
  const { rows } = await tx.execute<MeasureRow>(
    sql`select ${measureColumns} from improvement_measures where id = ${measureId}`,
  );
  return rows[0] ?? null;
}

export async function insertMeasure(
  tx: Tx,
  m: Omit<MeasureRow, 'id'> & { createdBy: string },
): Promise<string> {
  const id = uuidv7();
  await tx.execute(sql`
    insert into improvement_measures (id, community_id, kind, name, definition, unit, frequency, created_by)
    values (${id}, ${m.community_id}, ${m.kind}, ${m.name}, ${m.definition}, ${m.unit}, ${m.frequency}, ${m.createdBy})`);
  return id;
}

export async function updateMeasure(
  tx: Tx,
  id: string,
  m: Pick<MeasureRow, 'kind' | 'name' | 'definition' | 'unit' | 'frequency'>,
): Promise<void> {
  await tx.execute(sql`
    update improvement_measures set kind = ${m.kind}, name = ${m.name}, definition = ${m.definition},
           unit = ${m.unit}, frequency = ${m.frequency} where id = ${id}`);
}

export type TeamRow = {
  id: string;
  name: string;
  district_name: string;
};

/**
 * The community's school teams: the schools of its active members, and any school that has entered
 * data (a team whose members have left keeps its chart).
 */
export async function listTeams(tx: Q, communityId: string): Promise<TeamRow[]> {
  const { rows } = await tx.execute<TeamRow>(sql`
    select o.id, o.name, d.name as district_name
      from organizations o join organizations d on d.id = o.district_id
     where o.kind = 'school' and o.archived_at is null
       and (o.id in (select ms.organization_id from community_members m
                       join memberships ms on ms.user_id = m.user_id
                      where m.community_id = ${communityId} and m.status = 'active')
         or o.id in (select v.school_id from improvement_values v
                       join improvement_measures im on im.id = v.measure_id
                      where im.community_id = ${communityId}))
     order by o.name, d.name`);
  return rows;
}

export type ValueRow = {
  id: string;
  school_id: string;
  period: string;
  value: number;
  student_count: number;
  astronomical: boolean;
  astronomical_note: string;
};

export async function upsertValue(
  tx: Tx,
  v: {
    measureId: string;
    schoolId: string;
    period: string;
    value: number;
    studentCount: number;
    userId: string;
  },
): Promise<string> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into improvement_values (id, measure_id, school_id, period, value, student_count, entered_by)
    values (${uuidv7()}, ${v.measureId}, ${v.schoolId}, ${v.period}, ${v.value}, ${v.studentCount}, ${v.userId})
    on conflict (measure_id, school_id, period) do update
      set value = excluded.value, student_count = excluded.student_count, entered_by = excluded.entered_by,
          updated_at = now()
    returning id`);
  return rows[0].id;
}

export async function findValue(
  tx: Q,
  valueId: string,
): Promise<{ id: string; measure_id: string; school_id: string } | null> {
  const { rows } = await tx.execute<{ id: string; measure_id: string; school_id: string }>(
    sql`select id, measure_id, school_id from improvement_values where id = ${valueId}`,
  );
  return rows[0] ?? null;
}

export async function flagValue(
  tx: Tx,
  valueId: string,
  flag: { astronomical: boolean; note: string; userId: string },
): Promise<void> {
  await tx.execute(sql`
    update improvement_values set astronomical = ${flag.astronomical},
           astronomical_note = ${flag.astronomical ? flag.note : ''},
           flagged_by = ${flag.astronomical ? flag.userId : null}, updated_at = now()
     where id = ${valueId}`);
}

export type BaselineRow = {
  id: string;
  school_id: string;
  from_period: string;
  length: number;
  median: number | null;
  reason: BaselineReason;
  note: string;
};

export async function listBaselines(tx: Q, measureId: string, schoolId?: string): Promise<BaselineRow[]> {
  const { rows } = await tx.execute<BaselineRow>(sql`
    select id, school_id, from_period::text as from_period, length, median, reason, note
      from improvement_baselines
     where measure_id = ${measureId} ${schoolId ? sql`and school_id = ${schoolId}` : sql``}
     order by school_id, from_period`);
  return rows;
}

export async function insertBaseline(
  tx: Tx,
  b: {
    measureId: string;
    schoolId: string;
    fromPeriod: string;
    length: number;
    reason: BaselineReason;
    note: string;
    userId: string;
  },
): Promise<string> {
  const id = uuidv7();
  await tx.execute(sql`
    insert into improvement_baselines (id, measure_id, school_id, from_period, length, reason, note, recorded_by)
    values (${id}, ${b.measureId}, ${b.schoolId}, ${b.fromPeriod}, ${b.length}, ${b.reason}, ${b.note}, ${b.userId})`);
  return id;
}

/**
 * Freezes each of the team's baselines still open whose first `length` points are now entered: its
 * median is taken once, here, and corrections to those points later do not move it.
 */
export async function freezeBaselines(tx: Tx, measureId: string, schoolId: string): Promise<void> {
  await tx.execute(sql`
    update improvement_baselines b
       set median = pts.median, frozen_at = now()
      from (
        select b2.id, percentile_cont(0.5) within group (order by first.value) as median, count(*) as n, b2.length
          from improvement_baselines b2
          cross join lateral (
            select v.value from improvement_values v
             where v.measure_id = b2.measure_id and v.school_id = b2.school_id and v.period >= b2.from_period
               and not exists (select 1 from improvement_baselines nb
                                where nb.measure_id = b2.measure_id and nb.school_id = b2.school_id
                                  and nb.from_period > b2.from_period and nb.from_period <= v.period)
             order by v.period limit b2.length) first
         where b2.measure_id = ${measureId} and b2.school_id = ${schoolId} and b2.median is null
         group by b2.id, b2.length
      ) pts
     where b.id = pts.id and pts.n >= pts.length`);
}

export type AnnotationRow = {
  cycle_id: string;
  school_id: string;
  title: string;
  test_date: string;
  decision: 'adopt' | 'adapt' | 'abandon' | null;
  readable: boolean;
};

/** Everything a measure's run charts are drawn from, with the community and the viewer's standing in it. */
export type ChartData = MeasureRow & {
  community_kind: string;
  community_name: string;
  join_policy: 'open' | 'request' | 'invitation';
  owner_kind: 'school' | 'district' | 'network';
  owner_id: string;
  district_id: string | null;
  archived_at: Date | null;
  member_status: string | null;
  member_role: 'facilitator' | 'member' | null;
  teams: TeamRow[];
  /** Moves with every write of the measure's values and baselines (migration 0073). */
  data_version: number;
  /** Null when the caller already holds them under `data_version` (it passed that as `known`). */
  values: ValueRow[] | null;
  baselines: BaselineRow[] | null;
  annotations: AnnotationRow[];
};

/**
 * A measure's run charts in one named statement (decision 068): the measure, its community and the
 * viewer's membership for the read check Node makes, the community's school teams (as listTeams), every
 * value, baseline and PDSA cycle tried on the measure (annotations, with whether the viewer may read each), the arrays as
 * JSON. The values and baselines only when the measure's data version is not `known` (decision 069):
 * a caller that remembers them under that version reads neither. Null when there is no such measure.
 */
export async function readChartData(
  db: Db,
  viewerId: string,
  measureId: string,
  readable: SQL,
  known: number,
): Promise<ChartData | null> {
  const rows = await namedQuery<ChartData>(
    db,
    'improvement-charts',
    sql`
    select m.id, m.community_id, m.kind, m.name, m.definition, m.unit, m.frequency,
           c.kind as community_kind, c.name as community_name, c.join_policy, c.owner_kind, c.owner_id,
           c.district_id, c.archived_at, cm.status as member_status, cm.role as member_role,
           (select coalesce(json_agg(t order by t.name, t.district_name), '[]')
              from (select o.id, o.name, d.name as district_name
                      -- From the members' organizations and the schools with values, by key: a walk
                      -- of every organization for each chart cost more than the rest of the read.
                      -- The schools with values skip from school to school along
                      -- improvement_values_period_idx (decision 069) rather than read every value of
                      -- every measure of the community.
                      from (select ms.organization_id as id from community_members tm
                              join memberships ms on ms.user_id = tm.user_id
                             where tm.community_id = m.community_id and tm.status = 'active'
                            union
                            select vs.school_id from improvement_measures im
                              cross join lateral (
                                with recursive vs(school_id) as (
                                  (select v.school_id from improvement_values v where v.measure_id = im.id
                                    order by v.school_id limit 1)
                                  union all
                                  select (select v.school_id from improvement_values v
                                           where v.measure_id = im.id and v.school_id > vs.school_id
                                           order by v.school_id limit 1)
                                    from vs where vs.school_id is not null)
                                select vs.school_id from vs where vs.school_id is not null) vs
                             where im.community_id = m.community_id) s
                      join organizations o on o.id = s.id
                      join organizations d on d.id = o.district_id
                     where o.kind = 'school' and o.archived_at is null) t) as teams,
           m.data_version::float8 as data_version,
           case when m.data_version <> ${known}::bigint then
           (select coalesce(json_agg(v order by v.school_id, v.period), '[]')
              from (select id, school_id, period::text as period, value, student_count, astronomical,
                           astronomical_note
                      from improvement_values where measure_id = m.id) v) end as values,
           case when m.data_version <> ${known}::bigint then
           (select coalesce(json_agg(b order by b.school_id, b.from_period), '[]')
              from (select id, school_id, from_period::text as from_period, length, median, reason, note
                      from improvement_baselines where measure_id = m.id) b) end as baselines,
           (select coalesce(json_agg(a order by a.test_date, a.created_at), '[]')
              from (select p.cycle_id, p.school_id, c.title, p.test_date::text as test_date, c.decision,
                           c.created_at, ${readable} as readable
                      from improvement_pdsa_cycles p join inquiry_cycles c on c.id = p.cycle_id
                     where p.measure_id = m.id and p.test_date is not null and p.school_id is not null) a)
             as annotations
      from improvement_measures m
      join communities c on c.id = m.community_id
      left join community_members cm on cm.community_id = c.id and cm.user_id = ${viewerId}
     where m.id = ${measureId}`,
  );
  return rows[0] ?? null;
}

export type PdsaRow = {
  cycle_id: string;
  title: string;
  community_id: string;
  school_id: string | null;
  change_idea_id: string | null;
  change_idea_text: string | null;
  measure_id: string | null;
  previous_cycle_id: string | null;
  prediction: string;
  who: string;
  what: string;
  test_date: string | null;
  data_plan: string;
  what_happened: string;
  surprises: string;
  study: string;
  decision: 'adopt' | 'adapt' | 'abandon' | null;
  act_notes: string;
  updated_at: string | null;
};

/** A PDSA cycle with what its team wrote (empty until they write). */
export async function findPdsa(tx: Q, cycleId: string): Promise<PdsaRow | null> {
  const { rows } = await tx.execute<PdsaRow>(sql`
    select c.id as cycle_id, c.title, c.community_id, p.school_id, c.change_idea_id, d.text as change_idea_text,
           p.measure_id, c.previous_cycle_id,
           coalesce(p.prediction, '') as prediction, coalesce(p.who, '') as who, coalesce(p.what, '') as what,
           p.test_date::text as test_date, coalesce(p.data_plan, '') as data_plan,
           coalesce(p.what_happened, '') as what_happened, coalesce(p.surprises, '') as surprises,
           coalesce(p.study, '') as study, c.decision, coalesce(p.act_notes, '') as act_notes,
           ${isoTs('p.updated_at')} as updated_at
      from inquiry_cycles c
      left join improvement_pdsa_cycles p on p.cycle_id = c.id
      left join improvement_drivers d on d.id = c.change_idea_id
     where c.id = ${cycleId}`);
  return rows[0] ?? null;
}

export type PdsaWrite = Omit<
  PdsaRow,
  | 'cycle_id'
  | 'title'
  | 'community_id'
  | 'change_idea_text'
  | 'updated_at'
  | 'change_idea_id'
  | 'previous_cycle_id'
  | 'decision'
>;

export async function savePdsa(tx: Tx, cycleId: string, userId: string, p: PdsaWrite): Promise<void> {
  await tx.execute(sql`
    insert into improvement_pdsa_cycles (cycle_id, school_id, measure_id, prediction, who, what, test_date, data_plan,
                                         what_happened, surprises, study, act_notes, updated_by)
    values (${cycleId}, ${p.school_id}, ${p.measure_id}, ${p.prediction}, ${p.who}, ${p.what}, ${p.test_date},
            ${p.data_plan}, ${p.what_happened}, ${p.surprises}, ${p.study}, ${p.act_notes}, ${userId})
    on conflict (cycle_id) do update
      set school_id = excluded.school_id, measure_id = excluded.measure_id, prediction = excluded.prediction,
          who = excluded.who, what = excluded.what, test_date = excluded.test_date, data_plan = excluded.data_plan,
          what_happened = excluded.what_happened, surprises = excluded.surprises, study = excluded.study,
          act_notes = excluded.act_notes, updated_by = excluded.updated_by, updated_at = now()`);
}

/** A change idea of the community's aim, with the secondary driver it sits under, or null. */
export async function findChangeIdea(
  tx: Q,
  communityId: string,
  id: string,
): Promise<{ id: string; text: string; aim_id: string; aim_label: string } | null> {
  const { rows } = await tx.execute<{ id: string; text: string; aim_id: string; aim_label: string }>(sql`
    select d.id, d.text, a.id as aim_id, a.what as aim_label from improvement_drivers d
      join improvement_aims a on a.id = d.aim_id
     where d.id = ${id} and d.kind = 'change_idea' and a.community_id = ${communityId}`);
  return rows[0] ?? null;
}

export async function listChangeIdeas(
  tx: Q,
  communityId: string,
): Promise<Array<{ id: string; text: string; secondary: string }>> {
  const { rows } = await tx.execute<{ id: string; text: string; secondary: string }>(sql`
    select d.id, d.text, s.text as secondary from improvement_drivers d
      join improvement_aims a on a.id = d.aim_id
      join improvement_drivers s on s.id = d.parent_id
      join improvement_drivers p on p.id = s.parent_id
     where a.community_id = ${communityId} and d.kind = 'change_idea'
     order by p.position, s.position, d.position`);
  return rows;
}

/** The community's PDSA cycles the viewer may read, but this one. */
export async function listReadablePdsaCycles(
  tx: Q,
  communityId: string,
  exceptId: string,
  readable: SQL,
): Promise<Array<{ id: string; title: string }>> {
  const { rows } = await tx.execute<{ id: string; title: string }>(sql`
    select c.id, c.title from inquiry_cycles c
     where c.community_id = ${communityId} and c.kind = 'pdsa' and c.id <> ${exceptId} and ${readable}
     order by c.created_at desc limit 200`);
  return rows;
}

/** Whether `candidate` follows from `cycleId` (directly or down the ramp): linking back would loop. */
export async function followsFrom(tx: Q, candidate: string, cycleId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ found: boolean }>(sql`
    with recursive back(id, previous_cycle_id, depth) as (
      select id, previous_cycle_id, 0 from inquiry_cycles where id = ${candidate}
      union all
      select c.id, c.previous_cycle_id, b.depth + 1 from inquiry_cycles c join back b on c.id = b.previous_cycle_id
       where b.depth < 100
    )
    select exists (select 1 from back where id = ${cycleId}) as found`);
  return rows[0].found;
}

/** The ramp of PDSA cycles this one belongs to, first to last (a chain through `previous_cycle_id`). */
export async function listRamp(
  tx: Q,
  cycleId: string,
  readable: SQL,
): Promise<
  Array<{ id: string; title: string; decision: 'adopt' | 'adapt' | 'abandon' | null; readable: boolean }>
> {
  const { rows } = await tx.execute<{
    id: string;
    title: string;
    decision: 'adopt' | 'adapt' | 'abandon' | null;
    readable: boolean;
    step: number;
  }>(sql`
    with recursive back(id, previous_cycle_id, step) as (
      select id, previous_cycle_id, 0 from inquiry_cycles where id = ${cycleId}
      union all
      select c.id, c.previous_cycle_id, b.step - 1 from inquiry_cycles c join back b on c.id = b.previous_cycle_id
       where b.step > -50
    ), forward(id, step) as (
      select id, 0 from inquiry_cycles where id = ${cycleId}
      union all
      select c.id, f.step + 1 from inquiry_cycles c join forward f on c.previous_cycle_id = f.id where f.step < 50
    ), ramp as (select id, step from back union select id, step from forward)
    select c.id, c.title, c.decision, ${readable} as readable, r.step
      from ramp r join inquiry_cycles c on c.id = r.id
     order by r.step, c.created_at`);
  return rows;
}
