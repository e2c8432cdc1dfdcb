import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('data and privacy', () => {
  it('lets a teacher download their data, and an administrator export the district, limit how long records are kept and erase someone who left', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Fernvale Schools ${suffix}` });
    const admin = await buildUser(db, {
      districtId: district.id,
      role: 'district_admin',
      name: `Ida Marsh${suffix}`,
    });
    const teacher = await buildUser(db, { districtId: district.id, name: `Tom Reyes${suffix}` });
    const leaver = await buildUser(db, {
      districtId: district.id,
      name: `Lea Stone${suffix}`,
      status: 'deactivated',
    });

    // A teacher downloads their own data from Settings.
    const page = await journeys.newPage();
    await login(page, teacher);
    await page.goto('/settings');
    await expectPage(page, 'Settings');
    await expectAccessible(page);
    const [mine] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download my data' }).click(),
    ]);
    expect(mine.suggestedFilename()).toMatch(/^trellis-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await mine.path()) as string, 'utf8'));
    expect(data.tables.users.rows[0]).toMatchObject({ id: teacher.id, email: teacher.email });
    expect(JSON.stringify(data)).not.toContain('password_hash');

    // The administrator's page: export, retention, erasure.
    const adminPage = await journeys.newPage();
    await login(adminPage, admin);
    await adminPage.goto('/admin/data');
    await expectPage(adminPage, 'Data and privacy');
    await expectAccessible(adminPage);
    const [archive] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('link', { name: 'Download the district’s data' }).click(),
    ]);
    expect(archive.suggestedFilename()).toMatch(/^trellis-district-data-.*\.zip$/);

    const retention = adminPage.getByRole('form', { name: 'How long records are kept' });
    const activity = retention.getByLabel('Activity records: days to keep');
    await activity.fill('7');
    await retention.getByRole('button', { name: 'Save how long records are kept' }).click();
    await retention.getByText('Enter between 30 and 3650 days, or leave it empty.').waitFor();
    await activity.fill('730');
    await retention.getByRole('button', { name: 'Save how long records are kept' }).click();
    await retention.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect
      .poll(async () => {
        const { rows } = await db.execute<{ days: number }>(
          sql`select days from retention_settings where district_id = ${district.id} and kind = 'activity'`,
        );
        return rows[0]?.days;
      })
      .toBe(730);

    // Erasing asks for the address typed out, and says it cannot be undone.
    const accounts = adminPage.getByRole('list', { name: 'Deactivated accounts' });
    await accounts.getByRole('button', { name: `Erase ${leaver.name}…` }).click();
    const question = adminPage.getByRole('group', { name: `Erase ${leaver.name}? This cannot be undone.` });
    await question.waitFor();
    await expectAccessible(adminPage);
    await question.getByLabel(`Type ${leaver.email} to confirm`).fill('someone@else.example');
    await question.getByRole('button', { name: `Erase ${leaver.name}` }).click();
    await question.getByText('Type the person’s email address exactly as shown to confirm.').waitFor();
    await question.getByLabel(`Type ${leaver.email} to confirm`).fill(leaver.email);
    await question.getByRole('button', { name: `Erase ${leaver.name}` }).click();
    await adminPage
      .getByRole('status')
      .filter({ hasText: `${leaver.name} was erased.` })
      .waitFor();
    await expect.poll(() => accounts.getByText(leaver.email).count()).toBe(0);
    const { rows } = await db.execute(sql`select 1 from users where id = ${leaver.id}`);
    expect(rows).toHaveLength(0);
  });
});
