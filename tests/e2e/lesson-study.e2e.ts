import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { expectAccessible, expectPage, login, scrollsSideways, setupJourneys } from './fixtures.ts';
import { arrangeResearchLesson, observeOffline } from './observation-steps.ts';

const journeys = setupJourneys();
const PHONE = { width: 375, height: 740 };

/** The textarea of one column of one part of the plan (parts are numbered from 1, as the page says). */
const planCell = (page: Page, part: number, column: string) =>
  page.getByRole('group', { name: `Part ${part}` }).getByLabel(column, { exact: true });

/** Opens a phase's panel from the cycle page's list of phases. */
async function openPhase(page: Page, cycleId: string, phase: string) {
  await page.goto(`/cycles/${cycleId}`);
  await page
    .getByRole('navigation', { name: 'Phases' })
    .getByRole('link', { name: phase, exact: true })
    .click();
  await page.getByRole('heading', { level: 2, name: phase, exact: true }).waitFor();
}

describe('a lesson study', () => {
  it('takes three teachers of two districts from a theme to published findings, one observing on a phone', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const hill = await buildDistrict(db, { name: `Hill County ${suffix}` });
    const river = await buildDistrict(db, { name: `River Valley ${suffix}` });
    const network = await buildNetwork(db, [hill.id, river.id], { name: `Rural Math Network ${suffix}` });
    const hillSchool = await buildSchool(db, hill.id, { name: `Hill Elementary ${suffix}` });
    const riverSchool = await buildSchool(db, river.id, { name: `River Elementary ${suffix}` });
    const ana = await buildUser(db, {
      districtId: hill.id,
      schoolId: hillSchool.id,
      name: `Ana Ruiz${suffix}`,
    });
    const ben = await buildUser(db, {
      districtId: river.id,
      schoolId: riverSchool.id,
      name: `Ben Okafor${suffix}`,
    });
    const cal = await buildUser(db, {
      districtId: hill.id,
      schoolId: hillSchool.id,
      name: `Cal Jensen${suffix}`,
    });
    const community = await buildCommunity(db, {
      createdBy: ana.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: network.id,
      name: `Grade 5 fractions lesson study ${suffix}`,
      subjects: ['math'],
      members: [{ userId: ana.id, role: 'facilitator' }, { userId: ben.id }, { userId: cal.id }],
    });
    const title = `Fractions of a set ${suffix}`;

    // Ana starts a lesson study from the community with Ben (another district) and Cal.
    const anaPage = await journeys.newPage();
    await login(anaPage, ana);
    await anaPage.goto(`/communities/${community.id}`);
    await expectPage(anaPage, community.name);
    await anaPage.getByRole('link', { name: /Start a cycle/i }).click();
    await expectPage(anaPage, 'Start a cycle');
    await anaPage.getByLabel('Lesson study').check();
    await anaPage.getByLabel('Title').fill(title);
    await anaPage.getByLabel(ben.name).check();
    await anaPage.getByLabel(cal.name).check();
    await anaPage.getByRole('button', { name: 'Start the cycle' }).click();
    await expectPage(anaPage, title);
    const cycleId = new URL(anaPage.url()).pathname.split('/').pop() as string;

    // Study: the research theme and the long-term goal.
    await openPhase(anaPage, cycleId, 'Study');
    await anaPage
      .getByLabel('Research theme', { exact: true })
      .fill('Students reason about fractions with models before rules');
    await anaPage.getByLabel('Long-term goal for students').fill('Students explain why, not only how');
    await anaPage.getByRole('button', { name: 'Save the study' }).click();
    await anaPage.getByText(/saved/i).first().waitFor();
    await expectAccessible(anaPage);

    // Plan: Ana starts the plan; Ana and Ben write in the same cell at once, and each sees the other.
    await openPhase(anaPage, cycleId, 'Plan');
    await anaPage.getByRole('button', { name: 'Start the plan' }).click();
    await planCell(anaPage, 2, 'Anticipated student responses').waitFor();

    const benPage = await journeys.newPage();
    await login(benPage, ben);
    await openPhase(benPage, cycleId, 'Plan');
    await planCell(benPage, 2, 'Anticipated student responses').waitFor();
    await expect.poll(() => benPage.getByText(`Also here: ${ana.name}`).count()).toBe(1);

    await planCell(anaPage, 2, 'Anticipated student responses').click();
    await planCell(benPage, 2, 'Anticipated student responses').click();
    await planCell(anaPage, 2, 'Anticipated student responses').pressSequentially('Groups the 12 in fours. ');
    await planCell(benPage, 2, 'Anticipated student responses').pressSequentially('Divides 12 by 4 at once.');
    for (const page of [anaPage, benPage]) {
      const cell = planCell(page, 2, 'Anticipated student responses');
      await expect.poll(() => cell.inputValue()).toContain('Groups the 12 in fours.');
      await expect.poll(() => cell.inputValue()).toContain('Divides 12 by 4 at once.');
      await page.getByText('All changes saved').waitFor();
    }
    await expect.poll(() => anaPage.getByText(`${ben.name} is typing here`).count()).toBe(1);
    await planCell(benPage, 2, 'Points to notice and evaluate').fill('How students represent “3/4 of” a set');
    await benPage.getByText('All changes saved').waitFor();

    // Ben's connection drops while he writes: his words wait on his device, the page says so, and they
    // reach Ana when the connection returns.
    await benPage.context().setOffline(true);
    await planCell(benPage, 3, 'Teacher support').fill('Fraction strips on every table');
    await benPage.getByText(/Not saved yet/).waitFor();
    await benPage.context().setOffline(false);
    await benPage.getByText('All changes saved').waitFor();
    await expect
      .poll(() => planCell(anaPage, 3, 'Teacher support').inputValue())
      .toBe('Fraction strips on every table');

    // Ben adds a case student, by pseudonym: the form says why never a real name.
    await benPage
      .getByText(/Never a real name/)
      .first()
      .waitFor();
    await benPage.getByLabel('Pseudonym').fill('Student A');
    await benPage.getByLabel('What to watch for').fill('Groups in fours before making four groups');
    await benPage.getByRole('button', { name: 'Add case student' }).click();
    await benPage.getByRole('button', { name: 'Change Student A' }).waitFor();
    await expectAccessible(benPage);

    // The printable version for observers shows the plan as a table with the case student.
    await anaPage.getByRole('button', { name: 'Printable version' }).click();
    const printable = anaPage.getByRole('table', { name: 'The research-lesson plan' });
    await printable.getByText('Divides 12 by 4 at once.').waitFor();
    await anaPage
      .getByRole('article', { name: 'Printable plan for observers' })
      .getByText(/Student A: Groups in fours before making four groups/)
      .waitFor();
    await expectAccessible(anaPage);

    // Teach and observe (P7): Cal observes the lesson on a 375 px phone.
    const calPage = await journeys.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await login(calPage, cal);
    await openPhase(calPage, cycleId, 'Plan');
    await planCell(calPage, 2, 'Anticipated student responses').waitFor();
    await expect
      .poll(() => scrollsSideways(calPage), { message: 'the plan scrolls sideways on a phone' })
      .toBe(false);
    await expectAccessible(calPage);
    // Ana sets the lesson's time and place and has Cal watch Student A; Cal keeps notes and a photo
    // on the sheet while the classroom's Wi-Fi is gone, and they are sent once when it returns.
    await arrangeResearchLesson(anaPage, {
      cycleId,
      observer: cal.name,
      pseudonym: 'Student A',
      place: `Hill Middle ${suffix}, room 12`,
    });
    await observeOffline(calPage, {
      db,
      cycleId,
      pseudonym: 'Student A',
      point: 'How students represent “3/4 of” a set',
    });

    // Revise and share: Ana starts the revised plan, changes it, and sees the changes from the first.
    await openPhase(anaPage, cycleId, 'Revise and share');
    await anaPage.getByRole('button', { name: 'Start the revised plan' }).click();
    await anaPage.getByRole('heading', { name: /Revised plan \(version 2\)/ }).waitFor();
    await planCell(anaPage, 2, 'Teacher support').fill('Ask: how many groups should there be?');
    await anaPage.getByText('All changes saved').waitFor();
    await anaPage.reload();
    const changes = anaPage.getByRole('region', { name: 'Changes from version 1 to version 2' });
    await changes.locator('ins', { hasText: 'how many groups should there be?' }).waitFor();
    await expectAccessible(anaPage);

    // The team's findings, published by Ana to the network as a resource.
    await anaPage
      .getByLabel('What we learned about student thinking')
      .fill('Many read the 4 as the size of a group.');
    await anaPage
      .getByLabel('What we learned about teaching')
      .fill('Asking for the number of groups did more than telling.');
    await anaPage.getByRole('button', { name: 'Save the draft' }).click();
    await anaPage.getByText('The draft is saved.').waitFor();
    await anaPage.getByLabel('Title', { exact: true }).fill(`Findings: ${title}`);
    await anaPage.getByLabel('Publish to').selectOption('network');
    await anaPage.getByRole('button', { name: 'Publish the findings' }).click();
    const published = anaPage.getByRole('link', { name: `Findings: ${title}` });
    await published.waitFor();
    await expectAccessible(anaPage);

    // Ben, in the other district, finds the report in the library and opens it, with the plan in it.
    await benPage.goto('/resources');
    await expectPage(benPage, 'Library');
    await benPage.getByLabel('Search by title, summary or alignment').fill(`Findings ${suffix}`);
    await benPage.getByRole('button', { name: 'Search the library' }).click();
    await benPage.getByRole('link', { name: `Findings: ${title}` }).click();
    await expectPage(benPage, `Findings: ${title}`);
    await benPage.getByText('Many read the 4 as the size of a group.').waitFor();
    await benPage.getByText('Student A').first().waitFor();
  });
});
