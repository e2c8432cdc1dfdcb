import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';

/** All of the plan part's SQL: plan versions and their updates, presence, case students, findings. */

export type PlanVersionRow = {
  id: string;
  cycle_id: string;
  version: number;
  last_seq: number;
  bytes: number;
  newest: boolean;
  created_by: string;
  created_by_name: string;
  created_at: string;
  updated_at: string;
};

const versionColumns = sql`p.id, p.cycle_id, p.version, p.last_seq, p.bytes,
  p.version = (select max(n.version) from inquiry_plans n where n.cycle_id = p.cycle_id) as newest,
  p.created_by, u.name as created_by_name, p.created_at::text as created_at, p.updated_at::text as updated_at`;

export async function listPlanVersions(tx: Tx, cycleId: string): Promise<PlanVersionRow[]> {
  const { rows } = await tx.execute<PlanVersionRow>(sql`
    select ${versionColumns} from inquiry_plans p join users u on u.id = p.created_by
     where p.cycle_id = ${cycleId} order by p.version`);
  return rows;
}

/** One version of a cycle's plan; locked for the transaction when `lock` is set. */
export async function findPlanVersion(
  tx: Tx,
  cycleId: string,
  version: number,
  lock = false,
): Promise<PlanVersionRow | null> {
  const { rows } = await tx.execute<PlanVersionRow>(sql`
    select ${versionColumns} from inquiry_plans p join users u on u.id = p.created_by
     where p.cycle_id = ${cycleId} and p.version = ${version}
     ${lock ? sql`for update of p` : sql``}`);
  return rows[0] ?? null;
}

/** The newest version of a cycle's plan, if it has one. */
export async function findNewestPlan(tx: Tx, cycleId: string): Promise<PlanVersionRow | null> {
  const { rows } = await tx.execute<PlanVersionRow>(sql`
    select ${versionColumns} from inquiry_plans p join users u on u.id = p.created_by
     where p.cycle_id = ${cycleId} order by p.version desc limit 1`);
  return rows[0] ?? null;
}

/** The cycle a plan belongs to, for who may hear its topic. */
export async function findPlanCycle(db: Db, planId: string): Promise<string | null> {
  const { rows } = await db.execute<{ cycle_id: string }>(
    sql`select cycle_id from inquiry_plans where id = ${planId}`,
  );
  return rows[0]?.cycle_id ?? null;
}

/** Holds the cycle's row for the transaction, so two people starting a revision at once make one. */
export async function lockCycle(tx: Tx, cycleId: string): Promise<void> {
  await tx.execute(sql`select id from inquiry_cycles where id = ${cycleId} for update`);
}

