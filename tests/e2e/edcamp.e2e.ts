import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildEvent } from '#server/features/edcamp/test-support.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, scrollsSideways, setupJourneys, TEST_PASSWORD } from './fixtures.ts';

const journeys = setupJourneys();
const PHONE = { viewport: { width: 375, height: 740 } };

/** The proposals a page shows, by title, sorted. */
const proposalTitles = async (page: Page) =>
  (await page.getByTestId('edcamp-proposal').locator('strong').allTextContents()).sort();

/** What a cell of the grid shows on a page. */
const cellText = (page: Page, slot: string, room: string) =>
  page.getByTestId(`cell-${slot}-${room}`).textContent();

describe('an edcamp morning', () => {
  it('eight people propose and vote on their phones, and every phone sees the grid the organizer sets, live', {
    timeout: 300_000,
  }, async () => {
    const tag = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Maple Valley Schools ${tag}` });
    const olive = await buildUser(db, { districtId: district.id, name: `Olive Park${tag}` });
    const teachers = [];
    for (const name of ['Tia Banks', 'Pia Lund', 'Raj Mehta', 'Lena Cho', 'Sol Ortiz', 'Ann Wu'])
      teachers.push(await buildUser(db, { districtId: district.id, name: `${name}${tag}` }));
    const eventId = await buildEvent(db, {
      districtId: district.id,
      createdBy: olive.id,
      title: `Edcamp Maple ${tag}`,
    });
    const boardHeading = `Edcamp board: Edcamp Maple ${tag}`;

    // Olive, the organizer, opens the board on her laptop: three rooms, three slots, guests welcome.
    const organizer = await journeys.signedIn(olive);
    await organizer.goto(`/events/${eventId}/edcamp`);
    await expectPage(organizer, 'Edcamp board');
    await organizer.getByRole('button', { name: 'Open the board' }).click();
    const codeBox = organizer.getByTestId('edcamp-join-code');
    await codeBox.waitFor();
    const code = ((await codeBox.textContent()) ?? '').trim();
    await expectPage(organizer, boardHeading);

    // Six teachers sign in on their phones; two visitors with no account join with the code.
    const phones: Page[] = [];
    for (const teacher of teachers) {
      const page = await journeys.newPage(PHONE);
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(teacher.email);
      await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('nav[aria-label="Main"]').waitFor({ state: 'attached' });
      await page.goto(`/events/${eventId}/edcamp`);
      await page.getByRole('heading', { level: 1, name: boardHeading }).waitFor();
      phones.push(page);
    }
    for (const [i, name] of ['Gabe (visiting)', 'Gina (student teacher)'].entries()) {
      const page = await journeys.newPage(PHONE);
      await page.goto(`/edcamp/join?code=${code}`);
      if (i === 0) await expectPage(page, 'Join an edcamp board');
      await page.getByLabel('Your name').fill(name);
      await page.getByRole('button', { name: 'Join the board' }).click();
      await page.getByRole('heading', { level: 1, name: boardHeading }).waitFor();
      await page.getByText(`You are on this board as ${name}`).waitFor();
      phones.push(page);
    }
    expect(phones).toHaveLength(8);
    await expectPage(phones[0], boardHeading);
    await expectPage(phones[7], boardHeading);

    // Each proposes a session: teachers offer to lead, the visitors ask to learn.
    const topics = [
      'Number talks',
      'Thinking classrooms',
      'Restorative circles',
      'Student-led conferences',
      'Feedback with AI',
      'Co-teaching',
      'Grading for equity',
      'First-year survival',
    ];
    for (const [i, page] of phones.entries()) {
      if (i >= 6) await page.getByLabel('I want to learn about…').check();
      await page.getByLabel('Topic').fill(topics[i]);
      await page.getByRole('button', { name: 'Propose', exact: true }).click();
      await page.getByText('Proposed. People can vote for it now.').waitFor();
    }
    // Every phone (and the organizer) sees all eight, without reloading.
    for (const page of [organizer, ...phones])
      await expect.poll(() => proposalTitles(page), { timeout: 15_000 }).toEqual([...topics].sort());

    // Everyone votes for two sessions: the first three topics are the most wanted.
    for (const [i, page] of phones.entries())
      for (const topic of [topics[i % 3], topics[3 + (i % 5)]]) {
        const vote = page.getByRole('button', { name: `Vote for “${topic}”` });
        await vote.click();
        await page.getByRole('button', { name: `Voted for “${topic}”` }).waitFor();
      }
    await expectAccessible(phones[2]);

    // Olive asks Trellis for a schedule and applies it; every phone's grid fills in.
    await organizer.getByRole('button', { name: 'Propose a schedule' }).click();
    const proposal = organizer.getByRole('region', { name: 'Proposed schedule' });
    await proposal.getByText(/leaves \d+ voter conflicts?/).waitFor();
    await expectAccessible(organizer);
    await proposal.getByRole('button', { name: 'Apply this schedule' }).click();
    await expect
      .poll(() => organizer.getByTestId('edcamp-conflicts').textContent(), { timeout: 15_000 })
      .toMatch(/^\d+ voter conflicts?$/);
    for (const page of phones)
      await expect.poll(() => page.locator('.edcamp-cell__session').count(), { timeout: 15_000 }).toBe(8);

    // She moves one session with the keyboard control; every phone sees it land in the free cell.
    const freeCell = organizer.locator('.edcamp-cell--free').first();
    const freeId = (await freeCell.getAttribute('data-testid')) ?? '';
    const [, slotLabel, roomName] = freeId.match(/^cell-(.*)-([^-]*)$/) ?? [];
    const moved = topics[4];
    const picker = organizer.getByLabel(`Place “${moved}” in`);
    await picker.selectOption({ label: `${slotLabel} · ${roomName}` });
    await picker.locator('xpath=..').getByRole('button', { name: 'Place' }).click();
    for (const page of [organizer, ...phones])
      await expect.poll(() => cellText(page, slotLabel, roomName), { timeout: 15_000 }).toContain(moved);

    // A visitor's phone fits the screen and stays accessible with the grid filled in.
    for (const page of [phones[0], phones[7]]) {
      await expect.poll(() => scrollsSideways(page)).toBe(false);
      await expectAccessible(page);
    }
  });
});
