/**
 * All SQL of coaching cycles. Lists apply the cycle rule in SQL (policy.ts): a row of a cycle the
 * viewer is not in never leaves the database.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { reachable } from '#server/features/profiles/index.ts';
import type {
  CoachingAction,
  CoachingComment,
  CoachingCycleSummary,
  CoachingMember,
  CoachingPhase,
  CoachingRole,
  Conference,
  ConferenceKind,
  FocusKind,
  LogSession,
  LogSessionKind,
  ObservationKind,
  ObservationNote,
  ObservationSummary,
  Person,
  Rubric,
  RubricRow,
} from '#shared/contracts/coaching.ts';
import { readableCoachingCycleSql } from './policy.ts';

type Db = Pick<Tx, 'execute'>;
type Viewer = { userId: string };

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

type PersonCols = { id: string; name: string; district_name: string | null };
const person = (id: string, name: string, districtName: string | null): Person => ({
  id,
  name,
  districtName,
});

// ─── People ───────────────────────────────────────────────────────────────────────────────────────

/** Of these people, those the viewer may invite: active, in their district or one sharing a network. */
export async function reachablePeople(
  tx: Db,
  viewer: { districtId: string; networkIds: string[] },
  userIds: string[],
): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const { rows } = await tx.execute<{ id: string }>(sql`
    select u.id from users u
     where u.id = any(${sql.param(userIds)}::uuid[]) and ${reachable(viewer.districtId, viewer.networkIds)}`);
  return new Set(rows.map((r) => r.id));
}

