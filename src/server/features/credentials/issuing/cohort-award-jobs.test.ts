import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential } from '#server/test/credential-builders.ts';
import { AWARD_BATCH_SIZE } from './award-jobs.ts';

const t = setupTestApp();

async function cohortWorld(size: number) {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
  const { credential } = await buildMicroCredential(db, { issuerOrgId: district.id, createdBy: admin.id });
  const cohort: string[] = [];
  for (let i = 0; i < size; i++) cohort.push((await buildUser(db, { districtId: district.id })).id);
  return { district, admin, credential, cohort };
}

const awardsOf = async (credentialId: string) =>
  (
    await t.database.pool.query<{ awards: number; people: number }>(
      `select count(*)::int as awards, count(distinct recipient_id)::int as people
         from awards where credential_id = $1 and revoked_at is null`,
      [credentialId],
    )
  ).rows[0];

describe('cohort awards on the job queue', () => {
  it('sends one job per batch with the award, and none when the award is refused', async () => {
    const w = await cohortWorld(AWARD_BATCH_SIZE + 3);
    const admin = await signedIn(t, w.admin.id);
    const before = await t.database.pool.query(
      `select count(*)::int as n from pgboss.job where name = 'credentials.cohort-award'`,
    );
    const refused = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      recipientIds: [...w.cohort, '00000000-0000-7000-8000-000000000000'],
    });
    expect(refused.statusCode).toBe(400);
    const started = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      recipientIds: w.cohort,
    });
    expect(started.statusCode).toBe(202);
    const { rows } = await t.database.pool.query<{ batch: number; district: string }>(
      `select (data->>'batch')::int as batch, data->>'districtId' as district from pgboss.job
        where name = 'credentials.cohort-award' and data->>'awardJobId' = $1 order by 1`,
      [started.json().data.id],
    );
    expect(rows).toEqual([
      { batch: 0, district: w.district.id },
      { batch: 1, district: w.district.id },
    ]);
    const after = await t.database.pool.query(
      `select count(*)::int as n from pgboss.job where name = 'credentials.cohort-award'`,
    );
    expect(after.rows[0].n - before.rows[0].n).toBe(2);
  });

  it('does a batch once however often its job runs', async () => {
    await t.app.jobs.drain();
    const w = await cohortWorld(5);
    const admin = await signedIn(t, w.admin.id);
    const started = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      recipientIds: w.cohort,
    });
    const jobId = started.json().data.id;
    // The same batch sent again, as a retry of an attempt that committed but was not marked done.
    await t.database.pool.query(
      `insert into pgboss.job (name, data, policy)
       select name, data, policy from pgboss.job where name = 'credentials.cohort-award' and data->>'awardJobId' = $1`,
      [jobId],
    );
    expect(await t.app.jobs.drain()).toBe(2);
    expect(await awardsOf(w.credential.id)).toEqual({ awards: 5, people: 5 });
    expect((await admin.get(`/api/award-jobs/${jobId}`)).json().data).toMatchObject({
      status: 'done',
      issued: 5,
      skipped: 0,
      failed: 0,
    });
  });

  it('counts the people of a batch that failed for good, and finishes the award once it is retried', async () => {
    const w = await cohortWorld(AWARD_BATCH_SIZE + 4);
    const admin = await signedIn(t, w.admin.id);
    const started = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      recipientIds: w.cohort,
    });
    const awardJobId = started.json().data.id;
    // The second batch asks for a version that does not exist: every attempt fails.
    await t.database.pool.query(
      `update pgboss.job set data = jsonb_set(data, '{version}', '99')
        where name = 'credentials.cohort-award' and data->>'awardJobId' = $1 and data->>'batch' = '1'`,
      [awardJobId],
    );
    await t.app.jobs.drain({ ignoreDelays: true });
    const stopped = (await admin.get(`/api/award-jobs/${awardJobId}`)).json().data;
    expect(stopped).toMatchObject({ status: 'failed', issued: AWARD_BATCH_SIZE, skipped: 0, failed: 4 });
    expect(stopped.error).toContain('retry');
    expect(await awardsOf(w.credential.id)).toEqual({ awards: AWARD_BATCH_SIZE, people: AWARD_BATCH_SIZE });

    // The administrator sees why, fixes nothing but the cause, and retries from the jobs page.
    const failed = (await admin.get('/api/admin/jobs?state=failed')).json().data;
    expect(failed).toEqual([
      expect.objectContaining({
        title: 'Cohort award',
        attempts: 6,
        error: 'No such micro-credential version.',
      }),
    ]);
    await t.database.pool.query(
      `update pgboss.job set data = jsonb_set(data, '{version}', '1') where id = $1`,
      [failed[0].id],
    );
    expect((await admin.post(`/api/admin/jobs/${failed[0].id}/retry`)).statusCode).toBe(200);
    expect(await t.app.jobs.drain()).toBe(1);
    expect((await admin.get(`/api/award-jobs/${awardJobId}`)).json().data).toMatchObject({
      status: 'done',
      issued: AWARD_BATCH_SIZE + 4,
      failed: 0,
      error: null,
    });
    expect(await awardsOf(w.credential.id)).toEqual({
      awards: AWARD_BATCH_SIZE + 4,
      people: AWARD_BATCH_SIZE + 4,
    });
  });
});
