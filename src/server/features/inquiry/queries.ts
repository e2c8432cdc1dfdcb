/**
 * All SQL of the inquiry feature's core (cycles, members, phases, templates, Study and Reflect).
 * Lists apply the cycle policy in SQL (policy.ts), so no cycle a viewer may not see leaves the database.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import type {
  CycleDecision,
  CycleKind,
  CycleMemberView,
  CycleStatus,
  PhaseKey,
  PhaseView,
  ReadingView,
  ReflectionRole,
  RemarkView,
  TemplateBase,
  TemplatePhase,
} from '#shared/contracts/inquiry.ts';
import { visibleSharedSql, type Viewer as ResourceViewer } from '#server/features/resources/index.ts';
import { readableCycleSql } from './policy.ts';

/** How a reading of a resource the viewer may not open is named to them. */
export const HIDDEN_READING = 'A resource you may not open';
import type { CycleTemplate } from './templates.ts';

type Viewer = Pick<Actor, 'userId'>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export type CycleRow = {
  id: string;
  kind: CycleKind;
  title: string;
  status: CycleStatus;
  community_id: string;
  community_name: string;
  network_id: string | null;
  district_id: string | null;
  facilitator_id: string;
  template_base: TemplateBase;
  template_id: string | null;
  subjects: string[];
  current_phase: PhaseKey;
  current_phase_title: string;
  starts_on: string;
  ends_on: string;
  member_count: number;
  aim_id: string | null;
  aim_label: string | null;
  change_idea_id: string | null;
  change_idea_label: string | null;
  decision: CycleDecision | null;
  previous_cycle_id: string | null;
  findings_resource_id: string | null;
  published_at: Date | null;
  created_at: Date;
  /** created_at as PostgreSQL prints it, microseconds kept, for the keyset cursor. */
  cursor_at: string;
  readable: boolean;
};

/** The columns of a cycle as lists and pages show it; `readable` is the viewer's access in SQL. */
const cycleColumns = (viewer: Viewer) => sql`
  c.id, c.kind, c.title, c.status, c.community_id, co.name as community_name, c.network_id, c.district_id,
  c.facilitator_id, c.template_base, c.template_id, c.subjects, c.current_phase,
  coalesce((select p.title from inquiry_cycle_phases p where p.cycle_id = c.id and p.key = c.current_phase), c.current_phase)
    as current_phase_title,
  c.starts_on::text as starts_on, c.ends_on::text as ends_on, c.member_count, c.aim_id, c.aim_label,
  c.change_idea_id, c.change_idea_label, c.decision, c.previous_cycle_id, c.findings_resource_id,
  c.published_at, c.created_at, c.created_at::text as cursor_at, ${readableCycleSql(viewer, 'c')} as readable`;

export function presentSummary(row: CycleRow) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    communityId: row.community_id,
    communityName: row.community_name,
    subjects: row.subjects,
    currentPhase: row.current_phase,
    currentPhaseTitle: row.current_phase_title,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    memberCount: row.member_count,
    aimId: row.aim_id,
    aimLabel: row.aim_label,
    changeIdeaId: row.change_idea_id,
    changeIdeaLabel: row.change_idea_label,
    decision: row.decision,
    findingsResourceId: row.findings_resource_id,
    publishedAt: iso(row.published_at),
    readable: row.readable,
  };
}

export async function findCycle(
  tx: Tx,
  viewer: Viewer,
  cycleId: string,
  lock = false,
): Promise<CycleRow | null> {
  if (lock) await tx.execute(sql`select 1 from inquiry_cycles where id = ${cycleId} for no key update`);
  const { rows } = await tx.execute<CycleRow>(sql`
    select ${cycleColumns(viewer)}
      from inquiry_cycles c join communities co on co.id = c.community_id
     where c.id = ${cycleId}`);
  return rows[0] ?? null;
}

export type CyclePageRow = CycleRow & {
  my_role: 'facilitator' | 'member' | null;
  community_facilitator: boolean;
  phases: PhaseView[];
  members: CycleMemberView[];
};

/**
 * A cycle's page in one named statement (decision 068): the cycle as findCycle reads it, the viewer's
 * member row and whether they facilitate its community (for the access check Node makes, as
 * cycleAccess), and its phases and team as listPhases and listCycleMembers present them, as JSON.
 */