export async function namesOf(tx: Db, userIds: string[]): Promise<Map<string, string>> {
  if (!userIds.length) return new Map();
  const { rows } = await tx.execute<{ id: string; name: string }>(
    sql`select id, name from users where id = any(${sql.param(userIds)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ─── Rubrics ──────────────────────────────────────────────────────────────────────────────────────

export async function insertRubric(
  tx: Db,
  rubric: { id: string; districtId: string; title: string; description: string; createdBy: string },
  rows: RubricRowInsert[],
): Promise<void> {
  await tx.execute(sql`
    insert into coaching_rubrics (id, district_id, title, description, created_by, updated_by)
    values (${rubric.id}, ${rubric.districtId}, ${rubric.title}, ${rubric.description}, ${rubric.createdBy},
            ${rubric.createdBy})`);
  await insertRubricRows(tx, rubric.id, 1, rows);
}

type RubricRowInsert = { id: string; domain: string; code: string; title: string; description: string };

async function insertRubricRows(tx: Db, rubricId: string, version: number, rows: RubricRowInsert[]) {
  await tx.execute(sql`
    insert into coaching_rubric_rows (id, rubric_id, version, domain, code, title, description, position)
    select r.id, ${rubricId}::uuid, ${version}::int, r.domain, r.code, r.title, r.description, r.position
      from jsonb_to_recordset(${JSON.stringify(rows.map((row, position) => ({ ...row, position })))}::jsonb)
           as r(id uuid, domain text, code text, title text, description text, position int)`);
}

/**
 * A rubric edited in place (decision 092): the next version's title, description and rows, the
 * earlier rows kept for the cycles that took them. Null when the rubric is not the district's or
 * has moved past `fromVersion` (someone else edited it meanwhile).
 */
export async function editRubric(
  tx: Db,
  args: {
    id: string;
    districtId: string;
    fromVersion: number;
    title: string;
    description: string;
    by: string;
    rows: RubricRowInsert[];
  },
): Promise<number | null> {
  const { rows } = await tx.execute<{ version: number }>(sql`
    update coaching_rubrics set version = version + 1, title = ${args.title}, description = ${args.description},
           updated_by = ${args.by}, updated_at = now()
     where id = ${args.id} and district_id = ${args.districtId} and version = ${args.fromVersion}
    returning version`);
  const version = rows[0]?.version;
  if (version === undefined) return null;
  await insertRubricRows(tx, args.id, version, args.rows);
  return version;
}

/** The rubric's version as it stands, when it is the district's. */
export async function rubricVersionOf(tx: Db, id: string, districtId: string): Promise<number | null> {
  const { rows } = await tx.execute<{ version: number }>(sql`
    select version from coaching_rubrics where id = ${id} and district_id = ${districtId}`);
  return rows[0]?.version ?? null;
}

/**
 * A district's rubrics as they stand, with their rows in order; or one rubric at an earlier
 * `version` (its rows as they were, its title as it is).
 */
export async function listRubrics(
  tx: Db,
  districtId: string,
  rubricId?: string,
  version?: number,
): Promise<Rubric[]> {
  const { rows } = await tx.execute<{
    id: string;
    district_id: string;
    title: string;
    description: string;
    version: number;
    current: boolean;
    rows: RubricRow[];
  }>(sql`
    select r.id, r.district_id, r.title, r.description, v.version, v.version = r.version as current,
           coalesce((select jsonb_agg(jsonb_build_object('id', w.id, 'domain', w.domain, 'code', w.code,
                       'title', w.title, 'description', w.description) order by w.position)
                       from coaching_rubric_rows w where w.rubric_id = r.id and w.version = v.version), '[]'::jsonb) as rows
      from coaching_rubrics r
     cross join lateral (select ${version ?? null}::int as asked) a
     cross join lateral (select coalesce(a.asked, r.version) as version) v
     where r.district_id = ${districtId} ${rubricId ? sql`and r.id = ${rubricId}` : sql``}
       and v.version <= r.version
     order by r.created_at, r.id`);
  return rows.map((r) => ({
    id: r.id,
    districtId: r.district_id,
    title: r.title,
    description: r.description,
    version: r.version,
    current: r.current,
    rows: r.rows,
  }));
}

/**
 * A rubric row with its rubric's district, as a focus names it: `2b Culture for learning`, and
 * whether it is of the rubric as it stands (a new focus must be; a cycle keeps an earlier one).
 */
export async function findRubricRow(
  tx: Db,
  rowId: string,
): Promise<{ id: string; district_id: string; label: string; current: boolean } | null> {
  const { rows } = await tx.execute<{ id: string; district_id: string; label: string; current: boolean }>(sql`
    select w.id, r.district_id, trim(w.code || ' ' || w.title) as label, w.version = r.version as current
      from coaching_rubric_rows w join coaching_rubrics r on r.id = w.rubric_id
     where w.id = ${rowId}`);
  return rows[0] ?? null;
}

// ─── Cycles and members ───────────────────────────────────────────────────────────────────────────

export interface CycleInsert {
  id: string;
  teacherId: string;
  districtId: string;
  title: string;
  focusKind: FocusKind;
  focusLabel: string;
  competencyId: string | null;
  rubricRowId: string | null;
}

export async function insertCycle(tx: Db, c: CycleInsert): Promise<void> {
  await tx.execute(sql`
    insert into coaching_cycles (id, teacher_id, district_id, title, focus_kind, focus_label, competency_id, rubric_row_id)
    values (${c.id}, ${c.teacherId}, ${c.districtId}, ${c.title}, ${c.focusKind}, ${c.focusLabel},
            ${c.competencyId}, ${c.rubricRowId})`);
}

export async function updateCycle(
  tx: Db,
  cycleId: string,
  patch: {
    title?: string;
    phase?: CoachingPhase;
    focus?: { kind: FocusKind; label: string; competencyId: string | null; rubricRowId: string | null };
  },
): Promise<void> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (patch.title !== undefined) sets.push(sql`title = ${patch.title}`);
  if (patch.phase !== undefined) sets.push(sql`phase = ${patch.phase}`);
  if (patch.focus)
    sets.push(sql`focus_kind = ${patch.focus.kind}, focus_label = ${patch.focus.label},
      competency_id = ${patch.focus.competencyId}, rubric_row_id = ${patch.focus.rubricRowId}`);
  await tx.execute(sql`update coaching_cycles set ${sql.join(sets, sql`, `)} where id = ${cycleId}`);
}

export async function touchCycle(tx: Db, cycleId: string): Promise<void> {
  await tx.execute(sql`update coaching_cycles set updated_at = now() where id = ${cycleId}`);
}

/** Adds people to a cycle; someone already in it keeps their role. Returns those added. */
export async function addMembers(
  tx: Db,
  cycleId: string,
  members: { userId: string; role: CoachingRole }[],
  invitedBy: string | null,
): Promise<string[]> {
  if (!members.length) return [];
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    insert into coaching_cycle_members (cycle_id, user_id, role, invited_by)
    select ${cycleId}::uuid, m.user_id, m.role, ${invitedBy}::uuid
      from jsonb_to_recordset(${JSON.stringify(members.map((m) => ({ user_id: m.userId, role: m.role })))}::jsonb)
           as m(user_id uuid, role text)
    on conflict (cycle_id, user_id) do nothing
    returning user_id`);
  return rows.map((r) => r.user_id);
}

