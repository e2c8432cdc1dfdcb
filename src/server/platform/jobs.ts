/**
 * Background work on a queue kept in PostgreSQL (pg-boss, in its own schema `pgboss`; decision 016).
 * Features declare their jobs (`Feature.jobs`); every Trellis instance works every queue, so several
 * instances share the work, and a job whose instance died is taken up again once its expiry passes.
 * A job is sent inside the transaction of the change that calls for it: a rolled-back change sends
 * nothing. Failed attempts are retried with exponential backoff; a job that fails for good stays
 * listed for administrators, who may retry it.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import { describeDatabaseError, JOB_SCHEMA, type Tx } from '#server/db/client.ts';

/** What every job carries: the district it belongs to, which decides who may see it (null: the platform's). */
export interface JobData {
  districtId: string | null;
}

/** One attempt at a job, as its work function sees it. */
export interface JobRun<T extends JobData> {
  id: string;
  name: string;
  data: T;
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows if this attempt fails. */
  lastAttempt: boolean;
}

/** A kind of background work, declared by a feature. */
export interface JobDefinition<T extends JobData = JobData> {
  /** `<feature>.<work>`: the queue's name, one per kind of job. */
  name: string;
  /** What an administrator reads on the jobs page. */
  title: string;
  /**
   * Does the work. It may be cut off at any point (a killed process) and run again: each unit of
   * work commits with the mark that it is done, so running again skips what was done.
   */
  work(job: JobRun<T>, app: FastifyInstance): Promise<void>;
  /** After the last attempt failed: record what the people waiting on it should see. */
  failed?(job: JobRun<T>, app: FastifyInstance): Promise<void>;
  /** Retries after a failure (5); each waits about twice as long as the one before. */
  retryLimit?: number;
  /** The first retry's wait, in seconds (10). */
  retryDelaySeconds?: number;
  /**
   * How long one attempt may run (5 minutes). An attempt still marked running after this is
   * taken as lost (its instance died) and retried: keep each job's unit of work well inside it.
   */
  expireInSeconds?: number;
  /** Sent on this cron schedule (UTC), with `districtId: null`. */
  schedule?: string;
  /** `singleton`: at most one of the queue runs at a time, across every instance. */
  policy?: 'standard' | 'singleton';
}

/** Declares a job; the identity function gives the declaration its type where it is written. */
export function defineJob<T extends JobData>(job: JobDefinition<T>): JobDefinition<T> {
  return job;
}

/** pg-boss's way to run SQL, over a Drizzle transaction: `$n` placeholders become parameters. */
function inTransaction(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [];
      for (let i = 0; i < parts.length; i++)
        chunks.push(i % 2 === 0 ? sql.raw(parts[i]) : sql`${sql.param(values[Number(parts[i]) - 1])}`);
      const result = await tx.execute(sql.join(chunks));
      return { rows: result.rows };
    },
  };
}

/** pg-boss's way to run SQL, over the app's pool: no connections of its own. */
function overPool(pool: pg.Pool): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      return pool.query(text, values);
    },
  };
}

/**
 * Builds pg-boss's statements with its defaults; never started, it opens nothing. Sending goes
 * through the caller's transaction.
 */
const sender = new PgBoss({
  db: { executeSql: () => Promise.reject(new Error('not connected')) },
  schema: JOB_SCHEMA,
});

/** Sends a job inside `tx`: it exists once the transaction commits, and never if it rolls back. */
export async function enqueue<T extends JobData>(
  tx: Tx,
  job: JobDefinition<T>,
  data: T,
): Promise<string | null> {
  return sender.send(job.name, data, { db: inTransaction(tx) });
}

/** Sends many jobs of one kind inside `tx`, in one statement. */
export async function enqueueMany<T extends JobData>(
  tx: Tx,
  job: JobDefinition<T>,
  data: T[],
): Promise<void> {
  if (data.length === 0) return;
  await sender.insert(
    data.map((d) => ({ name: job.name, data: d })),
    { db: inTransaction(tx) },
  );
}

/** How a failed attempt reads on the jobs page: its message alone, never a query's parameters. */
function failureOf(error: unknown): Error {
  const failure = new Error(describeDatabaseError(error).slice(0, 1000));
  failure.stack = undefined;
  return failure;
}

type AnyJob = JobDefinition<JobData>;
type FetchedJob = PgBoss.JobWithMetadata<JobData>;

/** The queue as the app holds it: workers, the test helper that works it, and what the admin page reads. */
export interface JobQueue {
  /** Every declared job, by queue name. */
  readonly definitions: ReadonlyMap<string, AnyJob>;
  /** Starts this instance's workers, the schedules and pg-boss's upkeep (expiry, archiving). */
  start(): Promise<void>;
  /** Stops taking jobs and waits, up to `timeoutMs`, for the ones under way. */
  stop(timeoutMs?: number): Promise<void>;
  /**
   * Works every job that is ready, in this process, until none is left (tests and one-off runs);
   * `ignoreDelays` also takes retries whose backoff has not passed. Returns how many attempts ran.
   */
  drain(options?: { names?: string[]; ignoreDelays?: boolean; maxAttempts?: number }): Promise<number>;
  /** Puts a failed job back in its queue for one more attempt; false when it is not failed. */
  retry(name: string, id: string): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobQueue;
  }
}