export async function findCyclePage(db: Db, viewer: Viewer, cycleId: string): Promise<CyclePageRow | null> {
  const rows = await namedQuery<CyclePageRow>(
    db,
    'inquiry-cycle-page',
    sql`
    select ${cycleColumns(viewer)}, me.role as my_role,
           exists (select 1 from community_members cm where cm.community_id = c.community_id
                    and cm.user_id = ${viewer.userId} and cm.status = 'active' and cm.role = 'facilitator')
             as community_facilitator,
           (select coalesce(json_agg(json_build_object(
                     'key', p.key, 'position', p.position, 'title', p.title, 'guidance', p.guidance,
                     'startsOn', p.starts_on::text, 'dueOn', p.due_on::text,
                     'completedAt', to_char(p.completed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                   order by p.position), '[]')
              from inquiry_cycle_phases p where p.cycle_id = c.id) as phases,
           (select coalesce(json_agg(json_build_object(
                     'userId', tm.user_id, 'name', u.name, 'districtName', d.name, 'role', tm.role)
                   order by tm.role = 'facilitator' desc, u.name, tm.user_id), '[]')
              from inquiry_cycle_members tm join users u on u.id = tm.user_id
              join organizations d on d.id = u.district_id
             where tm.cycle_id = c.id) as members
      from inquiry_cycles c join communities co on co.id = c.community_id
      left join inquiry_cycle_members me on me.cycle_id = c.id and me.user_id = ${viewer.userId}
     where c.id = ${cycleId}`,
  );
  return rows[0] ?? null;
}

export interface CycleListFilters {
  kind?: CycleKind;
  status?: CycleStatus;
  subject?: string;
  aimId?: string;
  changeIdeaId?: string;
  /** Keyset: cycles created before this (created_at, id). */
  before?: { createdAt: string; id: string };
  limit: number;
}

