import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { profiles } from '#server/db/schema.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectPage, login, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();
const PHONE = { width: 375, height: 740 };

/** Opens the folded navigation of a phone's header, unless it is open already. */
async function openMenu(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
}

/**
 * The page fits the phone's width; the header, folded, takes little of the screen; opened, every
 * main navigation link is on screen and reachable. Leaves the menu open.
 */
async function expectUsableOnPhone(page: Page): Promise<void> {
  await expect
    .poll(() => scrollsSideways(page), { message: `${new URL(page.url()).pathname} scrolls sideways` })
    .toBe(false);
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.getAttribute('aria-expanded')) === 'true') await menu.click();
  const header = page.getByRole('banner');
  await expect.poll(async () => (await header.boundingBox())?.height ?? 999).toBeLessThan(PHONE.height / 8);
  await openMenu(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Home', 'Directory', 'My profile', 'Settings']) {
    const link = nav.getByRole('link', { name, exact: true });
    await expect.poll(() => link.isVisible(), { message: `${name} is not visible` }).toBe(true);
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

    // The directory, reached through the main navigation behind the Menu button.
    await openMenu(page);
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

    // The library: its results start near the top, with the facets folded away until asked for.
    await openMenu(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await expectPage(page, 'Library');
    const results = page.getByRole('heading', { level: 2, name: 'Results' });
    await expect.poll(async () => (await results.boundingBox())?.y ?? 9999).toBeLessThan(PHONE.height);
    const refine = page.locator('details.library__refine');
    await expect.poll(() => refine.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    await page.getByText('Refine', { exact: true }).click();
    await expect.poll(() => refine.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
  });
});

describe('on a laptop', () => {
  it('keeps the header within the page, applies the library order at once, and offers sign-in on public pages', async () => {
    const db = journeys.database.db;
    const district = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const page = await journeys.newPage({ viewport: { width: 1280, height: 800 } });
    await login(page, admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await expectPage(page, 'Library');
    const header = page.getByRole('banner');
    // At most two rows (the navigation wraps inside the header band), and nothing cut off at the right:
    // the last control, Sign out, sits on the header's own background.
    await expect.poll(async () => (await header.boundingBox())?.height ?? 999).toBeLessThan(130);
    await expect.poll(() => header.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    const signOut = header.getByRole('button', { name: 'Sign out' });
    await expect
      .poll(async () => {
        const [inner, outer] = [await signOut.boundingBox(), await header.boundingBox()];
        return (
          !!inner &&
          !!outer &&
          inner.x + inner.width <= outer.x + outer.width &&
          inner.y + inner.height <= outer.y + outer.height
        );
      })
      .toBe(true);
    const search = page.getByRole('search', { name: 'Site search' }).getByRole('button', { name: 'Search' });
    await expect
      .poll(async () => {
        const box = await search.boundingBox();
        return box ? box.x + box.width : 9999;
      })
      .toBeLessThanOrEqual(1280);

    // Nothing found is said once, not twice.
    await page.goto('/resources?q=zqxjvk');
    await expectPage(page, 'Library');
    await expect.poll(() => page.locator('.empty').count()).toBe(1);
    // The status is still said to screen readers, but not shown beside the empty state.
    await expect
      .poll(async () => (await page.getByText('No resource matches.').boundingBox())?.width ?? 0)
      .toBeLessThanOrEqual(1);
    await page.goto('/resources');
    await expectPage(page, 'Library');

    // Choosing an order applies it, without pressing search.
    await page.getByLabel('Sort by').selectOption('rating');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('rating');
    // While the results in the new order are still on their way, the choice stays as chosen
    // instead of showing the order of the results still on screen.
    let answer: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    await page.route(
      (url) => url.pathname === '/api/resources' && url.searchParams.get('sort') === 'tries',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await page.getByLabel('Sort by').selectOption('tries');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('tries');
    await expect.poll(() => page.getByLabel('Sort by').inputValue()).toBe('tries');
    const loaded = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/resources' && response.ok(),
    );
    answer();
    await loaded;
    await expect.poll(() => page.getByLabel('Sort by').inputValue()).toBe('tries');

    // A signed-out visitor on a public page finds the way to sign in, and back.
    const visitor = await journeys.newPage({ viewport: { width: 1280, height: 800 } });
    await visitor.goto('/verify');
    const signIn = visitor.getByRole('banner').getByRole('link', { name: 'Sign in' });
    await signIn.click();
    await expect.poll(() => new URL(visitor.url()).pathname).toBe('/sign-in');
    await expect.poll(() => new URL(visitor.url()).searchParams.get('next')).toBe('/verify');
  });
});