export async function removeMember(tx: Db, cycleId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    delete from coaching_cycle_members where cycle_id = ${cycleId} and user_id = ${userId} and role <> 'teacher'
    returning user_id`);
  return rows.length > 0;
}

export async function memberIds(tx: Db, cycleId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ user_id: string }>(
    sql`select user_id from coaching_cycle_members where cycle_id = ${cycleId}`,
  );
  return rows.map((r) => r.user_id);
}

export async function listMembers(tx: Db, cycleId: string): Promise<CoachingMember[]> {
  const { rows } = await tx.execute<PersonCols & { role: CoachingRole }>(sql`
    select u.id, u.name, d.name as district_name, m.role
      from coaching_cycle_members m join users u on u.id = m.user_id
      left join organizations d on d.id = u.district_id
     where m.cycle_id = ${cycleId}
     order by (m.role = 'teacher') desc, m.role, u.name, u.id`);
  return rows.map((r) => ({ ...person(r.id, r.name, r.district_name), role: r.role }));
}

type SummaryRow = {
  id: string;
  title: string;
  teacher_id: string;
  teacher_name: string;
  teacher_district: string | null;
  focus_kind: FocusKind;
  focus_label: string;
  competency_id: string | null;
  rubric_row_id: string | null;
  phase: CoachingPhase;
  my_role: CoachingRole;
  open_actions: number;
  overdue_actions: number;
  next_due_on: string | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
};

/** A cycle's columns as lists and pages show it, joined to the viewer's member row `m`. */
const summaryFrom = (viewer: Viewer) => sql`
  select c.id, c.title, c.teacher_id, tu.name as teacher_name, td.name as teacher_district,
         c.focus_kind, c.focus_label, c.competency_id, c.rubric_row_id, c.phase, m.role as my_role,
         a.open_actions, a.overdue_actions, a.next_due_on, c.created_at, c.updated_at, c.created_at::text as cursor_at
    from coaching_cycles c
    join coaching_cycle_members m on m.cycle_id = c.id and m.user_id = ${viewer.userId}
    join users tu on tu.id = c.teacher_id
    left join organizations td on td.id = tu.district_id
    cross join lateral (
      select count(*)::int as open_actions,
             count(*) filter (where x.due_on < current_date)::int as overdue_actions,
             min(x.due_on)::text as next_due_on
        from coaching_actions x where x.cycle_id = c.id and x.done_at is null) a`;

export function presentSummary(r: SummaryRow): CoachingCycleSummary {
  return {
    id: r.id,
    title: r.title,
    teacher: person(r.teacher_id, r.teacher_name, r.teacher_district),
    focus: {
      kind: r.focus_kind,
      label: r.focus_label,
      competencyId: r.competency_id,
      rubricRowId: r.rubric_row_id,
    },
    phase: r.phase,
    myRole: r.my_role,
    openActions: r.open_actions,
    overdueActions: r.overdue_actions,
    nextDueOn: r.next_due_on,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function findCycle(tx: Db, viewer: Viewer, cycleId: string): Promise<SummaryRow | null> {
  const { rows } = await tx.execute<SummaryRow>(sql`${summaryFrom(viewer)} where c.id = ${cycleId}`);
  return rows[0] ?? null;
}

export interface CycleFilters {
  role?: 'mine' | 'invited';
  open?: boolean;
  before?: { at: string; id: string };
  limit: number;
}

/** The viewer's cycles, newest first, a page at a time (one past the limit). */
export async function listCycles(tx: Db, viewer: Viewer, f: CycleFilters): Promise<SummaryRow[]> {
  const where: SQL[] = [readableCoachingCycleSql(viewer, 'c')];
  if (f.role === 'mine') where.push(sql`m.role = 'teacher'`);
  if (f.role === 'invited') where.push(sql`m.role <> 'teacher'`);
  if (f.open === true) where.push(sql`c.phase <> 'completed'`);
  if (f.open === false) where.push(sql`c.phase = 'completed'`);
  if (f.before) where.push(sql`(c.created_at, c.id) < (${f.before.at}::timestamptz, ${f.before.id}::uuid)`);
  const { rows } = await tx.execute<SummaryRow>(sql`
    ${summaryFrom(viewer)}
     where ${sql.join(where, sql` and `)}
     order by c.created_at desc, c.id desc
     limit ${f.limit + 1}`);
  return rows;
}

/** A coach's caseload in numbers: teachers with an open cycle they were invited into, those cycles, overdue actions. */
export async function caseloadTotals(
  tx: Db,
  viewer: Viewer,
): Promise<{ teachers: number; openCycles: number; overdueActions: number }> {
  const { rows } = await tx.execute<{ teachers: number; open_cycles: number; overdue_actions: number }>(sql`
    select count(distinct c.teacher_id)::int as teachers, count(*)::int as open_cycles,
           coalesce(sum((select count(*) from coaching_actions x
                          where x.cycle_id = c.id and x.done_at is null and x.due_on < current_date)), 0)::int
             as overdue_actions
      from coaching_cycle_members m join coaching_cycles c on c.id = m.cycle_id
     where m.user_id = ${viewer.userId} and m.role <> 'teacher' and c.phase <> 'completed'`);
  const r = rows[0];
  return { teachers: r.teachers, openCycles: r.open_cycles, overdueActions: r.overdue_actions };
}

// ─── Conferences ──────────────────────────────────────────────────────────────────────────────────

export async function upsertConference(
  tx: Db,
  c: {
    id: string;
    cycleId: string;
    kind: ConferenceKind;
    heldOn: string;
    minutes: number;
    goal: string;
    lookFors: string;
    notes: string;
    updatedBy: string;
  },
): Promise<{ created: boolean }> {
  const { rows } = await tx.execute<{ created: boolean }>(sql`
    insert into coaching_conferences (id, cycle_id, kind, held_on, minutes, goal, look_fors, notes, updated_by)
    values (${c.id}, ${c.cycleId}, ${c.kind}, ${c.heldOn}, ${c.minutes}, ${c.goal}, ${c.lookFors}, ${c.notes}, ${c.updatedBy})
    on conflict (cycle_id, kind) do update
       set held_on = excluded.held_on, minutes = excluded.minutes, goal = excluded.goal,
           look_fors = excluded.look_fors, notes = excluded.notes, updated_by = excluded.updated_by, updated_at = now()
    returning (xmax = 0) as created`);
  return { created: rows[0].created };
}

export async function listConferences(tx: Db, cycleId: string): Promise<Conference[]> {
  const { rows } = await tx.execute<{
    kind: ConferenceKind;
    held_on: string;
    minutes: number;
    goal: string;
    look_fors: string;
    notes: string;
    updated_at: Date;
  }>(sql`
    select kind, held_on::text as held_on, minutes, goal, look_fors, notes, updated_at
      from coaching_conferences where cycle_id = ${cycleId} order by kind desc`);
  return rows.map((r) => ({
    kind: r.kind,
    heldOn: r.held_on,
    minutes: r.minutes,
    goal: r.goal,
    lookFors: r.look_fors,
    notes: r.notes,
    updatedAt: iso(r.updated_at),
  }));
}

export async function lookForsOf(tx: Db, cycleId: string): Promise<string> {
  const { rows } = await tx.execute<{ look_fors: string }>(
    sql`select look_fors from coaching_conferences where cycle_id = ${cycleId} and kind = 'pre'`,
  );
  return rows[0]?.look_fors ?? '';
}

// ─── Observations ─────────────────────────────────────────────────────────────────────────────────

export async function insertObservation(
  tx: Db,
  o: {
    id: string;
    cycleId: string;
    observerId: string;
    kind: ObservationKind;
    title: string;
    videoId: string | null;
    startedAt: string | null;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into coaching_observations (id, cycle_id, observer_id, kind, title, video_id, started_at)
    values (${o.id}, ${o.cycleId}, ${o.observerId}, ${o.kind}, ${o.title}, ${o.videoId},
            coalesce(${o.startedAt}::timestamptz, now()))`);
}

