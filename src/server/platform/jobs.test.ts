import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '#server/test/app.ts';
import { defineJob, enqueue, type JobData, registerJobs } from './jobs.ts';

const t = setupTestApp();

interface Note extends JobData {
  text: string;
}

/** What the fixture jobs did, in order. */
const done: string[] = [];
const failedFor: Array<{ text: string; attempt: number }> = [];
let failuresLeft = 0;

const noteJob = defineJob<Note>({
  name: 'fixture.note',
  title: 'Note',
  async work(job) {
    done.push(job.data.text);
  },
});

const flakyJob = defineJob<Note>({
  name: 'fixture.flaky',
  title: 'Flaky',
  retryLimit: 2,
  retryDelaySeconds: 60,
  async work(job) {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error(`could not reach ${job.data.text}`);
    }
    done.push(`flaky ${job.data.text}`);
  },
  async failed(job) {
    failedFor.push({ text: job.data.text, attempt: job.attempt });
  },
});

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify({ logger: false });
  app.decorate('db', t.database.db);
  app.decorate('pool', t.database.pool);
  registerJobs(app, [noteJob, flakyJob]);
  await app.ready();
});
afterAll(() => app?.close());

type StoredJob = {
  state: string;
  retry_count: number;
  wait_seconds: number;
  message: string | null;
  stack: string | null;
};

async function stored(id: string): Promise<StoredJob> {
  const { rows } = await t.database.db.execute<StoredJob>(sql`
    select state, retry_count, extract(epoch from start_after - now())::float as wait_seconds,
           output->>'message' as message, output->>'stack' as stack
      from pgboss.job where id = ${id}`);
  return rows[0];
}

describe('the job queue', () => {
  it('sends a job only when the transaction that sends it commits', async () => {
    done.length = 0;
    await t.database.db
      .transaction(async (tx) => {
        await enqueue(tx, noteJob, { districtId: null, text: 'rolled back' });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    const id = await t.database.db.transaction((tx) =>
      enqueue(tx, noteJob, { districtId: null, text: 'committed' }),
    );
    expect(await app.jobs.drain()).toBe(1);
    expect(done).toEqual(['committed']);
    expect((await stored(id!)).state).toBe('completed');
    expect(await app.jobs.drain()).toBe(0);
  });

  it('retries a failed job later and later, then keeps it failed and says so once', async () => {
    done.length = 0;
    failedFor.length = 0;
    failuresLeft = 10;
    const id = (await enqueue(t.database.db, flakyJob, { districtId: null, text: 'the mail server' }))!;

    expect(await app.jobs.drain()).toBe(1);
    const first = await stored(id);
    expect(first).toMatchObject({
      state: 'retry',
      retry_count: 0,
      message: 'could not reach the mail server',
    });
    expect(first.stack).toBeNull();
    // Backoff: the first retry waits between one and two delays (60–120 s), the next about twice that.
    expect(first.wait_seconds).toBeGreaterThan(55);
    expect(first.wait_seconds).toBeLessThan(121);
    // Not before its time...
    expect(await app.jobs.drain()).toBe(0);
    // ...unless asked to.
    expect(await app.jobs.drain({ ignoreDelays: true, maxAttempts: 1 })).toBe(1);
    const second = await stored(id);
    expect(second).toMatchObject({ state: 'retry', retry_count: 1 });
    expect(second.wait_seconds).toBeGreaterThan(115);
    expect(second.wait_seconds).toBeLessThan(241);
    expect(failedFor).toEqual([]);

    expect(await app.jobs.drain({ ignoreDelays: true })).toBe(1);
    expect(await stored(id)).toMatchObject({ state: 'failed', retry_count: 2 });
    expect(failedFor).toEqual([{ text: 'the mail server', attempt: 3 }]);
    expect(await app.jobs.drain({ ignoreDelays: true })).toBe(0);

    // An administrator's retry gives it one more attempt, which succeeds now.
    failuresLeft = 0;
    expect(await app.jobs.retry('fixture.flaky', id)).toBe(true);
    expect(await app.jobs.retry('fixture.flaky', id)).toBe(false);
    expect(await app.jobs.drain()).toBe(1);
    expect(done).toEqual(['flaky the mail server']);
    expect((await stored(id)).state).toBe('completed');
    expect(await app.jobs.retry('fixture.flaky', id)).toBe(false);
  });
});
