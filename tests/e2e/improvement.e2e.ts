import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import type { Db } from '#server/db/client.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { expectAccessible, expectPage, login, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();
const PHONE = { width: 375, height: 740 };
const DAY = 86_400_000;

/** Mondays counted back from this week's: week(0) is fifteen weeks ago. */
const monday = Date.now() - ((new Date().getUTCDay() + 6) % 7) * DAY;
const week = (i: number) => new Date(monday - (15 - i) * 7 * DAY).toISOString().slice(0, 10);

/** Weeks of a team's figures entered before the journey, as the team would have entered them week by week. */
async function enteredBefore(db: Db, measureId: string, schoolId: string, userId: string, values: number[]) {
  for (const [i, value] of values.entries())
    await db.execute(sql`
      insert into improvement_values (id, measure_id, school_id, period, value, student_count, entered_by)
      values (${uuidv7()}, ${measureId}, ${schoolId}, ${week(i)}, ${value}, 24, ${userId})`);
}

/** Opens a phase's panel from the cycle page's list of phases. */
async function openPhase(page: Page, cycleId: string, phase: string) {
  await page.goto(`/cycles/${cycleId}`);
  await page
    .getByRole('navigation', { name: 'Phases' })
    .getByRole('link', { name: phase, exact: true })
    .click();
  await page.getByRole('heading', { level: 2, name: phase, exact: true }).waitFor();
}

/** Starts a PDSA cycle from the community's page, with the given colleagues on the team. */
async function startPdsa(page: Page, communityId: string, title: string, team: string[]) {
  await page.goto(`/communities/${communityId}`);
  await page.getByRole('link', { name: 'Start a cycle' }).click();
  await expectPage(page, 'Start a cycle');
  await page.getByLabel('PDSA cycle').check();
  await page.getByLabel('Title').fill(title);
  for (const name of team) await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Start the cycle' }).click();
  await expectPage(page, title);
  return new URL(page.url()).pathname.split('/').pop() as string;
}

/** Enters this week's figure for the team in the community's run-chart section. */
async function enterValue(page: Page, period: string, value: string, students: string) {
  const form = page.getByRole('form', { name: /^Enter / });
  await form.getByLabel('Week or cycle of').fill(period);
  await form.getByLabel(/^Value/).fill(value);
  await form.getByLabel('Number of students it is computed from').fill(students);
  await form.getByRole('button', { name: 'Save the value' }).click();
  await form.getByText(/^Saved the value/).waitFor();
}

async function setBaseline(page: Page, from: string, points: string) {
  const form = page.getByRole('form', { name: 'Baseline' });
  await form.getByLabel('From').fill(from);
  await form.getByLabel('Points in the baseline').fill(points);
  await form.getByRole('button', { name: 'Set the baseline' }).click();
  await form.getByText('Saved.').waitFor();
}

const chartOf = (page: Page, school: string) => page.getByRole('figure').filter({ hasText: school });