function filterSql(f: CycleListFilters): SQL {
  const parts: SQL[] = [];
  if (f.kind) parts.push(sql`c.kind = ${f.kind}`);
  if (f.status) parts.push(sql`c.status = ${f.status}`);
  if (f.subject) parts.push(sql`c.subjects @> array[${f.subject}]::text[]`);
  if (f.aimId) parts.push(sql`c.aim_id = ${f.aimId}`);
  if (f.changeIdeaId) parts.push(sql`c.change_idea_id = ${f.changeIdeaId}`);
  if (f.before)
    parts.push(sql`(c.created_at, c.id) < (${f.before.createdAt}::timestamptz, ${f.before.id}::uuid)`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/**
 * A network's cycles the viewer may see, newest first: those they may open (members, the
 * community's facilitators) and, of communities whose content they may read, those that published
 * findings or adopted a change idea (shown as a summary; the working materials stay the team's).
 *
 * The rule is `readableCycleSql` or shared and in a readable community, asked as its three sources
 * (decision 069), each ordered and stopped at the page: the shared cycles walk
 * `inquiry_cycles_network_shared_idx` (a partial index of published and adopted cycles), the
 * viewer's own come from their member rows, and those of communities they facilitate from each
 * community's newest. The newest of the union are the page. Walking the whole network's index instead
 * passed thousands of active cycles the viewer may not see before it filled a page.
 */
export async function listNetworkCycles(
  db: Db,
  viewer: Viewer,
  networkId: string,
  readableCommunity: (alias: string) => SQL,
  f: CycleListFilters,
): Promise<CycleRow[]> {
  // A named statement per set of filters, planned once per connection (decision 068).
  const filters = Object.entries(f)
    .filter(([key, value]) => key !== 'limit' && value !== undefined)
    .map(([key]) => key)
    .sort();
  const limit = f.limit + 1;
  return namedQuery<CycleRow>(
    db,
    `inquiry-network-cycles${filters.map((key) => `-${key}`).join('')}`,
    sql`
    with seen as (
      (select c.id, c.created_at from inquiry_cycles c join communities co on co.id = c.community_id
        where c.network_id = ${networkId} and (c.published_at is not null or c.decision = 'adopt')
          and ${filterSql(f)} and ${readableCommunity('co')}
        order by c.created_at desc, c.id desc limit ${limit})
      union
      (select c.id, c.created_at from inquiry_cycle_members rm join inquiry_cycles c on c.id = rm.cycle_id
        where rm.user_id = ${viewer.userId} and c.network_id = ${networkId} and ${filterSql(f)}
        order by c.created_at desc, c.id desc limit ${limit})
      union
      (select led.id, led.created_at from community_members rf
         cross join lateral (
           select c.id, c.created_at from inquiry_cycles c
            where c.community_id = rf.community_id and c.network_id = ${networkId} and ${filterSql(f)}
            order by c.created_at desc, c.id desc limit ${limit}) led
        where rf.user_id = ${viewer.userId} and rf.status = 'active' and rf.role = 'facilitator'
        order by led.created_at desc, led.id desc limit ${limit})
      order by created_at desc, id desc limit ${limit})
    select ${cycleColumns(viewer)}
      from seen join inquiry_cycles c on c.id = seen.id join communities co on co.id = c.community_id
     order by c.created_at desc, c.id desc`,
  );
}

/** A community's cycles the viewer may see, by the same rule as the network's list. */
export async function listCommunityCycles(
  tx: Tx,
  viewer: Viewer,
  communityId: string,
  mayReadCommunity: boolean,
  f: CycleListFilters,
): Promise<CycleRow[]> {
  const published = mayReadCommunity ? sql`(c.published_at is not null or c.decision = 'adopt')` : sql`false`;
  const { rows } = await tx.execute<CycleRow>(sql`
    select ${cycleColumns(viewer)}
      from inquiry_cycles c join communities co on co.id = c.community_id
     where c.community_id = ${communityId} and ${filterSql(f)}
       and (${readableCycleSql(viewer, 'c')} or ${published})
     order by c.created_at desc, c.id desc
     limit ${f.limit + 1}`);
  return rows;
}

/** The cycles the viewer takes part in, newest first. */
export async function listMyCycles(tx: Tx, viewer: Viewer, f: CycleListFilters): Promise<CycleRow[]> {
  const { rows } = await tx.execute<CycleRow>(sql`
    select ${cycleColumns(viewer)}
      from inquiry_cycle_members m
      join inquiry_cycles c on c.id = m.cycle_id
      join communities co on co.id = c.community_id
     where m.user_id = ${viewer.userId} and ${filterSql(f)}
     order by c.created_at desc, c.id desc
     limit ${f.limit + 1}`);
  return rows;
}

export async function listPhases(tx: Tx, cycleId: string): Promise<PhaseView[]> {
  const { rows } = await tx.execute<{
    key: PhaseKey;
    position: number;
    title: string;
    guidance: string;
    starts_on: string;
    due_on: string;
    completed_at: Date | null;
  }>(sql`
    select key, position, title, guidance, starts_on::text as starts_on, due_on::text as due_on, completed_at
      from inquiry_cycle_phases where cycle_id = ${cycleId} order by position`);
  return rows.map((r) => ({
    key: r.key,
    position: r.position,
    title: r.title,
    guidance: r.guidance,
    startsOn: r.starts_on,
    dueOn: r.due_on,
    completedAt: iso(r.completed_at),
  }));
}

export async function listCycleMembers(tx: Tx, cycleId: string): Promise<CycleMemberView[]> {
  const { rows } = await tx.execute<{
    user_id: string;
    name: string;
    district_name: string;
    role: 'facilitator' | 'member';
  }>(sql`
    select m.user_id, u.name, d.name as district_name, m.role
      from inquiry_cycle_members m join users u on u.id = m.user_id join organizations d on d.id = u.district_id
     where m.cycle_id = ${cycleId}
     order by m.role = 'facilitator' desc, u.name, m.user_id`);
  return rows.map((r) => ({ userId: r.user_id, name: r.name, districtName: r.district_name, role: r.role }));
}

export interface NewCycle {
  id: string;
  kind: CycleKind;
  title: string;
  communityId: string;
  networkId: string | null;
  districtId: string | null;
  facilitatorId: string;
  templateBase: TemplateBase;
  templateId: string | null;
  currentPhase: PhaseKey;
  subjects: string[];
  startsOn: string;
  endsOn: string;
  createdBy: string;
}

export async function insertCycle(tx: Tx, c: NewCycle): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_cycles (id, kind, title, community_id, network_id, district_id, facilitator_id,
      template_base, template_id, current_phase, subjects, starts_on, ends_on, created_by)
    values (${c.id}, ${c.kind}, ${c.title}, ${c.communityId}, ${c.networkId}, ${c.districtId}, ${c.facilitatorId},
      ${c.templateBase}, ${c.templateId}, ${c.currentPhase}, ${sql.param(c.subjects)}::text[], ${c.startsOn}::date,
      ${c.endsOn}::date, ${c.createdBy})`);
}

export async function insertPhases(
  tx: Tx,
  cycleId: string,
  phases: {
    key: PhaseKey;
    position: number;
    title: string;
    guidance: string;
    startsOn: string;
    dueOn: string;
  }[],
): Promise<void> {
  for (const p of phases)
    await tx.execute(sql`
      insert into inquiry_cycle_phases (cycle_id, key, position, title, guidance, starts_on, due_on)
      values (${cycleId}, ${p.key}, ${p.position}, ${p.title}, ${p.guidance}, ${p.startsOn}::date, ${p.dueOn}::date)`);
}

/** Adds people to a cycle (those already on it stay as they are); keeps the member count. */
export async function addCycleMembers(
  tx: Tx,
  cycleId: string,
  members: { userId: string; role: 'facilitator' | 'member' }[],
  addedBy: string,
): Promise<string[]> {
  const added: string[] = [];
  for (const m of members) {
    const { rows } = await tx.execute<{ user_id: string }>(sql`
      insert into inquiry_cycle_members (cycle_id, user_id, role, added_by)
      values (${cycleId}, ${m.userId}, ${m.role}, ${addedBy})
      on conflict (cycle_id, user_id) do nothing returning user_id`);
    if (rows[0]) added.push(rows[0].user_id);
  }
  await refreshMemberCount(tx, cycleId);
  return added;
}

export async function removeCycleMember(tx: Tx, cycleId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    delete from inquiry_cycle_members where cycle_id = ${cycleId} and user_id = ${userId} returning user_id`);
  await tx.execute(
    sql`delete from inquiry_reflection_roles where cycle_id = ${cycleId} and user_id = ${userId}`,
  );
  await refreshMemberCount(tx, cycleId);
  return rows.length > 0;
}

