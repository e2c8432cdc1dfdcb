import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import ical, { type CalendarComponent, type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { formatWall, wallOf } from '#server/features/events/time.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectPage, login, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();
const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };
const ZONE = 'America/Chicago';

describe('events', () => {
  it('a network creates a six-session hybrid series with credit; a teacher of another district registers, adds it to her calendar, checks in on her phone and finds the hours in her log', {
    timeout: 180_000,
  }, async () => {
    const tag = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const north = await buildDistrict(db, { name: `North Fork Schools ${tag}` });
    const south = await buildDistrict(db, { name: `South Ridge Schools ${tag}` });
    const network = await buildNetwork(db, [north.id, south.id], { name: `River Valley Network ${tag}` });
    const school = await buildSchool(db, south.id, { name: `Ridge Elementary ${tag}` });
    const nia = await buildUser(db, { districtId: north.id, name: `Nia Okafor${tag}` });
    await db.execute(
      sql`insert into memberships (user_id, organization_id, role) values (${nia.id}, ${network.id}, 'network_admin')`,
    );
    const tess = await buildUser(db, {
      districtId: south.id,
      schoolId: school.id,
      name: `Tess Alvarez${tag}`,
    });
    const title = `Number talks institute ${tag}`;

    // Nia creates the series for the network: hybrid, six weekly sessions, 12 hours of credit. The
    // first session began ten minutes ago so that its check-in code works today.
    const organizer = await journeys.signedIn(nia);
    await organizer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await expectPage(organizer, 'Events');
    await organizer.getByRole('link', { name: 'Create an event' }).click();
    await expectPage(organizer, 'Create an event');
    await organizer.getByLabel('Put on by').selectOption({ label: `River Valley Network ${tag} (network)` });
    await organizer
      .getByLabel('Who may find it')
      .selectOption({ label: `River Valley Network ${tag} (network)` });
    await organizer.getByLabel('Kind').selectOption({ label: 'Series' });
    await organizer.getByLabel('Title').fill(title);
    await organizer
      .getByLabel('Description')
      .fill('Six Saturdays of number talks, in the library or online.');
    await organizer.getByLabel('In person or online').selectOption({ label: 'Hybrid' });
    await organizer.getByLabel('Place').fill('Central Library');
    await organizer.getByLabel('Meeting link').fill('https://meet.example.test/number-talks');
    // Without a start the form names the field.
    await organizer.getByRole('button', { name: 'Create the event' }).click();
    await organizer.getByText('must be a date and time like 2026-10-24T09:00').waitFor();
    await organizer.getByLabel('Starts').fill(formatWall(wallOf(new Date(Date.now() - 10 * 60_000), ZONE)));
    await organizer.getByLabel('Length in minutes').fill('120');
    await organizer.getByLabel('Time zone').fill(ZONE);
    await organizer.getByLabel('Repeats').selectOption({ label: 'Every week' });
    await organizer.getByLabel('Number of sessions').fill('6');
    await organizer.getByLabel('Mathematics').check();
    await organizer.getByLabel('Credit hours offered').fill('12');
    await expectPage(organizer, 'Create an event');
    await organizer.getByRole('button', { name: 'Create the event' }).click();
    await expectPage(organizer, title);
    await organizer.getByRole('heading', { name: '6 sessions' }).waitFor();
    const code = (await organizer.locator('.checkin-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await organizer
      .getByRole('img', { name: `QR code that opens the check-in page with the code ${code}` })
      .waitFor();

    // Tess, in another district of the network, finds it on her phone and registers.
    const phone = await journeys.newPage(PHONE);
    await login(phone, tess);
    await phone.goto('/events');
    await expectPage(phone, 'Events');
    await phone.getByRole('link', { name: title }).first().click();
    await expectPage(phone, title);
    await phone.getByText('The meeting link shows here once you are registered.').waitFor();
    await phone.getByRole('button', { name: 'Register' }).click();
    await phone.getByRole('status').filter({ hasText: 'Registered' }).waitFor();
    await phone.getByRole('link', { name: 'https://meet.example.test/number-talks' }).waitFor();
    await expectPage(phone, title);
    expect(await scrollsSideways(phone)).toBe(false);

    // She adds it to her calendar: the invitation is the whole series, in Chicago time.
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      phone.getByRole('link', { name: 'Add to my calendar' }).click(),
    ]);
    const text = await readFile((await download.path()) as string, 'utf8');
    const master = Object.values(ical.sync.parseICS(text)).find(
      (v): v is VEvent => (v as CalendarComponent | undefined)?.type === 'VEVENT',
    );
    expect(master?.summary).toBe(title);
    expect(master?.rrule?.toString()).toContain('COUNT=6');
    expect(text).toContain(`TZID:${ZONE}`);

    // In the room she checks in with the code on the screen.
    await phone.getByRole('link', { name: 'Check in with the code shown in the room' }).click();
    await expectPage(phone, 'Check in');
    // The room's QR code opens the page with the code filled in.
    await phone.goto(`/events/check-in?code=${code}`);
    await expect.poll(() => phone.getByLabel('Check-in code').inputValue()).toBe(code);
    await phone.getByLabel('Check-in code').fill('WRONG1');
    await phone.getByRole('button', { name: 'Check in' }).click();
    await phone.getByText('The code is not the code of a session of yours that is running now').waitFor();
    await phone.getByLabel('Check-in code').fill(code.toLowerCase());
    await phone.getByRole('button', { name: 'Check in' }).click();
    await phone
      .getByRole('status')
      .filter({ hasText: `You are checked in to ${title}` })
      .waitFor();
    await expectPage(phone, 'Check in');
    expect(await scrollsSideways(phone)).toBe(false);

    // The hours are in her learning log: 12 hours over six sessions, two for this one.
    await phone.getByRole('link', { name: 'My learning log' }).click();
    await expectPage(phone, /learning/i);
    await phone.getByText(title).first().waitFor();
    await expect
      .poll(async () => {
        const { rows } = await db.execute<{ minutes: number }>(sql`
          select duration_minutes as minutes from learning_entries where user_id = ${tess.id} and kind = 'event_attended'`);
        return rows.map((r) => r.minutes);
      })
      .toEqual([120]);

    // Nia sees her on the roster as having attended.
    await organizer.reload();
    await expectPage(organizer, title);
  });
});
