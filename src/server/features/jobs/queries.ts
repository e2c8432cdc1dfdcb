import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { JOB_SCHEMA } from '#server/db/client.ts';
import type { JobState } from '#shared/contracts/jobs.ts';

const jobs = sql.raw(`${JOB_SCHEMA}.job`);

/** pg-boss's states behind each state an administrator reads. */
const STATES: Record<JobState, string[]> = {
  queued: ['created', 'retry'],
  running: ['active'],
  failed: ['failed'],
  completed: ['completed'],
};

export type JobRow = {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  district_id: string | null;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  start_after: Date;
  error: string | null;
  /** created_on as PostgreSQL prints it, for cursors. */
  created_cursor: string;
};

const columns = sql`j.id, j.name, j.state::text as state, j.retry_count, j.data->>'districtId' as district_id,
  j.created_on, j.started_on, j.completed_on, j.start_after, j.output->>'message' as error,
  j.created_on::text as created_cursor`;

/** Jobs of the given queues in one state that `visible` allows, newest first. */
export async function selectJobs(
  db: Db,
  args: {
    names: string[];
    state: JobState;
    visible: SQL;
    after?: { at: string; id: string };
    limit: number;
  },
): Promise<JobRow[]> {
  const { rows } = await db.execute<JobRow>(sql`
    select ${columns} from ${jobs} j
     where j.name = any(${sql.param(args.names)}::text[])
       and j.state::text = any(${sql.param(STATES[args.state])}::text[])
       and ${args.visible}
       ${args.after ? sql`and (j.created_on, j.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}
     order by j.created_on desc, j.id desc
     limit ${args.limit}`);
  return rows;
}

/** How many visible jobs of the given queues are in each pg-boss state. */
export async function countJobs(db: Db, names: string[], visible: SQL): Promise<Record<string, number>> {
  const { rows } = await db.execute<{ state: string; n: number }>(sql`
    select j.state::text as state, count(*)::int as n from ${jobs} j
     where j.name = any(${sql.param(names)}::text[]) and ${visible}
     group by j.state`);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** One visible job of the given queues, or none. */
export async function selectJob(db: Db, names: string[], id: string, visible: SQL): Promise<JobRow | null> {
  const { rows } = await db.execute<JobRow>(sql`
    select ${columns} from ${jobs} j
     where j.name = any(${sql.param(names)}::text[]) and j.id = ${id} and ${visible}`);
  return rows[0] ?? null;
}
