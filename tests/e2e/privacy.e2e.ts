import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { strFromU8, unzipSync } from 'fflate';
import { expectAccessible, expectPage, login, setupJourneys, waitForMail } from './fixtures.ts';

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
    // The export is prepared in the background: the page shows its progress, then its download.
    await adminPage.getByRole('button', { name: 'Export the district’s data' }).click();
    const exports = adminPage.getByRole('list', { name: 'District exports' });
    await exports
      .getByText(/Preparing the export|Waiting to start|% done/)
      .first()
      .waitFor();
    const download = exports.getByRole('link', { name: /Download the district’s data/ });
    await download.waitFor({ timeout: 60_000 });
    await adminPage
      .getByRole('status')
      .filter({ hasText: 'The district’s data is ready to download.' })
      .waitFor();
    await expectAccessible(adminPage);
    const [archive] = await Promise.all([adminPage.waitForEvent('download'), download.click()]);
    expect(archive.suggestedFilename()).toMatch(/^trellis-district-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = unzipSync(new Uint8Array(await readFile((await archive.path()) as string)));
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining(['manifest.json', 'csv/users.csv', 'json/users.json']),
    );
    expect(strFromU8(zip['csv/users.csv'])).toContain(teacher.email);
    expect(strFromU8(zip['json/users.json'])).not.toContain('password_hash');

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

  it('lets a teacher read how their data is protected and ask to be erased, and an administrator approve it', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Larkfield Schools ${suffix}` });
    const admin = await buildUser(db, {
      districtId: district.id,
      role: 'district_admin',
      name: `Ola Brandt${suffix}`,
    });
    const teacher = await buildUser(db, { districtId: district.id, name: `Pia Lund${suffix}` });

    // The data-protection page, from the footer of any page.
    const page = await journeys.newPage();
    await login(page, teacher);
    await page.goto('/settings');
    await expectPage(page, 'Settings');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Data protection' }).click();
    await expectPage(page, 'Data protection');
    await page.getByRole('heading', { name: 'Where the data lives' }).waitFor();
    await page.getByRole('heading', { name: 'Subprocessors' }).waitFor();
    await page.getByText('None.').waitFor();
    await expectAccessible(page);

    // She asks to be erased; her district's records rules want an administrator to approve.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Ask to have my account erased…' }).click();
    const question = page.getByRole('group', { name: 'Ask to have your account erased?' });
    await question.getByLabel(`Type ${teacher.email} to confirm`).fill('not-me@example.test');
    await question.getByRole('button', { name: 'Ask to be erased' }).click();
    await question.getByText('Type your email address exactly as shown to confirm.').waitFor();
    await question.getByLabel(`Type ${teacher.email} to confirm`).fill(teacher.email);
    await question.getByLabel('A note for your administrators (optional)').fill('Moving abroad.');
    await question.getByRole('button', { name: 'Ask to be erased' }).click();
    await page.getByText(/You asked on .* to have your account erased/).waitFor();
    await expectAccessible(page);

    // The administrator approves it; she is erased and told by email.
    const adminPage = await journeys.newPage();
    await login(adminPage, admin);
    await adminPage.goto('/admin/data');
    const waiting = adminPage.getByRole('list', { name: 'Requests waiting' });
    await waiting.getByText('“Moving abroad.”').waitFor();
    await waiting.getByRole('button', { name: `Approve erasing ${teacher.name}…` }).click();
    const approve = adminPage.getByRole('group', {
      name: `Erase ${teacher.name} now? This cannot be undone.`,
    });
    await expectAccessible(adminPage);
    await approve.getByRole('button', { name: `Approve and erase ${teacher.name}` }).click();
    await adminPage
      .getByRole('status')
      .filter({ hasText: `${teacher.name} was erased and told by email.` })
      .waitFor();
    await adminPage
      .getByRole('list', { name: 'Requests decided' })
      .getByText('Erased: a Former member')
      .waitFor();
    const { rows } = await db.execute(sql`select 1 from users where id = ${teacher.id}`);
    expect(rows).toHaveLength(0);
    expect((await waitForMail(teacher.email)).subject).toBe('Your Trellis account was erased');
  });
});
