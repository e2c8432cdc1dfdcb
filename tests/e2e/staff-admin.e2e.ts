import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('administering staff at scale', () => {
  it('filters by school, changes the role of ten teachers at once, moves them, deactivates two after naming the count, undoes it and exports the list', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Larkfield Schools ${suffix}` });
    const north = await buildSchool(db, district.id, { name: `North Ridge ${suffix}` });
    const south = await buildSchool(db, district.id, { name: `South Vale ${suffix}` });
    const admin = await buildUser(db, {
      districtId: district.id,
      role: 'district_admin',
      name: `Ada Lark${suffix}`,
    });
    const teachers = [];
    for (let i = 0; i < 10; i++)
      teachers.push(
        await buildUser(db, {
          districtId: district.id,
          schoolId: north.id,
          name: `Teacher ${i} North${suffix}`,
        }),
      );
    const southie = await buildUser(db, {
      districtId: district.id,
      schoolId: south.id,
      name: `Sol South${suffix}`,
    });

    const page = await journeys.newPage();
    await login(page, admin);
    await page.goto('/admin/people');
    await expectPage(page, 'People');

    // Only North Ridge's people, filtered on the server.
    await page.getByLabel('School', { exact: true }).selectOption({ label: north.name });
    await page.getByRole('button', { name: 'Search staff' }).click();
    await page.getByRole('status').filter({ hasText: '10 people match' }).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: southie.email }).count()).toBe(0);

    // Select the whole page by keyboard, and change everyone's role after confirming.
    const pageBox = page.getByRole('checkbox', { name: 'Select everyone on this page' });
    await pageBox.focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: '10 selected' }).waitFor();
    const bulk = page.getByRole('region', { name: 'Act on the selected people' });
    await bulk.getByLabel('Action').selectOption('change_role');
    await bulk.getByLabel('New role').selectOption('coach');
    await bulk.getByRole('button', { name: 'Change role: 10 people…' }).click();
    await bulk.getByRole('group', { name: 'Make 10 people coach? They will be signed out.' }).waitFor();
    await expectAccessible(page);
    await bulk.getByRole('button', { name: 'Change role: 10 people', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Changed the role of 10 people to coach' }).waitFor();
    // The roles column shows each role as a tag (the row's own role picker lists every role).
    const roleTags = page.getByRole('row').filter({ hasText: teachers[3].email }).locator('.tag');
    await expect.poll(() => roleTags.allTextContents()).toEqual(['Coach']);

    // Move the ten to South Vale.
    await pageBox.check();
    await bulk.getByLabel('Action').selectOption('move_school');
    await bulk.getByLabel('School to move to').selectOption({ label: south.name });
    await bulk.getByRole('button', { name: 'Move to a school: 10 people…' }).click();
    await bulk.getByRole('button', { name: 'Move to a school: 10 people', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Moved 10 people to ${south.name}` })
      .waitFor();
    await page.getByLabel('School', { exact: true }).selectOption({ label: south.name });
    await page.getByRole('button', { name: 'Search staff' }).click();
    await page.getByRole('status').filter({ hasText: '11 people match' }).waitFor();

    // Deactivate two, after a confirmation that names the count; then undo.
    await page.getByRole('checkbox', { name: `Select ${teachers[0].name}` }).check();
    await page.getByRole('checkbox', { name: `Select ${teachers[1].name}` }).check();
    await bulk.getByLabel('Action').selectOption('deactivate');
    await bulk.getByRole('button', { name: 'Deactivate: 2 people…' }).click();
    const question = bulk.getByRole('group', { name: /^Deactivate 2 people\?/ });
    await question.waitFor();
    await question.getByRole('button', { name: 'Deactivate: 2 people' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Deactivated 2 people and signed them out everywhere.' })
      .waitFor();
    const first = page.getByRole('row').filter({ hasText: teachers[0].email });
    await expect.poll(() => first.getByRole('cell', { name: 'Deactivated', exact: true }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: 'Undone: 2 people put back as they were.' }).waitFor();
    await expect.poll(() => first.getByRole('cell', { name: 'Active', exact: true }).count()).toBe(1);

    // The filtered list as CSV.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export these people as CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Name,Email,Roles,Schools,Status,Last signed in (UTC),Welcomed (UTC),Rostered');
    expect(lines).toHaveLength(12);
    expect(csv).toContain(teachers[9].email);
    expect(csv).toContain(southie.email);
    expect(csv).not.toContain(admin.email);
  });

  it("shows a newcomer's getting-started checklist on home, with their school's community suggested", async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Fernbrook District ${suffix}` });
    const school = await buildSchool(db, district.id, { name: `Fernbrook Middle ${suffix}` });
    const founder = await buildUser(db, {
      districtId: district.id,
      schoolId: school.id,
      name: `Fay Fern${suffix}`,
    });
    await buildCommunity(db, {
      createdBy: founder.id,
      districtId: district.id,
      ownerKind: 'school',
      ownerId: school.id,
      joinPolicy: 'open',
      name: `Fernbrook staff room ${suffix}`,
    });
    const newcomer = await buildUser(db, {
      districtId: district.id,
      schoolId: school.id,
      name: `Nell New${suffix}`,
      profile: { subjects: ['Science'] },
    });

    const page = await journeys.newPage();
    await login(page, newcomer);
    await expectPage(page);
    const checklist = page.getByRole('region', { name: 'Getting started' });
    await checklist.waitFor();
    await checklist.getByText('0 of 4 steps done.').waitFor();
    await checklist.getByRole('link', { name: `Fernbrook staff room ${suffix}` }).waitFor();
    await checklist.getByRole('link', { name: `Fay Fern${suffix}` }).waitFor();
    await expectAccessible(page);

    // Opening the library ticks its step.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/onboarding/library-visit') && r.status() === 204),
      checklist.getByRole('link', { name: 'Open the library' }).click(),
    ]);
    await page.goBack();
    await checklist.getByText('1 of 4 steps done.').waitFor();

    // Put away, the checklist leaves a way back, which takes the keyboard's focus.
    await checklist.getByRole('button', { name: 'Hide this checklist' }).click();
    const showAgain = page.getByRole('button', { name: 'Show the getting-started checklist' });
    await showAgain.waitFor();
    await expect.poll(() => showAgain.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page);
  });
});