async function refreshMemberCount(tx: Tx, cycleId: string): Promise<void> {
  await tx.execute(sql`
    update inquiry_cycles set member_count = (select count(*) from inquiry_cycle_members where cycle_id = ${cycleId}),
      updated_at = now()
     where id = ${cycleId}`);
}

/** Which of these people are active members of the community (whom a cycle may take). */
export async function activeCommunityMembers(
  tx: Tx,
  communityId: string,
  userIds: string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    select m.user_id from community_members m join users u on u.id = m.user_id
     where m.community_id = ${communityId} and m.user_id = any(${sql.param(userIds)}::uuid[])
       and m.status = 'active' and u.status = 'active'`);
  return new Set(rows.map((r) => r.user_id));
}

export async function updateCycleFields(
  tx: Tx,
  cycleId: string,
  f: { title?: string; status?: CycleStatus; currentPhase?: PhaseKey; subjects?: string[] },
): Promise<void> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (f.title !== undefined) sets.push(sql`title = ${f.title}`);
  if (f.status !== undefined) sets.push(sql`status = ${f.status}`);
  if (f.currentPhase !== undefined) sets.push(sql`current_phase = ${f.currentPhase}`);
  if (f.subjects !== undefined) sets.push(sql`subjects = ${sql.param(f.subjects)}::text[]`);
  await tx.execute(sql`update inquiry_cycles set ${sql.join(sets, sql`, `)} where id = ${cycleId}`);
}

/** Marks the phases before `current` done (and those from it on open), as moving through them does. */
export async function markPhasesUpTo(
  tx: Tx,
  cycleId: string,
  current: PhaseKey,
  completedAll: boolean,
): Promise<void> {
  await tx.execute(sql`
    update inquiry_cycle_phases p set completed_at = case
        when ${completedAll} or p.position < (select position from inquiry_cycle_phases where cycle_id = ${cycleId} and key = ${current})
          then coalesce(p.completed_at, now())
        else null end
     where p.cycle_id = ${cycleId}`);
}

export async function setPhaseDates(
  tx: Tx,
  cycleId: string,
  phases: { key: PhaseKey; startsOn: string; dueOn: string }[],
): Promise<void> {
  for (const p of phases)
    await tx.execute(sql`
      update inquiry_cycle_phases set starts_on = ${p.startsOn}::date, due_on = ${p.dueOn}::date
       where cycle_id = ${cycleId} and key = ${p.key}`);
  await tx.execute(sql`
    update inquiry_cycles c set updated_at = now(),
      starts_on = (select min(starts_on) from inquiry_cycle_phases where cycle_id = c.id),
      ends_on = (select max(due_on) from inquiry_cycle_phases where cycle_id = c.id)
     where c.id = ${cycleId}`);
}

/** What is due for a person: the current phase of each active cycle they take part in, soonest first. */
export async function listDue(tx: Tx, viewer: Viewer, limit: number) {
  const { rows } = await tx.execute<{
    cycle_id: string;
    cycle_title: string;
    kind: CycleKind;
    community_name: string;
    phase: PhaseKey;
    phase_title: string;
    due_on: string;
    overdue: boolean;
  }>(sql`
    select c.id as cycle_id, c.title as cycle_title, c.kind, co.name as community_name,
           p.key as phase, p.title as phase_title, p.due_on::text as due_on, p.due_on < current_date as overdue
      from inquiry_cycle_members m
      join inquiry_cycles c on c.id = m.cycle_id and c.status = 'active'
      join inquiry_cycle_phases p on p.cycle_id = c.id and p.key = c.current_phase
      join communities co on co.id = c.community_id
     where m.user_id = ${viewer.userId}
     order by p.due_on, c.id
     limit ${limit}`);
  return rows.map((r) => ({
    cycleId: r.cycle_id,
    cycleTitle: r.cycle_title,
    kind: r.kind,
    communityName: r.community_name,
    phase: r.phase,
    phaseTitle: r.phase_title,
    dueOn: r.due_on,
    overdue: r.overdue,
  }));
}

// ─── Templates ──────────────────────────────────────────────────────────────────────────────────

type TemplateRow = {
  id: string;
  network_id: string;
  base: TemplateBase;
  kind: CycleKind;
  name: string;
  description: string;
  phases: TemplatePhase[];
};

const toTemplate = (r: TemplateRow): CycleTemplate => ({
  id: r.id,
  base: r.base,
  kind: r.kind,
  name: r.name,
  description: r.description,
  phases: r.phases,
  networkId: r.network_id,
});

export async function listNetworkTemplates(tx: Tx, networkIds: string[]): Promise<CycleTemplate[]> {
  if (networkIds.length === 0) return [];
  const { rows } = await tx.execute<TemplateRow>(sql`
    select id, network_id, base, kind, name, description, phases from inquiry_templates
     where network_id = any(${sql.param(networkIds)}::uuid[]) order by created_at, id`);
  return rows.map(toTemplate);
}

export async function findTemplate(tx: Tx, templateId: string): Promise<CycleTemplate | null> {
  const { rows } = await tx.execute<TemplateRow>(sql`
    select id, network_id, base, kind, name, description, phases from inquiry_templates where id = ${templateId}`);
  return rows[0] ? toTemplate(rows[0]) : null;
}

export async function insertTemplate(tx: Tx, t: CycleTemplate & { createdBy: string }): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_templates (id, network_id, base, kind, name, description, phases, created_by)
    values (${t.id}, ${t.networkId}, ${t.base}, ${t.kind}, ${t.name}, ${t.description},
      ${JSON.stringify(t.phases)}::jsonb, ${t.createdBy})`);
}