describe('a networked improvement community', () => {
  it('sets an aim and driver diagram; two schools run linked PDSA cycles with data; the network sees both run charts, a shift flagged', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const north = await buildDistrict(db, { name: `North Plains ${suffix}` });
    const south = await buildDistrict(db, { name: `South Fork ${suffix}` });
    const network = await buildNetwork(db, [north.id, south.id], { name: `Rural Science Network ${suffix}` });
    const aspen = await buildSchool(db, north.id, { name: `Aspen Middle ${suffix}` });
    const birch = await buildSchool(db, south.id, { name: `Birch Middle ${suffix}` });
    const fay = await buildUser(db, { districtId: north.id, schoolId: aspen.id, name: `Fay Lund${suffix}` });
    const gus = await buildUser(db, {
      districtId: north.id,
      schoolId: aspen.id,
      name: `Gus Moreno${suffix}`,
    });
    const hal = await buildUser(db, { districtId: south.id, schoolId: birch.id, name: `Hal Begay${suffix}` });
    const community = await buildCommunity(db, {
      createdBy: fay.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: network.id,
      name: `Science labs improvement ${suffix}`,
      members: [{ userId: fay.id, role: 'facilitator' }, { userId: gus.id }, { userId: hal.id }],
    });
    await db.execute(sql`update communities set kind = 'improvement_community' where id = ${community.id}`);

    // Fay, the facilitator, sets the aim: what, how much, by when, for whom.
    const fayPage = await journeys.newPage();
    await login(fayPage, fay);
    await fayPage.goto(`/communities/${community.id}`);
    await expectPage(fayPage, community.name);
    const aim = fayPage.getByRole('form', { name: 'The aim' });
    await aim.getByRole('button', { name: 'Save the aim' }).click();
    await aim.locator('.field__error').first().waitFor();
    await aim.getByLabel('What will improve').fill('Students plan their own investigations');
    await aim.getByLabel('How much').fill('from 25% to 60% of lab reports');
    await aim.getByLabel('By when').fill('2027-06-01');
    await aim.getByLabel('For whom').fill('grades 6–8 science students');
    await aim.getByRole('button', { name: 'Save the aim' }).click();
    await fayPage
      .getByText('Students plan their own investigations, from 25% to 60% of lab reports')
      .waitFor();

    // The driver diagram, written as an outline and drawn as a diagram read as that outline.
    await fayPage.getByRole('button', { name: 'Edit the driver diagram' }).click();
    const outline = fayPage.getByRole('form', { name: 'Edit the driver diagram' });
    await outline.getByRole('button', { name: 'Add a primary driver' }).click();
    await outline
      .getByLabel('Primary driver 1', { exact: true })
      .fill('Students see investigations as theirs');
    await outline.getByRole('button', { name: 'Add a secondary driver under Primary driver 1' }).click();
    await outline.getByLabel('Secondary driver 1.1', { exact: true }).fill('Routines for testable questions');
    await outline.getByRole('button', { name: 'Add a change idea under Secondary driver 1.1' }).click();
    await outline
      .getByLabel('Change idea 1.1.1', { exact: true })
      .fill('Question wall at the start of each unit');
    await expectAccessible(fayPage);
    await outline.getByRole('button', { name: 'Save the driver diagram' }).click();
    const diagram = fayPage.getByRole('figure', { name: /Driver diagram/ });
    await diagram
      .getByRole('list', { name: 'Change ideas' })
      .getByText('Question wall at the start of each unit')
      .waitFor({ state: 'attached' });
    await expect.poll(() => diagram.locator('svg rect').count()).toBe(4);

    // A measure with its operational definition.
    await fayPage.getByRole('button', { name: 'Add a measure' }).click();
    const measureForm = fayPage.getByRole('form', { name: 'Add a measure' });
    await measureForm.getByLabel('Name').fill('Student-planned lab reports');
    await measureForm
      .getByLabel('Operational definition')
      .fill('Lab reports whose procedure students wrote, as a % of all.');
    await measureForm.getByLabel('Unit').fill('%');
    await measureForm.getByRole('button', { name: 'Add the measure' }).click();
    await fayPage.getByRole('heading', { name: 'Run charts' }).waitFor();
    await expectAccessible(fayPage);
    const { rows } = await db.execute<{ id: string }>(
      sql`select id from improvement_measures where community_id = ${community.id}`,
    );
    const measureId = rows[0].id;

    // Aspen's team has entered fifteen weeks: eight around 40, then higher after its first change.
    await enteredBefore(
      db,
      measureId,
      aspen.id,
      gus.id,
      [40, 42, 38, 41, 39, 43, 37, 40, 45, 47, 44, 48, 46, 49, 45],
    );
    // Birch's eleven weeks vary at random about 31.
    await enteredBefore(db, measureId, birch.id, hal.id, [30, 33, 31, 34, 29, 32, 35, 28, 33, 31, 34]);

    // Gus (Aspen) starts the first PDSA cycle with Hal of Birch on the team and plans it.
    const gusPage = await journeys.newPage();
    await login(gusPage, gus);
    const first = await startPdsa(gusPage, community.id, `Question wall, one class ${suffix}`, [hal.name]);
    await openPhase(gusPage, first, 'Plan');
    const plan = gusPage.getByRole('form', { name: /^Plan:/ });
    await plan
      .getByLabel('Change idea')
      .selectOption({ label: 'Question wall at the start of each unit (Routines for testable questions)' });
    await plan.getByLabel('School team').selectOption({ label: `${aspen.name} (${north.name})` });
    await plan.getByLabel('Measure it moves').selectOption({ label: 'Student-planned lab reports' });
    await plan.getByLabel('Prediction').fill('Half of the lab groups will write their own procedure.');
    await plan.getByLabel('When', { exact: true }).fill(week(8));
    await plan.getByRole('button', { name: 'Save' }).click();
    await plan.getByText('Saved.').waitFor();
    await expectAccessible(gusPage);
    await openPhase(gusPage, first, 'Act');
    const act = gusPage.getByRole('form', { name: /^Act:/ });
    await act.getByRole('radio', { name: /Adapt:/ }).check();
    await act.getByLabel('What we do next').fill('Add a testability sort; Birch tries it next.');
    await act.getByRole('button', { name: 'Save' }).click();
    await act.getByText('Saved.').waitFor();

    // Gus enters this week's figure and sets Aspen's baseline: the first eight weeks.
    await gusPage.goto(`/communities/${community.id}`);
    await expectPage(gusPage, community.name);
    await enterValue(gusPage, week(15), '50', '24');
    await setBaseline(gusPage, week(0), '8');
    await chartOf(gusPage, aspen.name)
      .getByText(/^Shift: 8 points in a row/)
      .waitFor();

    // Hal (Birch) runs the next cycle of the ramp at his school, linked after the first.
    const halPage = await journeys.newPage();
    await login(halPage, hal);
    const second = await startPdsa(halPage, community.id, `Question wall with a sort, Birch ${suffix}`, []);
    await openPhase(halPage, second, 'Plan');
    const halPlan = halPage.getByRole('form', { name: /^Plan:/ });
    await halPlan
      .getByLabel('Follows from the cycle')
      .selectOption({ label: `Question wall, one class ${suffix}` });
    await halPlan
      .getByLabel('Change idea')
      .selectOption({ label: 'Question wall at the start of each unit (Routines for testable questions)' });
    await halPlan.getByLabel('School team').selectOption({ label: `${birch.name} (${south.name})` });
    await halPlan.getByLabel('Measure it moves').selectOption({ label: 'Student-planned lab reports' });
    await halPlan.getByLabel('When', { exact: true }).fill(week(11));
    await halPlan.getByRole('button', { name: 'Save' }).click();
    await halPlan.getByText('Saved.').waitFor();
    const ramp = halPage.getByRole('navigation', { name: 'Ramp of linked PDSA cycles' });
    await ramp.getByRole('link', { name: `Question wall, one class ${suffix}` }).waitFor();
    await ramp.getByText(`Question wall with a sort, Birch ${suffix}`).waitFor();
    await expectAccessible(halPage);

    // The sort worked at Birch: Hal's team adopts the change idea.
    await openPhase(halPage, second, 'Act');
    const halAct = halPage.getByRole('form', { name: /^Act:/ });
    await halAct.getByRole('radio', { name: /Adopt:/ }).check();
    await halAct.getByRole('button', { name: 'Save' }).click();
    await halAct.getByText('Saved.').waitFor();

    // Fay, not on Birch's team, finds the adopted change idea through search and follows it to the
    // network's cycles of that change idea.
    await fayPage.goto('/search');
    await fayPage.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    await fayPage.getByLabel('Search threads, replies, communities and people').fill('question wall');
    await fayPage
      .getByRole('form', { name: 'Search Trellis' })
      .getByRole('button', { name: 'Search' })
      .click();
    const adopted = fayPage.getByRole('region', { name: 'Adopted change ideas' });
    await adopted.getByText(`Question wall with a sort, Birch ${suffix}`).waitFor();
    await expectAccessible(fayPage);
    await adopted.getByRole('link', { name: 'Question wall at the start of each unit' }).click();
    await fayPage.getByText('Showing the cycles of one change idea.').waitFor();
    await expect.poll(() => new URL(fayPage.url()).pathname).toBe(`/networks/${network.id}/cycles`);
    await fayPage.getByRole('heading', { name: `Question wall with a sort, Birch ${suffix}` }).waitFor();

    // Hal enters Birch's week, from a small group, and sets Birch's baseline.
    await halPage.goto(`/communities/${community.id}`);
    await expectPage(halPage, community.name);
    await enterValue(halPage, week(11), '36', '7');
    await setBaseline(halPage, week(0), '8');
    await chartOf(halPage, birch.name)
      .getByRole('img', { name: /No sign of non-random variation/ })
      .waitFor();

    // The network, on a phone: both schools' run charts side by side, Aspen's shift flagged, the
    // small group's figure kept within Birch's team, and the PDSA cycles marked on the charts.
    const phone = await journeys.newPage({ viewport: PHONE });
    await login(phone, fay);
    await phone.goto(`/communities/${community.id}`);
    await expectPage(phone, community.name);
    const aspenChart = chartOf(phone, aspen.name);
    const birchChart = chartOf(phone, birch.name);
    await aspenChart.getByText(/^Shift: 8 points in a row on one side of the median/).waitFor();
    await aspenChart.getByText(`P1: Question wall, one class ${suffix}`, { exact: false }).waitFor();
    await birchChart.getByText('No sign of non-random variation.').waitFor();
    await birchChart.getByText('1 value from fewer than 10 students, kept within the team.').waitFor();
    await birchChart.getByText(`P1: Question wall with a sort, Birch ${suffix}`, { exact: false }).waitFor();
    await expect.poll(() => scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone);
  });
});