type ObservationRow = PersonCols & {
  obs_id: string;
  cycle_id: string;
  kind: ObservationKind;
  title: string;
  video_id: string | null;
  started_at: Date;
  minutes: number | null;
  completed_at: Date | null;
  note_count: number;
  observer_id: string;
};

const observationSelect = sql`
  select o.id as obs_id, o.cycle_id, o.kind, o.title, o.video_id, o.started_at, o.minutes, o.completed_at,
         o.observer_id, u.id, u.name, d.name as district_name,
         (select count(*)::int from coaching_observation_notes n where n.observation_id = o.id) as note_count
    from coaching_observations o join users u on u.id = o.observer_id
    left join organizations d on d.id = u.district_id`;

export const presentObservation = (r: ObservationRow): ObservationSummary => ({
  id: r.obs_id,
  kind: r.kind,
  title: r.title,
  observer: person(r.id, r.name, r.district_name),
  videoId: r.video_id,
  startedAt: iso(r.started_at),
  minutes: r.minutes,
  completedAt: isoOrNull(r.completed_at),
  noteCount: r.note_count,
});

export async function findObservation(tx: Db, observationId: string): Promise<ObservationRow | null> {
  const { rows } = await tx.execute<ObservationRow>(sql`${observationSelect} where o.id = ${observationId}`);
  return rows[0] ?? null;
}

