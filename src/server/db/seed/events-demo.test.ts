import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { seedEventsDemo } from './events-demo.ts';

const t = setupTestApp();

describe('the demo’s events', () => {
  it('puts realistic events in the calendar, with registrations, a waitlist, approvals, attendance in the log and feedback, once', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db, { name: 'Demo Events District' });
    const other = await buildDistrict(db);
    const network = await buildNetwork(db, [home.id, other.id], { name: 'Demo Events Network' });
    const school = await buildSchool(db, home.id);
    const nia = await buildUser(db, { districtId: home.id });
    await db.execute(
      sql`insert into memberships (user_id, organization_id, role) values (${nia.id}, ${network.id}, 'network_admin')`,
    );
    const admin = await buildUser(db, { districtId: home.id, role: 'district_admin' });
    await buildUser(db, { districtId: home.id, schoolId: school.id, role: 'principal' });
    const teachers = [];
    for (let i = 0; i < 30; i++)
      teachers.push(
        await buildUser(db, { districtId: i % 3 ? home.id : other.id, schoolId: i % 3 ? school.id : null }),
      );
    await seedEventsDemo(db, 'Demo Events Network', 'Demo Events District');

    const { rows } = await db.execute<{ title: string; id: string; taken: number; capacity: number | null }>(
      sql`select id, title, taken, capacity from events order by title`,
    );
    expect(rows.map((r) => r.title)).toEqual([
      'Edcamp Saturday',
      'Formative Assessment in Five Minutes',
      'Monthly Math PLC',
      'New Teacher Summer Institute',
      'Number Talks Institute',
      'Restorative Circles Workshop',
    ]);
    const byTitle = Object.fromEntries(rows.map((r) => [r.title, r]));
    expect(byTitle['Number Talks Institute'].taken).toBe(14);
    expect(byTitle['Restorative Circles Workshop'].taken).toBe(4);
    const statuses = await db.execute<{ status: string; n: number }>(sql`
      select status, count(*)::int as n from event_registrations where event_id = ${byTitle['Restorative Circles Workshop'].id}
       group by status order by status`);
    expect(statuses.rows).toEqual([
      { status: 'pending_approval', n: 4 },
      { status: 'waitlisted', n: 2 },
    ]);

    // A teacher of the other district finds the network's series in her calendar.
    const teacher = await signedIn(t, teachers[0].id);
    const calendar = await teacher.get(
      `/api/calendar/events?to=${new Date(Date.now() + 60 * 86_400_000).toISOString()}`,
    );
    expect(calendar.json().data.some((e: { title: string }) => e.title === 'Number Talks Institute')).toBe(
      true,
    );

    // Last week's workshop is in its attendees' logs, and its feedback shows to the organizer: its six
    // answers count in whole blocks of five (decision 097), so five show and the sixth waits for four more.
    const entries = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from learning_entries where kind = 'event_attended'`,
    );
    expect(entries.rows[0].n).toBe(8);
    const organizer = await signedIn(t, admin.id);
    const feedback = await organizer.get(
      `/api/events/${byTitle['Formative Assessment in Five Minutes'].id}/feedback`,
    );
    expect(feedback.json().data).toMatchObject({ responses: 5 });

    await seedEventsDemo(db, 'Demo Events Network', 'Demo Events District');
    expect((await db.execute(sql`select 1 from events`)).rows).toHaveLength(6);
  });
});