export async function insertPlanVersion(
  tx: Tx,
  plan: { id: string; cycleId: string; version: number; createdBy: string; state: Uint8Array },
): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_plans (id, cycle_id, version, last_seq, bytes, created_by)
    values (${plan.id}, ${plan.cycleId}, ${plan.version}, 1, ${plan.state.byteLength}, ${plan.createdBy})`);
  await tx.execute(sql`
    insert into inquiry_plan_updates (plan_id, seq, update, author_id)
    values (${plan.id}, 1, ${Buffer.from(plan.state)}, ${plan.createdBy})`);
}

export async function listPlanUpdates(
  tx: Tx,
  planId: string,
  after = 0,
): Promise<{ seq: number; update: Buffer }[]> {
  const { rows } = await tx.execute<{ seq: number; update: Buffer }>(sql`
    select seq, update from inquiry_plan_updates where plan_id = ${planId} and seq > ${after} order by seq`);
  return rows;
}

/** Stores an update as the plan's next, under the plan row's lock the caller holds; answers its number. */
export async function appendPlanUpdate(
  tx: Tx,
  planId: string,
  update: Uint8Array,
  authorId: string,
): Promise<number> {
  const { rows } = await tx.execute<{ last_seq: number }>(sql`
    update inquiry_plans set last_seq = last_seq + 1, bytes = bytes + ${update.byteLength}, updated_at = now()
     where id = ${planId} returning last_seq`);
  const seq = rows[0].last_seq;
  await tx.execute(sql`
    insert into inquiry_plan_updates (plan_id, seq, update, author_id)
    values (${planId}, ${seq}, ${Buffer.from(update)}, ${authorId})`);
  return seq;
}

/** Replaces the updates up to `seq` by their merge, kept under the last number they held. */
export async function replacePlanUpdates(
  tx: Tx,
  planId: string,
  seq: number,
  merged: Uint8Array,
): Promise<void> {
  await tx.execute(sql`delete from inquiry_plan_updates where plan_id = ${planId} and seq <= ${seq}`);
  await tx.execute(sql`
    insert into inquiry_plan_updates (plan_id, seq, update, author_id)
    values (${planId}, ${seq}, ${Buffer.from(merged)}, null)`);
  await tx.execute(sql`
    update inquiry_plans set bytes = (select coalesce(sum(octet_length(update)), 0)::int
      from inquiry_plan_updates where plan_id = ${planId}) where id = ${planId}`);
}

// ─── Presence ────────────────────────────────────────────────────────────────────────────────────

/** How long a page that stops saying it is open still counts as there. */
export const PRESENCE_SECONDS = 40;

/** Marks the person there; answers whether others should be told (they arrived or moved). */
export async function touchPresence(tx: Tx, planId: string, userId: string, focus: string): Promise<boolean> {
  const { rows } = await tx.execute<{ changed: boolean }>(sql`
    with before as (
      select focus, seen_at > now() - make_interval(secs => ${PRESENCE_SECONDS}) as fresh
        from inquiry_plan_presence where plan_id = ${planId} and user_id = ${userId}
    ), written as (
      insert into inquiry_plan_presence (plan_id, user_id, focus, seen_at)
      values (${planId}, ${userId}, ${focus}, now())
      on conflict (plan_id, user_id) do update set focus = excluded.focus, seen_at = excluded.seen_at
      returning 1
    )
    select coalesce((select not fresh or focus <> ${focus} from before), true) as changed
      from (select count(*) from written) w`);
  return rows[0]?.changed ?? true;
}

export async function leavePresence(tx: Tx, planId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(
    sql`delete from inquiry_plan_presence where plan_id = ${planId} and user_id = ${userId} returning 1`,
  );
  return rows.length > 0;
}

export async function listPresence(tx: Tx, planId: string) {
  const { rows } = await tx.execute<{ id: string; name: string; focus: string }>(sql`
    select u.id, u.name, p.focus from inquiry_plan_presence p join users u on u.id = p.user_id
     where p.plan_id = ${planId} and p.seen_at > now() - make_interval(secs => ${PRESENCE_SECONDS})
     order by p.seen_at`);
  return rows;
}

// ─── Case students ───────────────────────────────────────────────────────────────────────────────

export type CaseStudentRow = {
  id: string;
  pseudonym: string;
  watch_for: string;
  updated_at: string;
};

export async function listCaseStudents(tx: Tx, cycleId: string): Promise<CaseStudentRow[]> {
  const { rows } = await tx.execute<CaseStudentRow>(sql`
    select id, pseudonym, watch_for, updated_at::text as updated_at from inquiry_case_students
     where cycle_id = ${cycleId} order by created_at, id`);
  return rows;
}

export async function countCaseStudents(tx: Tx, cycleId: string): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from inquiry_case_students where cycle_id = ${cycleId}`,
  );
  return rows[0].n;
}

export async function insertCaseStudent(
  tx: Tx,
  s: { id: string; cycleId: string; pseudonym: string; watchFor: string; createdBy: string },
): Promise<CaseStudentRow> {
  const { rows } = await tx.execute<CaseStudentRow>(sql`
    insert into inquiry_case_students (id, cycle_id, pseudonym, watch_for, created_by)
    values (${s.id}, ${s.cycleId}, ${s.pseudonym}, ${s.watchFor}, ${s.createdBy})
    returning id, pseudonym, watch_for, updated_at::text as updated_at`);
  return rows[0];
}