export async function listObservations(tx: Db, cycleId: string): Promise<ObservationSummary[]> {
  const { rows } = await tx.execute<ObservationRow>(
    sql`${observationSelect} where o.cycle_id = ${cycleId} order by o.started_at, o.id`,
  );
  return rows.map(presentObservation);
}

export async function videoIdsOf(tx: Db, cycleId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ video_id: string }>(sql`
    select distinct video_id from coaching_observations where cycle_id = ${cycleId} and video_id is not null`);
  return rows.map((r) => r.video_id);
}

/** Completes an observation once; false when it already was. */
export async function completeObservation(tx: Db, observationId: string, minutes: number): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    update coaching_observations set minutes = ${minutes}, completed_at = now()
     where id = ${observationId} and completed_at is null returning id`);
  return rows.length > 0;
}

/** Keeps a note sent under its device-made id once; false when that id is another observation's or author's. */
export async function upsertNote(
  tx: Db,
  n: {
    id: string;
    observationId: string;
    authorId: string;
    body: string;
    observedAt: string | null;
    videoSeconds: number | null;
    focusTagged: boolean;
  },
): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    insert into coaching_observation_notes (id, observation_id, author_id, body, observed_at, video_seconds, focus_tagged)
    values (${n.id}, ${n.observationId}, ${n.authorId}, ${n.body}, coalesce(${n.observedAt}::timestamptz, now()),
            ${n.videoSeconds}, ${n.focusTagged})
    on conflict (id) do update set body = excluded.body, focus_tagged = excluded.focus_tagged,
           video_seconds = excluded.video_seconds, observed_at = excluded.observed_at
     where coaching_observation_notes.observation_id = excluded.observation_id
       and coaching_observation_notes.author_id = excluded.author_id
    returning id`);
  return rows.length > 0;
}