/** The queue over the app's pool, with every job the features declare. Creates their queues when the app is ready. */
export function registerJobs(app: FastifyInstance, jobs: readonly AnyJob[]): void {
  const definitions = new Map<string, AnyJob>();
  for (const job of jobs) {
    if (definitions.has(job.name)) throw new Error(`The job ${job.name} is declared twice`);
    definitions.set(job.name, job);
  }
  const boss = new PgBoss({
    db: overPool(app.pool),
    schema: JOB_SCHEMA,
    migrate: false,
    // Jobs left running by an instance that died are found this often, once their expiry passed.
    maintenanceIntervalSeconds: 15,
    // Failed jobs stay listed for a week, to be looked at and retried.
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 7,
  });
  boss.on('error', (error) => app.log.warn({ err: error }, 'job queue'));

  /** One attempt: the job's work, and its `failed` hook when no retry follows; pg-boss records the outcome. */
  const attempt = async (fetched: FetchedJob) => {
    const job = definitions.get(fetched.name)!;
    const run: JobRun<JobData> = {
      id: fetched.id,
      name: fetched.name,
      data: fetched.data,
      attempt: fetched.retryCount + 1,
      lastAttempt: fetched.retryCount >= fetched.retryLimit,
    };
    try {
      await job.work(run, app);
    } catch (error) {
      app.log.warn({ err: error, job: run.name, jobId: run.id, attempt: run.attempt }, 'job failed');
      if (run.lastAttempt && job.failed)
        await job
          .failed(run, app)
          .catch((hookError: unknown) =>
            app.log.error({ err: hookError, job: run.name, jobId: run.id }, 'recording a failed job failed'),
          );
      throw failureOf(error);
    }
  };

  // Each queue carries its job's retry and expiry settings; a changed declaration updates them.
  const createQueues = async () => {
    for (const job of definitions.values()) {
      const settings = {
        name: job.name,
        policy: job.policy ?? 'standard',
        retryLimit: job.retryLimit ?? 5,
        retryDelay: job.retryDelaySeconds ?? 10,
        retryBackoff: true,
        expireInSeconds: job.expireInSeconds ?? 300,
      } as const;
      await boss.createQueue(job.name, settings);
      await boss.updateQueue(job.name, settings);
    }
  };
  let queuesCreated: Promise<void> | null = null;
  /** The queues, created once; a failed attempt (the database was away) is tried again when next needed. */
  const queuesReady = () => {
    queuesCreated ??= createQueues().catch((error: unknown) => {
      queuesCreated = null;
      throw error;
    });
    return queuesCreated;
  };
  app.addHook('onReady', async () => {
    // A database that does not answer must not keep the app from starting (it answers 503
    // meanwhile, decision 012): the queues are created when it answers, before any worker starts.
    const created = queuesReady().catch((error: unknown) =>
      app.log.warn({ err: error }, 'the job queues could not be created yet'),
    );
    await Promise.race([created, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  });

  let started = false;
  const queue: JobQueue = {
    definitions,
    async start() {
      if (started) return;
      started = true;
      await app.ready();
      await queuesReady();
      await boss.start();
      for (const job of definitions.values()) {
        if (job.schedule) await boss.schedule(job.name, job.schedule, { districtId: null }, { tz: 'UTC' });
        // A worker that found a job looks for the next one at once, and waits the polling interval
        // only once its queue is empty: a cohort award's batches follow each other, not 2 s apart.
        let workerId = '';
        workerId = await boss.work<JobData>(
          job.name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 2 },
          async ([fetched]) => {
            try {
              return await attempt(fetched);
            } finally {
              if (fetched) boss.notifyWorker(workerId);
            }
          },
        );
      }
    },
    async stop(timeoutMs = 5_000) {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, close: false, timeout: timeoutMs, wait: true });
    },
    async drain(options = {}) {
      await queuesReady();
      const names = options.names ?? [...definitions.keys()];
      const max = options.maxAttempts ?? 1_000;
      let ran = 0;
      for (let found = true; found && ran < max; ) {
        found = false;
        for (const name of names) {
          const [fetched] = await boss.fetch<JobData>(name, {
            includeMetadata: true,
            batchSize: 1,
            ignoreStartAfter: options.ignoreDelays ?? false,
          });
          if (!fetched) continue;
          found = true;
          ran++;
          try {
            await attempt(fetched);
            await boss.complete(name, fetched.id);
          } catch (error) {
            await boss.fail(name, fetched.id, error as object);
          }
        }
      }
      return ran;
    },
    async retry(name, id) {
      // pg-boss's own retry keeps the last backoff's start time: an administrator's retry runs now.
      const { rowCount } = await app.pool.query(
        `update ${JOB_SCHEMA}.job set state = 'retry', retry_limit = retry_limit + 1, start_after = now()
          where name = $1 and id = $2 and state = 'failed'`,
        [name, id],
      );
      return rowCount === 1;
    },
  };
  app.decorate('jobs', queue);
}