// ─── Study ──────────────────────────────────────────────────────────────────────────────────────

export async function findStudy(tx: Tx, cycleId: string) {
  const { rows } = await tx.execute<{
    theme: string;
    long_term_goal: string;
    progression: string;
    updated_at: Date;
    updated_by_name: string | null;
  }>(sql`
    select s.theme, s.long_term_goal, s.progression, s.updated_at, u.name as updated_by_name
      from inquiry_studies s left join users u on u.id = s.updated_by where s.cycle_id = ${cycleId}`);
  const r = rows[0];
  return r
    ? {
        theme: r.theme,
        longTermGoal: r.long_term_goal,
        progression: r.progression,
        updatedAt: iso(r.updated_at),
        updatedByName: r.updated_by_name,
      }
    : { theme: '', longTermGoal: '', progression: '', updatedAt: null, updatedByName: null };
}

export async function saveStudy(
  tx: Tx,
  cycleId: string,
  by: string,
  f: { theme?: string; longTermGoal?: string; progression?: string },
): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_studies as s (cycle_id, theme, long_term_goal, progression, updated_by)
    values (${cycleId}, ${f.theme ?? ''}, ${f.longTermGoal ?? ''}, ${f.progression ?? ''}, ${by})
    on conflict (cycle_id) do update set
      theme = coalesce(${f.theme ?? null}, s.theme),
      long_term_goal = coalesce(${f.longTermGoal ?? null}, s.long_term_goal),
      progression = coalesce(${f.progression ?? null}, s.progression),
      updated_by = ${by}, updated_at = now()`);
}

/**
 * A cycle's reading. A resource the viewer may not open (another district's, say) is listed by no
 * title of its own, so a team across districts learns nothing of it but that it is there.
 */
export async function listReadings(tx: Tx, viewer: ResourceViewer, cycleId: string): Promise<ReadingView[]> {
  const { rows } = await tx.execute<{
    id: string;
    resource_id: string | null;
    url: string | null;
    title: string;
    note: string;
    added_by_name: string | null;
    created_at: Date;
  }>(sql`
    select r.id, r.resource_id, r.url,
           case when r.resource_id is null
                  or exists (select 1 from resources res where res.id = r.resource_id and res.deleted_at is null
                              and ${visibleSharedSql(viewer, 'res', { homeShares: true, few: true })})
                then r.title else ${HIDDEN_READING} end as title,
           r.note, u.name as added_by_name, r.created_at
      from inquiry_readings r left join users u on u.id = r.added_by
     where r.cycle_id = ${cycleId} order by r.created_at, r.id`);
  return rows.map((r) => ({
    id: r.id,
    resourceId: r.resource_id,
    url: r.url,
    title: r.title,
    note: r.note,
    addedByName: r.added_by_name,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function insertReading(
  tx: Tx,
  r: {
    id: string;
    cycleId: string;
    resourceId: string | null;
    url: string | null;
    title: string;
    note: string;
    addedBy: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_readings (id, cycle_id, resource_id, url, title, note, added_by)
    values (${r.id}, ${r.cycleId}, ${r.resourceId}, ${r.url}, ${r.title}, ${r.note}, ${r.addedBy})`);
}