export async function deleteNote(tx: Db, observationId: string, noteId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    delete from coaching_observation_notes where id = ${noteId} and observation_id = ${observationId} returning id`);
  return rows.length > 0;
}

export async function listNotes(tx: Db, observationId: string): Promise<ObservationNote[]> {
  const { rows } = await tx.execute<
    PersonCols & {
      note_id: string;
      body: string;
      observed_at: Date;
      video_seconds: number | null;
      focus_tagged: boolean;
    }
  >(sql`
    select n.id as note_id, n.body, n.observed_at, n.video_seconds, n.focus_tagged, u.id, u.name, d.name as district_name
      from coaching_observation_notes n join users u on u.id = n.author_id
      left join organizations d on d.id = u.district_id
     where n.observation_id = ${observationId}
     order by coalesce(n.video_seconds, 0), n.observed_at, n.id`);
  return rows.map((r) => ({
    id: r.note_id,
    author: person(r.id, r.name, r.district_name),
    body: r.body,
    observedAt: iso(r.observed_at),
    videoSeconds: r.video_seconds,
    focusTagged: r.focus_tagged,
  }));
}

// ─── Actions ──────────────────────────────────────────────────────────────────────────────────────

type ActionRow = PersonCols & {
  action_id: string;
  cycle_id: string;
  cycle_title: string;
  title: string;
  due_on: string;
  done_at: Date | null;
  overdue: boolean;
};

const actionSelect = sql`
  select x.id as action_id, x.cycle_id, c.title as cycle_title, x.title, x.due_on::text as due_on, x.done_at,
         (x.done_at is null and x.due_on < current_date) as overdue, u.id, u.name, d.name as district_name
    from coaching_actions x join coaching_cycles c on c.id = x.cycle_id
    join users u on u.id = x.owner_id left join organizations d on d.id = u.district_id`;

const presentAction = (r: ActionRow): CoachingAction => ({
  id: r.action_id,
  cycleId: r.cycle_id,
  cycleTitle: r.cycle_title,
  title: r.title,
  owner: person(r.id, r.name, r.district_name),
  dueOn: r.due_on,
  doneAt: isoOrNull(r.done_at),
  overdue: r.overdue,
});

export async function insertAction(
  tx: Db,
  a: { id: string; cycleId: string; title: string; ownerId: string; dueOn: string; createdBy: string },
): Promise<void> {
  await tx.execute(sql`
    insert into coaching_actions (id, cycle_id, title, owner_id, due_on, created_by)
    values (${a.id}, ${a.cycleId}, ${a.title}, ${a.ownerId}, ${a.dueOn}, ${a.createdBy})`);
}

export async function findAction(tx: Db, actionId: string): Promise<CoachingAction | null> {
  const { rows } = await tx.execute<ActionRow>(sql`${actionSelect} where x.id = ${actionId}`);
  return rows[0] ? presentAction(rows[0]) : null;
}

export async function updateAction(
  tx: Db,
  actionId: string,
  patch: { title?: string; ownerId?: string; dueOn?: string; done?: boolean },
): Promise<void> {
  const sets: SQL[] = [];
  if (patch.title !== undefined) sets.push(sql`title = ${patch.title}`);
  if (patch.ownerId !== undefined) sets.push(sql`owner_id = ${patch.ownerId}`);
  if (patch.dueOn !== undefined) sets.push(sql`due_on = ${patch.dueOn}`);
  if (patch.done === true) sets.push(sql`done_at = coalesce(done_at, now())`);
  if (patch.done === false) sets.push(sql`done_at = null`);
  if (!sets.length) return;
  await tx.execute(sql`update coaching_actions set ${sql.join(sets, sql`, `)} where id = ${actionId}`);
}

export async function deleteAction(tx: Db, actionId: string): Promise<void> {
  await tx.execute(sql`delete from coaching_actions where id = ${actionId}`);
}

export async function listCycleActions(tx: Db, cycleId: string): Promise<CoachingAction[]> {
  const { rows } = await tx.execute<ActionRow>(
    sql`${actionSelect} where x.cycle_id = ${cycleId} order by (x.done_at is not null), x.due_on, x.id`,
  );
  return rows.map(presentAction);
}

/** The viewer's open actions in cycles they are still in, soonest first: what home shows. */
export async function listMyOpenActions(tx: Db, viewer: Viewer, limit: number): Promise<CoachingAction[]> {
  const { rows } = await tx.execute<ActionRow>(sql`
    ${actionSelect}
     where x.owner_id = ${viewer.userId} and x.done_at is null and ${readableCoachingCycleSql(viewer, 'c')}
     order by x.due_on, x.id limit ${limit}`);
  return rows.map(presentAction);
}

// ─── Comments ─────────────────────────────────────────────────────────────────────────────────────

export async function insertComment(
  tx: Db,
  c: { id: string; cycleId: string; authorId: string; body: string },
): Promise<void> {
  await tx.execute(sql`
    insert into coaching_comments (id, cycle_id, author_id, body) values (${c.id}, ${c.cycleId}, ${c.authorId}, ${c.body})`);
}

/** A cycle's comments, oldest first, a page at a time (one past the limit). */
export async function listComments(
  tx: Db,
  cycleId: string,
  after: { at: string; id: string } | null,
  limit: number,
): Promise<(CoachingComment & { cursorAt: string })[]> {
  const { rows } = await tx.execute<
    PersonCols & { comment_id: string; body: string; created_at: Date; cursor_at: string }
  >(sql`
    select k.id as comment_id, k.body, k.created_at, k.created_at::text as cursor_at, u.id, u.name, d.name as district_name
      from coaching_comments k join users u on u.id = k.author_id left join organizations d on d.id = u.district_id
     where k.cycle_id = ${cycleId}
       ${after ? sql`and (k.created_at, k.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
     order by k.created_at, k.id limit ${limit + 1}`);
  return rows.map((r) => ({
    id: r.comment_id,
    author: person(r.id, r.name, r.district_name),
    body: r.body,
    createdAt: iso(r.created_at),
    cursorAt: r.cursor_at,
  }));
}

