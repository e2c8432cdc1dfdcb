import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectPage, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('mentoring across districts', () => {
  it('a coordinator matches a new teacher with a mentor of another district; both log meetings that reach their learning logs', async () => {
    const tag = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const north = await buildDistrict(db, { name: `North Fork Schools ${tag}` });
    const south = await buildDistrict(db, { name: `South Ridge Schools ${tag}` });
    await buildNetwork(db, [north.id, south.id], { name: `River Valley Network ${tag}` });
    const birch = await buildSchool(db, north.id, { name: `Birch Middle ${tag}` });
    const nia = await buildUser(db, { districtId: north.id, schoolId: birch.id, name: `Nia Okafor${tag}` });
    const sam = await buildUser(db, {
      districtId: south.id,
      name: `Sam Reyes${tag}`,
      profile: { subjects: ['Science'], gradeBands: ['6-8'], openToMentoring: true },
    });
    const ada = await buildUser(db, { districtId: north.id, role: 'district_admin', name: `Ada Chen${tag}` });

    // Sam offers to mentor two people online.
    const mentor = await journeys.signedIn(sam);
    await mentor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mentoring' }).click();
    await expectPage(mentor, 'Mentoring');
    await mentor.getByText('You are in no mentorship yet.').waitFor();
    const offer = mentor.getByRole('form', { name: 'Offer to mentor' });
    await offer.getByLabel('How many people you mentor at once').fill('2');
    await offer.getByLabel('Topics you mentor in').fill('Classroom management, Lab safety');
    await offer.getByLabel('When you are available').fill('Tuesdays after 3');
    await offer.getByRole('button', { name: 'Save my offer' }).click();
    await mentor.getByText('Your offer is saved.').waitFor();

    // Nia, new to Birch Middle, asks for a mentor.
    const teacher = await journeys.signedIn(nia);
    await teacher.goto('/mentoring');
    await expectPage(teacher, 'Mentoring');
    const ask = teacher.getByRole('form', { name: 'Ask for a mentor' });
    await ask.getByLabel('Subject').selectOption('Science');
    await ask.getByLabel('Grade band').selectOption('6-8');
    await ask.getByLabel('Topics').fill('classroom management');
    await ask.getByLabel('How you would like to meet').selectOption('online');
    await ask.getByRole('button', { name: 'Ask for a mentor' }).click();
    await teacher.getByRole('link', { name: 'See the mentors Trellis suggests' }).click();
    await expectPage(teacher, `Mentor for Nia Okafor${tag}: Science, 6-8`);
    await teacher.getByRole('table', { name: `Why Sam Reyes${tag} is suggested` }).waitFor();

    // Ada, North Fork's coordinator, matches the cohort of open requests at once.
    const coordinator = await journeys.signedIn(ada);
    await coordinator.goto('/mentoring');
    await expectPage(coordinator, 'Mentoring');
    await coordinator.getByRole('link', { name: 'Coordinate mentoring' }).click();
    await expectPage(coordinator, 'Coordinate mentoring');
    await coordinator.getByRole('link', { name: `Nia Okafor${tag}` }).waitFor();
    await coordinator.getByRole('button', { name: /^Match all \d+ open requests?$/ }).click();
    await coordinator.getByText(/^Matched \d+ teachers?/).waitFor();
    const pairs = coordinator.getByRole('table', { name: /^Pairs/ });
    await pairs.getByRole('link', { name: `Nia Okafor${tag}` }).waitFor();
    await expectPage(coordinator, 'Coordinate mentoring');

    // Each of the pair logs a meeting in their private space.
    await teacher.goto('/mentoring');
    await expectPage(teacher, 'Mentoring');
    await teacher.getByRole('link', { name: `Mentored by Sam Reyes${tag}` }).click();
    await expectPage(teacher, `Sam Reyes${tag} mentoring Nia Okafor${tag}`);
    await teacher.getByText('Active · Science, 6-8 · across districts').waitFor();
    await teacher.getByLabel('Goal', { exact: true }).fill('Calm starts to lab lessons');
    await teacher.getByRole('button', { name: 'Add the goal' }).click();
    await teacher.getByRole('checkbox', { name: 'Calm starts to lab lessons' }).waitFor();
    const log = teacher.getByRole('form', { name: 'Log a meeting' });
    await log.getByLabel('Minutes').fill('45');
    await log.getByLabel('Notes (private to the two of you)').fill('Lab routines felt rushed');
    await log.getByRole('button', { name: 'Log the meeting' }).click();
    await teacher.getByText('Lab routines felt rushed').waitFor();
    await expectPage(teacher, `Sam Reyes${tag} mentoring Nia Okafor${tag}`);

    await mentor.goto('/mentoring');
    await expectPage(mentor, 'Mentoring');
    await mentor.getByRole('link', { name: `Mentoring Nia Okafor${tag}` }).click();
    await expectPage(mentor, `Sam Reyes${tag} mentoring Nia Okafor${tag}`);
    await mentor.getByText('Lab routines felt rushed').waitFor();
    const mentorLog = mentor.getByRole('form', { name: 'Log a meeting' });
    await mentorLog.getByLabel('Minutes').fill('30');
    await mentorLog.getByLabel('Notes (private to the two of you)').fill('Tried a two-minute entry routine');
    await mentorLog.getByRole('button', { name: 'Log the meeting' }).click();
    await mentor.getByText('2 meetings · 1.3 h', { exact: false }).waitFor();

    // On a 375 px phone the pair's space fits the screen.
    await mentor.setViewportSize({ width: 375, height: 740 });
    await mentor.reload();
    await expectPage(mentor, `Sam Reyes${tag} mentoring Nia Okafor${tag}`);
    await expect.poll(() => scrollsSideways(mentor)).toBe(false);

    // Both meetings are in both learning logs.
    await expect
      .poll(async () => {
        const { rows } = await db.execute<{ n: number }>(sql`
          select count(*)::int as n from learning_entries
           where user_id in (${nia.id}, ${sam.id}) and kind like 'mentoring_%'`);
        return rows[0].n;
      })
      .toBe(4);
    await teacher
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My learning' })
      .click();
    await expectPage(teacher, 'My learning');
    await expect.poll(() => teacher.getByText('Mentoring received').count()).toBeGreaterThanOrEqual(2);
    await mentor.goto('/learning');
    await expectPage(mentor, 'My learning');
    await expect.poll(() => mentor.getByText('Mentoring given').count()).toBeGreaterThanOrEqual(2);

    // Ada sees that the pair met, and for how long, never what they wrote.
    await coordinator.reload();
    await expectPage(coordinator, 'Coordinate mentoring');
    await pairs.getByRole('cell', { name: '1.3 h' }).waitFor();
    await expect.poll(() => coordinator.getByText('Lab routines felt rushed').count()).toBe(0);
  });
});
