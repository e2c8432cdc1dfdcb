import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import { cohortAwardJob } from '#server/features/credentials/issuing/award-jobs.ts';
import { enqueue } from '#server/platform/jobs.ts';
import { mailJob } from '#server/features/notifications/mail-worker.ts';
import { agent, signedIn, setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

/** A job that failed for good, as the queue keeps one. */
async function failedJob(districtId: string | null, message: string) {
  const id = districtId
    ? await enqueue(t.database.db, cohortAwardJob, { districtId, awardJobId: uuidv7(), batch: 0, version: 1 })
    : await enqueue(t.database.db, mailJob, { districtId: null });
  await t.database.db.execute(sql`
    update pgboss.job set state = 'failed', started_on = now(), completed_on = now(),
           output = ${JSON.stringify({ message })}::jsonb
     where id = ${id}`);
  return id!;
}

let world: Awaited<ReturnType<typeof buildWorld>>;
async function buildWorld() {
  const db = t.database.db;
  const [north, south] = [await buildDistrict(db), await buildDistrict(db)];
  return {
    north,
    south,
    northAdmin: await buildUser(db, { districtId: north.id, role: 'district_admin' }),
    southAdmin: await buildUser(db, { districtId: south.id, role: 'district_admin' }),
    platformAdmin: await buildUser(db, { districtId: south.id, role: 'platform_admin' }),
    teacher: await buildUser(db, { districtId: north.id }),
    northJob: await failedJob(north.id, 'No such micro-credential version.'),
    southJob: await failedJob(south.id, 'The signing key could not be read.'),
    platformJob: await failedJob(null, 'The mail server refused the connection.'),
  };
}
beforeAll(async () => {
  world = await buildWorld();
});

describe('GET /api/admin/jobs', () => {
  it('asks for sign-in, and refuses anyone who administers nothing', async () => {
    expect((await agent(t).get('/api/admin/jobs')).statusCode).toBe(401);
    const teacher = await signedIn(t, world.teacher.id);
    const refused = await teacher.get('/api/admin/jobs');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });

  it("shows a district administrator their district's failed jobs with why, and no one else's", async () => {
    const admin = await signedIn(t, world.northAdmin.id);
    const response = await admin.get('/api/admin/jobs?state=failed');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data).toEqual([
      expect.objectContaining({
        id: world.northJob,
        name: 'credentials.cohort-award',
        title: 'Cohort award',
        state: 'failed',
        attempts: 1,
        error: 'No such micro-credential version.',
        abilities: { retry: true },
      }),
    ]);
    expect(body.counts).toMatchObject({ failed: 1, running: 0 });
    expect(JSON.stringify(body)).not.toContain('awardJobId');
  });

  it('shows a platform administrator every job, the platform’s own too', async () => {
    const admin = await signedIn(t, world.platformAdmin.id);
    const ids = (await admin.get('/api/admin/jobs?state=failed'))
      .json()
      .data.map((j: { id: string }) => j.id);
    expect(ids).toEqual(expect.arrayContaining([world.northJob, world.southJob, world.platformJob]));
  });

  it('pages newest first with a cursor, and refuses a cursor or state it never gave', async () => {
    const admin = await signedIn(t, world.platformAdmin.id);
    const first = (await admin.get('/api/admin/jobs?state=failed&limit=2')).json();
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await admin.get(`/api/admin/jobs?state=failed&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    const seen = [...first.data, ...second.data].map((j: { id: string }) => j.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([world.northJob, world.southJob, world.platformJob]));
    const badCursor = await admin.get('/api/admin/jobs?cursor=nonsense');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors[0].path).toBe('/querystring/cursor');
    const badState = await admin.get('/api/admin/jobs?state=lost');
    expect(badState.statusCode).toBe(400);
    expect(badState.json().errors[0].path).toContain('state');
  });
});

describe('POST /api/admin/jobs/:id/retry', () => {
  it("gives another district's job a 404 and changes nothing", async () => {
    const admin = await signedIn(t, world.southAdmin.id);
    const response = await admin.post(`/api/admin/jobs/${world.northJob}/retry`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((await admin.post(`/api/admin/jobs/${world.platformJob}/retry`)).statusCode).toBe(404);
    const { rows } = await t.database.pool.query('select state from pgboss.job where id = $1', [
      world.northJob,
    ]);
    expect(rows[0].state).toBe('failed');
    const teacher = await signedIn(t, world.teacher.id);
    expect((await teacher.post(`/api/admin/jobs/${world.northJob}/retry`)).statusCode).toBe(403);
  });

  it('queues a failed job again at once, and only a failed one', async () => {
    const admin = await signedIn(t, world.northAdmin.id);
    const response = await admin.post(`/api/admin/jobs/${world.northJob}/retry`);
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      id: world.northJob,
      state: 'queued',
      abilities: { retry: false },
    });
    expect(new Date(response.json().data.runAfter).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const again = await admin.post(`/api/admin/jobs/${world.northJob}/retry`);
    expect(again.statusCode).toBe(409);
    expect(
      (await admin.get('/api/admin/jobs?state=queued')).json().data.map((j: { id: string }) => j.id),
    ).toEqual([world.northJob]);
  });
});
