import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { profiles } from '#server/db/schema.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectPage, login, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();
const PHONE = { width: 375, height: 740 };

/** The page fits the phone's width, and every main navigation link is on screen and reachable. */
async function expectUsableOnPhone(page: Page): Promise<void> {
  expect(await scrollsSideways(page), `${new URL(page.url()).pathname} scrolls sideways`).toBe(false);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Home', 'Directory', 'My profile', 'Settings']) {
    const link = nav.getByRole('link', { name, exact: true });
    expect(await link.isVisible(), `${name} is not visible`).toBe(true);
    const box = await link.boundingBox();
    expect(box, `${name} has no box`).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width + 1);
  }
}

describe('on a phone', () => {
  it('lets a teacher search the directory, open a colleague’s profile and edit their own', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const home = await buildDistrict(db);
    const neighbour = await buildDistrict(db);
    await buildNetwork(db, [home.id, neighbour.id]);
    const school = await buildSchool(db, neighbour.id, { name: `Riverside Elementary ${suffix}` });
    const teacher = await buildUser(db, { districtId: home.id, name: `Priya Raman${suffix}` });
    const colleague = await buildUser(db, {
      districtId: neighbour.id,
      schoolId: school.id,
      name: `Bartholomew Featherstonehaugh-Worthington${suffix}`,
      profile: {
        roleTitle: 'Fourth grade teacher and instructional technology lead for the whole district',
        subjects: ['Mathematics', 'Computer Science'],
        gradeBands: ['3-5'],
        bio: 'Long words like electroencephalographically and antidisestablishmentarianism must wrap on a phone.',
        expertise: ['number talks', 'computational thinking'],
        openToMentoring: true,
      },
    });

    const page = await journeys.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await login(page, teacher);

    // The directory, reached through the main navigation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
    await expectPage(page, 'Directory');
    await expectUsableOnPhone(page);
    await page
      .getByLabel('Search by name or words in a profile')
      .fill(`Featherstonehaugh-Worthington${suffix}`);
    await page.getByRole('button', { name: 'Search the directory' }).click();
    const result = page.getByRole('link', { name: colleague.name });
    await result.waitFor();
    await expectPage(page, 'Directory');
    await expectUsableOnPhone(page);

    // The colleague's profile.
    await result.click();
    await expectPage(page, colleague.name);
    await expectUsableOnPhone(page);

    // One's own profile, edited and saved.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click();
    await expectPage(page, 'My profile');
    await expectUsableOnPhone(page);
    await page.getByLabel('Role title').fill('Sixth grade science teacher');
    await page.getByRole('button', { name: 'Save my profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Your profile is saved.' }).waitFor();
    await expectPage(page, 'My profile');
    await expectUsableOnPhone(page);
    const [saved] = await db.select().from(profiles).where(eq(profiles.userId, teacher.id));
    expect(saved.roleTitle).toBe('Sixth grade science teacher');
  });
});
