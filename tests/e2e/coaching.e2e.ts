import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { expectPage, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('coaching cycles', () => {
  it('a teacher invites a coach of another district, who observes live on a tablet; they agree a follow-up that shows on her home', async () => {
    const tag = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const north = await buildDistrict(db, { name: `North Fork Schools ${tag}` });
    const south = await buildDistrict(db, { name: `South Ridge Schools ${tag}` });
    await buildNetwork(db, [north.id, south.id], { name: `River Valley Network ${tag}` });
    const tia = await buildUser(db, { districtId: north.id, name: `Tia Moreno${tag}` });
    const cole = await buildUser(db, { districtId: south.id, role: 'coach', name: `Cole Barrett${tag}` });

    // Tia starts a cycle on student discourse and invites Cole.
    const teacher = await journeys.signedIn(tia);
    await teacher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coaching' }).click();
    await expectPage(teacher, 'Coaching');
    await teacher.getByText('You have not started a coaching cycle yet.').waitFor();
    await teacher.getByRole('button', { name: 'Start the cycle' }).click();
    await teacher.getByText('Choose or write a focus').waitFor();
    await teacher.getByLabel('Title').fill(`Talk moves ${tag}`);
    await teacher.getByLabel('What you want feedback on').fill('Student discourse');
    await teacher.getByLabel('Name').fill(`Cole Barrett${tag}`);
    await teacher.getByRole('button', { name: `Add Cole Barrett${tag} as coach` }).click();
    await teacher.getByRole('list', { name: 'Invited' }).getByText(`Cole Barrett${tag} (coach)`).waitFor();
    await expectPage(teacher, 'Coaching');
    await teacher.getByRole('button', { name: 'Start the cycle' }).click();
    await expectPage(teacher, `Talk moves ${tag}`);
    await teacher.getByText('Student discourse', { exact: true }).waitFor();
    await teacher.getByLabel('Goal for the lesson').fill('More students explain their reasoning');
    await teacher.getByLabel('What to look for').fill('Who talks after a question');
    await teacher.getByRole('button', { name: 'Save the pre-conference' }).click();
    await teacher.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // Cole finds the cycle in his caseload and observes the lesson live.
    const coach = await journeys.signedIn(cole);
    await coach.goto('/coaching/caseload');
    await expectPage(coach, 'My caseload');
    await coach.getByRole('link', { name: `Talk moves ${tag}` }).click();
    await expectPage(coach, `Talk moves ${tag}`);
    await coach.getByRole('button', { name: 'Start a live observation' }).click();
    await expectPage(coach, 'Lesson');
    await coach.getByText('Look for: Who talks after a question').waitFor();
    await coach
      .getByLabel('Note (stamped with the time you keep it)')
      .fill('Four students build on each other');
    await coach.getByRole('button', { name: 'Keep the note' }).click();
    await coach.getByText('[Student discourse] Four students build on each other').waitFor();

    // The room's Wi-Fi drops: a note is kept on the tablet, survives a reload, and is sent once when it returns.
    const notesOf = async () => {
      const { rows } = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from coaching_observation_notes n
          join coaching_observations o on o.id = n.observation_id
          join coaching_cycles c on c.id = o.cycle_id
         where c.teacher_id = ${tia.id}`);
      return rows[0].n;
    };
    await expect.poll(notesOf).toBe(1);
    await coach.context().setOffline(true);
    await coach.getByText('You are offline. New notes are kept on this device').waitFor();
    await coach
      .getByLabel('Note (stamped with the time you keep it)')
      .fill('Two quiet students answer each other');
    await coach.getByRole('button', { name: 'Keep the note' }).click();
    await coach.getByText('Offline: 1 item kept on this device').waitFor();
    await coach.getByText('Two quiet students answer each other').waitFor();
    await expectPage(coach, 'Lesson');
    // The tablet reloads the sheet while notes still cannot reach Trellis.
    await coach.route('**/api/coaching/observations/*/notes/*', (route) => route.abort());
    await coach.context().setOffline(false);
    await coach.reload();
    await expectPage(coach, 'Lesson');
    await coach.getByText('Waiting to send').waitFor();
    await coach.getByText('Two quiet students answer each other').waitFor();
    expect(await notesOf()).toBe(1);
    await coach.unroute('**/api/coaching/observations/*/notes/*');
    await coach.getByRole('button', { name: 'Send now' }).click();
    await coach.getByText('Everything you wrote has been sent.').waitFor();
    await expect.poll(notesOf).toBe(2);
    await expect.poll(() => coach.getByText('Waiting to send').count()).toBe(0);
    await coach.getByText('[Student discourse] Two quiet students answer each other').waitFor();
    await expectPage(coach, 'Lesson');
    await coach.getByLabel('Minutes observed').fill('40');
    await coach.getByRole('button', { name: 'Complete the observation' }).click();
    await coach.getByText('completed, 40 min').waitFor();
    await expect
      .poll(async () => {
        const { rows } = await db.execute<{ n: number }>(sql`
          select count(*)::int as n from learning_entries
           where user_id in (${tia.id}, ${cole.id}) and kind like 'coaching_observation_%' and duration_minutes = 40`);
        return rows[0].n;
      })
      .toBe(2);

    // Tia agrees a follow-up action in the post-conference; it shows on her home until done.
    await teacher.reload();
    await expectPage(teacher, `Talk moves ${tag}`);
    await teacher.getByRole('link', { name: 'Lesson', exact: true }).waitFor();
    await teacher
      .getByRole('textbox', { name: 'Action', exact: true })
      .fill('Plan three talk moves for Friday');
    await teacher.getByLabel('Due on').fill('2030-01-10');
    await teacher.getByRole('button', { name: 'Add the action' }).click();
    await teacher.getByRole('checkbox', { name: 'Plan three talk moves for Friday' }).waitFor();

    // Cole writes in the cycle's conversation; it shows on Tia's open page without a reload.
    await coach.getByRole('link', { name: `Back to Talk moves ${tag}` }).click();
    await expectPage(coach, `Talk moves ${tag}`);
    await coach
      .getByRole('form', { name: 'Comment' })
      .getByLabel('Comment')
      .fill('Shall we try it on Friday?');
    await coach.getByRole('button', { name: 'Send the comment' }).click();
    await teacher.getByText('Shall we try it on Friday?').waitFor();
    await teacher.goto('/');
    await expectPage(teacher);
    const followUps = teacher.getByRole('region', { name: 'Your coaching follow-ups' });
    await followUps.getByRole('checkbox', { name: 'Plan three talk moves for Friday' }).click();
    await followUps.waitFor({ state: 'detached' });

    // Cole's log counts the session.
    await coach.goto('/coaching/log');
    await expectPage(coach, 'My coaching log');
    await coach.getByText('2 sessions · 1 h 10 min · 1 teacher supported').waitFor();
  });
});
