/**
 * A resource's rating summary keeps each score ("4.0 of 4") on one line, on a phone and at 1280 px:
 * the criterion's name beside it wraps instead.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { expectAccessible, expectPage, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** Whether every score of the summary sits on one line: its text's own box is one line high. */
const scoresOnOneLine = (page: Page) =>
  page.locator('.rating-summary').evaluate((summary) =>
    [...summary.querySelectorAll('dd, .rating-summary__overall strong')].every((score) => {
      const lineHeight = Number.parseFloat(getComputedStyle(score).lineHeight);
      const text = document.createRange();
      text.selectNodeContents(score);
      return text.getBoundingClientRect().height < lineHeight * 1.5;
    }),
  );

describe('a resource’s rating summary', () => {
  it('keeps every score on one line at 375 px and at 1280 px', async () => {
    const db = journeys.database.db;
    const district = await buildDistrict(db);
    const owner = await buildUser(db, { districtId: district.id });
    const reviewer = await buildUser(db, { districtId: district.id });
    const resource = await buildResource(db, {
      ownerId: owner.id,
      districtId: district.id,
      audience: 'district',
      audienceId: district.id,
      title: 'Fraction talks',
    });
    const page = await journeys.signedIn(reviewer);
    await page.goto(`/resources/${resource.id}`);
    await expectPage(page, 'Fraction talks');
    const reviewed = await page.evaluate(async (id) => {
      const session = await (await fetch('/api/session')).json();
      const response = await fetch(`/api/resources/${id}/reviews/mine`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.data.csrfToken },
        body: JSON.stringify({ alignment: 4, clarity: 4, evidence: 4, adaptability: 4 }),
      });
      return response.status;
    }, resource.id);
    expect(reviewed).toBe(201);

    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.reload();
      await expectPage(page, 'Fraction talks');
      await page.locator('.rating-summary').getByText('4.0 of 4').first().waitFor();
      await expect.poll(() => scoresOnOneLine(page)).toBe(true);
    }
    await expectAccessible(page);
  });
});