export async function updateCaseStudent(
  tx: Tx,
  cycleId: string,
  id: string,
  patch: { pseudonym?: string; watchFor?: string },
): Promise<CaseStudentRow | null> {
  const { rows } = await tx.execute<CaseStudentRow>(sql`
    update inquiry_case_students
       set pseudonym = coalesce(${patch.pseudonym ?? null}, pseudonym),
           watch_for = coalesce(${patch.watchFor ?? null}, watch_for),
           updated_at = now()
     where cycle_id = ${cycleId} and id = ${id}
    returning id, pseudonym, watch_for, updated_at::text as updated_at`);
  return rows[0] ?? null;
}

export async function deleteCaseStudent(tx: Tx, cycleId: string, id: string): Promise<boolean> {
  const { rows } = await tx.execute(
    sql`delete from inquiry_case_students where cycle_id = ${cycleId} and id = ${id} returning 1`,
  );
  return rows.length > 0;
}

// ─── Findings ────────────────────────────────────────────────────────────────────────────────────

export type FindingsRow = {
  student_thinking: string;
  teaching: string;
  updated_at: string | null;
  updated_by: string | null;
  updated_by_name: string | null;
  resource_id: string | null;
  resource_title: string | null;
  published_at: string | null;
  published_by: string | null;
  published_by_name: string | null;
};

/** The cycle's findings draft (empty when none) and what it was published as. */
export async function findFindings(tx: Tx, cycleId: string, lock = false): Promise<FindingsRow> {
  const { rows } = await tx.execute<FindingsRow>(sql`
    select coalesce(f.student_thinking, '') as student_thinking, coalesce(f.teaching, '') as teaching,
           to_char(f.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated_at,
           f.updated_by, uu.name as updated_by_name,
           c.findings_resource_id as resource_id, r.title as resource_title,
           to_char(c.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at,
           f.published_by, pu.name as published_by_name
      from inquiry_cycles c
      left join inquiry_findings f on f.cycle_id = c.id
      left join users uu on uu.id = f.updated_by
      left join users pu on pu.id = f.published_by
      left join resources r on r.id = c.findings_resource_id
     where c.id = ${cycleId}
     ${lock ? sql`for update of c` : sql``}`);
  return rows[0];
}

export async function saveFindings(
  tx: Tx,
  f: { cycleId: string; studentThinking: string; teaching: string; updatedBy: string },
): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_findings (cycle_id, student_thinking, teaching, updated_by, updated_at)
    values (${f.cycleId}, ${f.studentThinking}, ${f.teaching}, ${f.updatedBy}, clock_timestamp())
    on conflict (cycle_id) do update set student_thinking = excluded.student_thinking,
      teaching = excluded.teaching, updated_by = excluded.updated_by, updated_at = excluded.updated_at`);
}

export async function markFindingsPublished(
  tx: Tx,
  f: { cycleId: string; resourceId: string; publishedBy: string },
): Promise<void> {
  await tx.execute(sql`
    insert into inquiry_findings (cycle_id, published_by) values (${f.cycleId}, ${f.publishedBy})
    on conflict (cycle_id) do update set published_by = excluded.published_by`);
  await tx.execute(sql`
    update inquiry_cycles set findings_resource_id = ${f.resourceId}, published_at = now(), updated_at = now()
     where id = ${f.cycleId}`);
}

/** The cycle's title, community, network and subjects, for the published report. */
export async function findCycleFacts(tx: Tx, cycleId: string) {
  const { rows } = await tx.execute<{
    title: string;
    community_id: string;
    network_id: string | null;
    subjects: string[];
  }>(sql`select title, community_id, network_id, subjects from inquiry_cycles where id = ${cycleId}`);
  return rows[0];
}