export async function deleteReading(tx: Tx, cycleId: string, readingId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    delete from inquiry_readings where cycle_id = ${cycleId} and id = ${readingId} returning id`);
  return rows.length > 0;
}

// ─── Reflect ────────────────────────────────────────────────────────────────────────────────────

export async function listReflectionRoles(tx: Tx, cycleId: string) {
  const { rows } = await tx.execute<{ user_id: string; name: string; role: ReflectionRole }>(sql`
    select r.user_id, u.name, r.role from inquiry_reflection_roles r join users u on u.id = r.user_id
     where r.cycle_id = ${cycleId}
     order by array_position(array['teacher', 'observer', 'commentator'], r.role), u.name, r.user_id`);
  return rows.map((r) => ({ userId: r.user_id, name: r.name, role: r.role }));
}

export async function replaceReflectionRoles(
  tx: Tx,
  cycleId: string,
  roles: { userId: string; role: ReflectionRole }[],
): Promise<void> {
  await tx.execute(sql`delete from inquiry_reflection_roles where cycle_id = ${cycleId}`);
  for (const r of roles)
    await tx.execute(sql`
      insert into inquiry_reflection_roles (cycle_id, user_id, role) values (${cycleId}, ${r.userId}, ${r.role})`);
}

export async function listRemarks(tx: Tx, cycleId: string): Promise<RemarkView[]> {
  const { rows } = await tx.execute<{
    id: string;
    author_id: string;
    author_name: string;
    role: ReflectionRole;
    body: string;
    evidence: string[];
    created_at: Date;
  }>(sql`
    select r.id, r.author_id, u.name as author_name, r.role, r.body, r.evidence, r.created_at
      from inquiry_reflection_remarks r join users u on u.id = r.author_id
     where r.cycle_id = ${cycleId} order by r.created_at, r.id`);
  return rows.map((r) => ({
    id: r.id,
    authorId: r.author_id,
    authorName: r.author_name,
    role: r.role,
    body: r.body,
    evidence: r.evidence,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function insertRemark(
  tx: Tx,
  r: {
    id: string;
    cycleId: string;
    authorId: string;
    role: ReflectionRole;
    body: string;
    evidence: string[];
  },
): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_reflection_remarks (id, cycle_id, author_id, role, body, evidence)
    values (${r.id}, ${r.cycleId}, ${r.authorId}, ${r.role}, ${r.body}, ${sql.param(r.evidence)}::uuid[])`);
}

