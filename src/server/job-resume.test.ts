/**
 * Background jobs of the real Trellis process survive a hard kill: a cohort award cut off part way
 * is taken up again after a restart (once the cut-off batch's expiry passes) and every recipient is
 * awarded exactly once.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '#server/db/client.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential } from '#server/test/credential-builders.ts';
import { embeddedUrl, eventually, processDrill, signIn } from '../../tests/support/process-drill.ts';
import { freePort } from '../../tests/support/trellis-process.ts';

const { cleanups, freshDir, startEmbeddedTrellis } = processDrill('trellis-jobs-');

const COHORT = 120;

describe('background jobs of the Trellis process', () => {
  it('finish a cohort award cut off by a hard kill after a restart, awarding each person once', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const first = await startEmbeddedTrellis(dataDir, pgPort);
    const database = openDatabase(embeddedUrl(dataDir, pgPort), 3);
    cleanups.push(() => database.close());
    const db = database.db;
    const district = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const { credential } = await buildMicroCredential(db, { issuerOrgId: district.id, createdBy: admin.id });
    const cohort: string[] = [];
    for (let i = 0; i < COHORT; i++) cohort.push((await buildUser(db, { districtId: district.id })).id);

    const cookie = await signIn(first, admin.email);
    const session = await (await fetch(`${first.url}/api/session`, { headers: { cookie } })).json();
    const started = await fetch(`${first.url}/api/micro-credentials/${credential.id}/awards`, {
      method: 'POST',
      headers: {
        cookie,
        origin: first.url,
        'content-type': 'application/json',
        'x-csrf-token': session.data.csrfToken,
      },
      body: JSON.stringify({ recipientIds: cohort }),
    });
    expect(started.status).toBe(202);
    const jobId = (await started.json()).data.id as string;

    const progress = async () =>
      (
        await database.pool.query<{
          status: string;
          issued: number;
          skipped: number;
          batches_failed: number[];
        }>('select status, issued, skipped, batches_failed from award_jobs where id = $1', [jobId])
      ).rows[0];
    // Killed once the first batch is issued, while the rest wait or run (its database stops with it).
    expect(await eventually(async () => (await progress()).issued > 0, 60_000)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startEmbeddedTrellis(dataDir, pgPort);
    // The batch cut off is still marked running: the award is not done.
    const resumed = await progress();
    expect(resumed.issued).toBeGreaterThan(0);
    expect(resumed.issued).toBeLessThan(COHORT);
    // The batch cut off mid-way is retried once its one-minute expiry has passed.
    const finished = await eventually(
      async () => (await progress().catch(() => null))?.status === 'done',
      200_000,
    );
    expect(finished, second.output()).toBe(true);
    expect(await progress()).toMatchObject({
      status: 'done',
      issued: COHORT,
      skipped: 0,
      batches_failed: [],
    });
    const { rows } = await database.pool.query<{ awards: number; people: number; told: number }>(
      `select count(*)::int as awards, count(distinct recipient_id)::int as people,
              (select count(*)::int from notifications where kind = 'credential_earned') as told
         from awards where credential_id = $1`,
      [credential.id],
    );
    expect(rows[0]).toEqual({ awards: COHORT, people: COHORT, told: COHORT });
  }, 400_000);
});