// ─── Coaching log ─────────────────────────────────────────────────────────────────────────────────

/**
 * The sessions a person gave as a coach or peer: the conferences of cycles they were invited into and
 * the observations they completed in them.
 */
const sessionsOf = (viewer: Viewer) => sql`
  select f.id, case f.kind when 'pre' then 'pre_conference' else 'post_conference' end as kind,
         c.id as cycle_id, c.title as cycle_title, c.teacher_id, c.focus_label, f.held_on as on_day,
         f.minutes, f.updated_at as at
    from coaching_conferences f
    join coaching_cycles c on c.id = f.cycle_id
    join coaching_cycle_members m on m.cycle_id = c.id and m.user_id = ${viewer.userId} and m.role <> 'teacher'
  union all
  select o.id, 'observation', c.id, c.title, c.teacher_id, c.focus_label, (o.started_at at time zone 'UTC')::date,
         o.minutes, o.started_at
    from coaching_observations o
    join coaching_cycles c on c.id = o.cycle_id
    join coaching_cycle_members m on m.cycle_id = c.id and m.user_id = ${viewer.userId} and m.role <> 'teacher'
   where o.observer_id = ${viewer.userId} and o.completed_at is not null`;

export async function listLogSessions(
  tx: Db,
  viewer: Viewer,
  before: { day: string; id: string } | null,
  limit: number,
): Promise<LogSession[]> {
  const { rows } = await tx.execute<
    PersonCols & {
      session_id: string;
      kind: LogSessionKind;
      cycle_id: string;
      cycle_title: string;
      focus_label: string;
      on_day: string;
      minutes: number;
    }
  >(sql`
    select s.id as session_id, s.kind, s.cycle_id, s.cycle_title, s.focus_label, s.on_day::text as on_day, s.minutes,
           u.id, u.name, d.name as district_name
      from (${sessionsOf(viewer)}) s join users u on u.id = s.teacher_id left join organizations d on d.id = u.district_id
     ${before ? sql`where (s.on_day, s.id) < (${before.day}::date, ${before.id}::uuid)` : sql``}
     order by s.on_day desc, s.id desc limit ${limit + 1}`);
  return rows.map((r) => ({
    id: r.session_id,
    kind: r.kind,
    cycleId: r.cycle_id,
    cycleTitle: r.cycle_title,
    teacher: person(r.id, r.name, r.district_name),
    focusLabel: r.focus_label,
    on: r.on_day,
    minutes: r.minutes,
  }));
}

export async function logTotals(tx: Db, viewer: Viewer) {
  const { rows } = await tx.execute<{
    sessions: number;
    minutes: number;
    teachers: number;
    focus_areas: { label: string; sessions: number }[];
  }>(sql`
    with s as (${sessionsOf(viewer)})
    select (select count(*)::int from s) as sessions,
           (select coalesce(sum(minutes), 0)::int from s) as minutes,
           (select count(distinct teacher_id)::int from s) as teachers,
           coalesce((select jsonb_agg(jsonb_build_object('label', label, 'sessions', n) order by n desc, label)
                       from (select focus_label as label, count(*)::int as n from s group by focus_label) g), '[]'::jsonb)
             as focus_areas`);
  const r = rows[0];
  return { sessions: r.sessions, minutes: r.minutes, teachers: r.teachers, focusAreas: r.focus_areas };
}

/** The teacher as a statement recorded for them names them: their name, district and main school. */
export async function teacherContext(
  tx: Db,
  userId: string,
): Promise<{ userId: string; name: string; districtId: string; schoolId: string | null }> {
  const { rows } = await tx.execute<{ name: string; district_id: string; school_id: string | null }>(sql`
    select u.name, u.district_id, (select p.school_id from profiles p where p.user_id = u.id) as school_id
      from users u where u.id = ${userId}`);
  const r = rows[0];
  return { userId, name: r.name, districtId: r.district_id, schoolId: r.school_id };
}