/** Which of these ids are observation notes of the cycle (the evidence a remark may draw on). */
export async function observationNotesOf(tx: Tx, cycleId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from inquiry_observation_notes where cycle_id = ${cycleId} and id = any(${sql.param(ids)}::uuid[])`);
  return new Set(rows.map((r) => r.id));
}

// ─── Links set by the improvement feature ───────────────────────────────────────────────────────

export async function setImprovementLink(
  tx: Tx,
  l: {
    cycleId: string;
    aimId: string | null;
    aimLabel: string | null;
    changeIdeaId: string | null;
    changeIdeaLabel: string | null;
    previousCycleId?: string | null;
  },
): Promise<void> {
  await tx.execute(sql`
    update inquiry_cycles set aim_id = ${l.aimId}, aim_label = ${l.aimLabel}, change_idea_id = ${l.changeIdeaId},
      change_idea_label = ${l.changeIdeaLabel},
      previous_cycle_id = ${l.previousCycleId === undefined ? sql`previous_cycle_id` : sql`${l.previousCycleId}`},
      updated_at = now()
     where id = ${l.cycleId}`);
}

/**
 * The labels a community's PDSA cycles show of their aim and change idea, as the improvement feature
 * names them now: a renamed line of the driver diagram, or a reworded aim, is renamed on every cycle
 * that took it (and in their search documents, by the cycles' trigger).
 */
export async function relabelImprovementLinks(
  tx: Tx,
  l: {
    communityId: string;
    aim?: { id: string; label: string };
    changeIdeas?: { id: string; label: string }[];
  },
): Promise<void> {
  if (l.aim)
    await tx.execute(sql`
      update inquiry_cycles set aim_label = ${l.aim.label}, updated_at = now()
       where community_id = ${l.communityId} and aim_id = ${l.aim.id} and aim_label is distinct from ${l.aim.label}`);
  if (l.changeIdeas?.length)
    await tx.execute(sql`
      update inquiry_cycles c set change_idea_label = n.label, updated_at = now()
        from unnest(${sql.param(l.changeIdeas.map((i) => i.id))}::uuid[], ${sql.param(l.changeIdeas.map((i) => i.label))}::text[]) n(id, label)
       where c.community_id = ${l.communityId} and c.change_idea_id = n.id and c.change_idea_label is distinct from n.label`);
}

export async function setDecision(tx: Tx, cycleId: string, decision: CycleDecision | null): Promise<void> {
  await tx.execute(
    sql`update inquiry_cycles set decision = ${decision}, updated_at = now() where id = ${cycleId}`,
  );
}

/** The people of a cycle with their district and main school, for statements recorded in their name. */
export async function cycleMemberActors(tx: Tx, cycleId: string) {
  const { rows } = await tx.execute<{ user_id: string; name: string; district_id: string }>(sql`
    select u.id as user_id, u.name, u.district_id from inquiry_cycle_members m join users u on u.id = m.user_id
     where m.cycle_id = ${cycleId} and u.status = 'active'`);
  return rows.map((r) => ({ userId: r.user_id, name: r.name, districtId: r.district_id }));
}

/** The community's subjects, which a cycle takes until its facilitator says otherwise. */
export async function communitySubjects(tx: Tx, communityId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ subjects: string[] }>(
    sql`select subjects from communities where id = ${communityId}`,
  );
  return rows[0]?.subjects ?? [];
}

/** Locks the cycle's row, so remarks of one discussion are taken one at a time (turns stay right). */
export async function lockCycle(tx: Tx, cycleId: string): Promise<void> {
  await tx.execute(sql`select 1 from inquiry_cycles where id = ${cycleId} for no key update`);
}
