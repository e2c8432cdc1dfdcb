import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cohortAwardJob } from '#server/features/credentials/issuing/award-jobs.ts';
import { enqueue } from '#server/platform/jobs.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('background jobs', () => {
  it('shows a district administrator a failed job with why it failed, and retries it', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Fernhollow Schools ${suffix}` });
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const reason = `The signing key of Fernhollow ${suffix} could not be read.`;
    // A batch of a cohort award that failed for good (written failed at once, so no worker takes it first).
    const jobId = await db.transaction(async (tx) => {
      const id = await enqueue(tx, cohortAwardJob, {
        districtId: district.id,
        awardJobId: randomUUID(),
        batch: 0,
        version: 1,
      });
      await tx.execute(sql`
        update pgboss.job set state = 'failed', started_on = now(), completed_on = now(),
               output = ${JSON.stringify({ message: reason })}::jsonb
         where id = ${id}`);
      return id!;
    });

    const page = await journeys.newPage();
    await login(page, admin);
    await page.goto('/admin/jobs');
    await expectPage(page, 'Background jobs');
    const failed = page.getByRole('region', { name: 'Failed jobs' });
    const row = failed.getByRole('row').filter({ hasText: reason });
    await row.waitFor();
    await expect.poll(() => row.getByRole('cell', { name: 'Cohort award', exact: true }).count()).toBe(1);
    await expectAccessible(page);

    await row.getByRole('button', { name: /^Retry Cohort award/ }).click();
    await page.getByRole('status').filter({ hasText: 'Cohort award is queued again' }).waitFor();
    await expect.poll(() => row.count()).toBe(0);

    // A worker of the running Trellis takes it at once; it shows among the completed ones.
    await page.getByRole('button', { name: /^Completed recently/ }).click();
    await expect
      .poll(
        async () => {
          const { rows } = await journeys.database.pool.query('select state from pgboss.job where id = $1', [
            jobId,
          ]);
          return rows[0]?.state;
        },
        { timeout: 15_000 },
      )
      .toBe('completed');
    await page
      .getByRole('region', { name: 'Completed recently jobs' })
      .getByRole('row')
      .filter({ hasText: 'Cohort award' })
      .first()
      .waitFor({ timeout: 15_000 });
    await expectAccessible(page);
  });
});
