import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildFramework } from '#server/test/credential-builders.ts';
import { expectPage, PIXEL_PNG, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();
const PHONE = { width: 375, height: 740 };

/** A teacher of a district with a competency framework of its own. */
async function buildTeacher(tag: string) {
  const db = journeys.database.db;
  const district = await buildDistrict(db, { name: `Juniper Valley Schools ${tag}` });
  const school = await buildSchool(db, district.id, { name: `Juniper Elementary ${tag}` });
  const teacher = await buildUser(db, {
    districtId: district.id,
    schoolId: school.id,
    name: `Rosa Teacher${tag}`,
  });
  await buildFramework(db, {
    ownerOrgId: district.id,
    title: `Juniper teaching framework ${tag}`,
    competencies: [
      { code: 'JT.1', statement: 'Uses formative assessment to adjust instruction' },
      { code: 'JT.2', statement: 'Builds classroom discourse' },
    ],
  });
  return { district, school, teacher };
}

/** The page fits the phone's width; when it does not, the message names what sticks out. */
async function expectFits(page: Page): Promise<void> {
  if (!(await scrollsSideways(page))) return;
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(-5)
      .map(
        (e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)})`,
      ),
  );
  expect(wide, `${new URL(page.url()).pathname} scrolls sideways`).toEqual([]);
}

/** The list's entry cards, by their titles. */
const entryTitles = (page: Page) => page.getByRole('list').locator('.learning-entry h3').allInnerTexts();

describe('the learning log', () => {
  it('a teacher logs a Twitter/X chat and a workshop with evidence, and sees them counted', async () => {
    const tag = randomUUID().slice(0, 6);
    const { teacher } = await buildTeacher(tag);
    const page = await journeys.signedIn(teacher);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My learning' }).click();
    await expectPage(page, 'My learning');
    await page.getByText('Nothing logged yet').waitFor();

    // The Twitter/X chat: kind, title, date and hours are all it takes.
    await page.getByRole('link', { name: 'Log learning' }).click();
    await expectPage(page, 'Log learning');
    await page.getByLabel('Kind').selectOption('online_social');
    await page.getByLabel('Title', { exact: true }).fill(`#EdChat on feedback ${tag}`);
    await page.getByLabel('Date').fill('2026-10-14');
    await page.getByLabel('Hours').fill('1');
    await page.getByLabel('Provider (optional)').fill('Twitter/X');
    await page.getByLabel('What I will try (optional)').fill('Two stars and a wish on exit tickets.');
    await page.getByRole('button', { name: 'Log learning' }).click();
    await expectPage(page, 'My learning');
    await page
      .getByRole('status')
      .filter({ hasText: `#EdChat on feedback ${tag}` })
      .waitFor();
    await expect.poll(() => entryTitles(page)).toEqual([`#EdChat on feedback ${tag}`]);
    await page.locator('.learning-entry').getByText('Entered by me').waitFor();

    // The workshop, with a competency and evidence: a certificate uploaded and a link to the slides.
    await page.getByRole('link', { name: 'Log learning' }).click();
    await expectPage(page, 'Log learning');
    await page.getByLabel('Kind').selectOption('workshop');
    await page.getByLabel('Title', { exact: true }).fill(`Number talks workshop ${tag}`);
    await page.getByLabel('Date').fill('2026-11-02');
    await page.getByLabel('Hours').fill('3');
    await page.getByText(`Juniper teaching framework ${tag}`).click();
    await page.getByLabel('JT.1 Uses formative assessment to adjust instruction').check();
    await page.getByLabel('Add a file').setInputFiles({
      name: 'certificate.png',
      mimeType: 'image/png',
      buffer: PIXEL_PNG,
    });
    await page.getByRole('button', { name: 'Remove certificate.png' }).waitFor();
    await page.getByLabel('Add a link or Trellis address').fill('https://example.org/number-talks-slides');
    await page.getByLabel('Link title (optional)').fill('Slides');
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByRole('button', { name: 'Remove Slides' }).waitFor();
    await expectPage(page, 'Log learning');
    await page.getByRole('button', { name: 'Log learning' }).click();
    await expectPage(page, 'My learning');
    await expect
      .poll(() => entryTitles(page))
      .toEqual([`Number talks workshop ${tag}`, `#EdChat on feedback ${tag}`]);

    // Totals for the period: four hours, by kind and by competency.
    const totals = page.getByRole('region', { name: /^Totals/ });
    await totals.getByText('4 hours').waitFor();
    const cells = (text: string) =>
      totals.getByRole('row').filter({ hasText: text }).getByRole('cell').allTextContents();
    await expect.poll(() => cells('Workshop')).toEqual(['3', '1']);
    await expect.poll(() => cells('JT.1 Uses formative assessment')).toEqual(['3', '1']);

    // Filtered by kind, only the workshop; its page shows the evidence, and the certificate opens.
    await page.getByLabel('Kind', { exact: true }).selectOption('workshop');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => entryTitles(page)).toEqual([`Number talks workshop ${tag}`]);
    await expectPage(page, 'My learning');
    await page.getByRole('link', { name: `Number talks workshop ${tag}` }).click();
    await expectPage(page, `Number talks workshop ${tag}`);
    await page.getByRole('link', { name: 'Slides' }).waitFor();
    const certificate = page.getByRole('link', { name: 'certificate.png' });
    const href = await certificate.getAttribute('href');
    const status = await page.evaluate(async (url) => (await fetch(url!)).status, href);
    expect(status).toBe(200);
    await page.getByText('JT.1').waitFor();
  });

  it('works on a 375 px phone and from the keyboard: a draft kept, then logged', async () => {
    const tag = randomUUID().slice(0, 6);
    const { teacher } = await buildTeacher(tag);
    const page = await journeys.signedIn(teacher);
    await page.setViewportSize(PHONE);
    await page.goto('/learning/new');
    await expectPage(page, 'Log learning');
    await expectFits(page);

    // From the keyboard alone: the kind, then the title, then the draft button.
    await page.getByLabel('Kind').focus();
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('required')))
      .not.toBeNull();
    await page.keyboard.type(`Make It Stick, chapter 3 ${tag}`);
    await page.getByLabel('Kind').selectOption('reading');
    await page.getByRole('button', { name: 'Save as draft' }).focus();
    await page.keyboard.press('Enter');
    await expectPage(page, 'My learning');
    await expectFits(page);
    const card = page.locator('.learning-entry').filter({ hasText: `Make It Stick, chapter 3 ${tag}` });
    await card.getByText('Draft').waitFor();
    // A draft counts nowhere.
    await page.getByText('No logged learning in this period yet.').waitFor();

    await card.getByRole('link').click();
    await expectPage(page, `Make It Stick, chapter 3 ${tag}`);
    await expectFits(page);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Hours').fill('1.5');
    await page.getByRole('button', { name: 'Log learning' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expectPage(page, `Make It Stick, chapter 3 ${tag}`);
    await page.getByRole('link', { name: 'My learning' }).first().click();
    await expectPage(page, 'My learning');
    await page
      .getByRole('region', { name: /^Totals/ })
      .getByText('1.5 hours')
      .waitFor();
    await expectFits(page);
  });
});
