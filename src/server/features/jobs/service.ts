import type { FastifyInstance } from 'fastify';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#server/platform/errors.ts';
import type { Job, JobListQuery, JobListResponse, JobState } from '#shared/contracts/jobs.ts';
import { canRetryJob, canSeeJobs, visibleJobSql } from './policy.ts';
import { countJobs, type JobRow, selectJob, selectJobs } from './queries.ts';

const STATE_OF: Record<string, JobState | undefined> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  failed: 'failed',
  completed: 'completed',
};

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

function present(app: FastifyInstance, actor: Actor, row: JobRow): Job {
  const state = STATE_OF[row.state] ?? 'failed';
  return {
    id: row.id,
    name: row.name,
    title: app.jobs.definitions.get(row.name)?.title ?? row.name,
    state,
    // pg-boss counts retries, not attempts, and a retry only once it starts.
    attempts: row.state === 'created' ? 0 : row.retry_count + 1,
    createdAt: iso(row.created_on)!,
    startedAt: iso(row.started_on),
    finishedAt: state === 'failed' || state === 'completed' ? iso(row.completed_on) : null,
    runAfter: iso(row.start_after)!,
    error: row.state === 'completed' ? null : row.error,
    abilities: { retry: canRetryJob(actor, { districtId: row.district_id, state }) },
  };
}

function requireJobsAdmin(actor: Actor): void {
  if (!canSeeJobs(actor)) throw new ForbiddenError('Only administrators may see background jobs.');
}

/** The background jobs an administrator may see in one state, newest first, with counts of each state. */
export async function listJobs(args: {
  app: FastifyInstance;
  actor: Actor;
  query: JobListQuery;
}): Promise<JobListResponse> {
  const { app, actor, query } = args;
  requireJobsAdmin(actor);
  const names = [...app.jobs.definitions.keys()];
  const visible = visibleJobSql(actor);
  const [rows, counts] = await Promise.all([
    selectJobs(app.db, {
      names,
      state: query.state,
      visible,
      after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
      limit: query.limit + 1,
    }),
    countJobs(app.db, names, visible),
  ]);
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.created_cursor, row.id]);
  const count = (...states: string[]) => states.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  return {
    data: shown.map((row) => present(app, actor, row)),
    nextCursor,
    counts: {
      queued: count('created', 'retry'),
      running: count('active'),
      failed: count('failed'),
      completed: count('completed'),
    },
  };
}

/** Gives a failed job one more attempt, now (404 unseen, 409 not failed). */
export async function retryJob(args: { app: FastifyInstance; actor: Actor; jobId: string }): Promise<Job> {
  const { app, actor, jobId } = args;
  requireJobsAdmin(actor);
  const names = [...app.jobs.definitions.keys()];
  const visible = visibleJobSql(actor);
  const job = await selectJob(app.db, names, jobId, visible);
  if (!job) throw new NotFoundError('No such job.');
  if (!(await app.jobs.retry(job.name, job.id)))
    throw new ConflictError('Only a failed job can be retried; this one is not failed.');
  return present(app, actor, (await selectJob(app.db, names, jobId, visible))!);
}
