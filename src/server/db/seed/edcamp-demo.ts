import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { newJoinCode } from '#server/features/edcamp/index.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';

/**
 * The demo's edcamp (issue 17): the district's Saturday edcamp has its board open with three rooms
 * and three slots, eight proposals (one from a guest who joined with the code) and the votes of a
 * dozen teachers, ready for the organizer to drag sessions into the grid or ask Trellis for a
 * schedule. The event is the events demo's edcamp when there is one, else one made here. Written once.
 */

const PROPOSALS: Array<{ kind: 'lead' | 'learn'; title: string; description: string }> = [
  {
    kind: 'lead',
    title: 'Number talks that every student joins',
    description: 'Dot images, sentence frames and wait time.',
  },
  { kind: 'learn', title: 'Grading for equity: where do I start?', description: '' },
  {
    kind: 'lead',
    title: 'Thinking classrooms in grades 6–8',
    description: 'Vertical surfaces, random groups, good tasks.',
  },
  {
    kind: 'learn',
    title: 'AI tools for feedback on student writing',
    description: 'What works, what to avoid.',
  },
  { kind: 'lead', title: 'Restorative circles after recess', description: '' },
  { kind: 'learn', title: 'Co-teaching with our special educators', description: '' },
  {
    kind: 'lead',
    title: 'Student-led conferences in one week',
    description: 'Templates and a timeline we used.',
  },
];

export async function seedEdcampDemo(db: Db, districtName: string): Promise<void> {
  const { rows: boards } = await db.execute(sql`select 1 from edcamp_boards limit 1`);
  if (boards.length) return;
  const { rows: districts } = await db.execute<{ id: string }>(
    sql`select id from organizations where kind = 'district' and name = ${districtName}`,
  );
  const districtId = districts[0]?.id;
  if (!districtId) return;
  const { rows: people } = await db.execute<{ id: string; admin: boolean }>(sql`
    select u.id, exists (select 1 from memberships m where m.user_id = u.id and m.organization_id = u.district_id
                                                      and m.role = 'district_admin') as admin
      from users u where u.district_id = ${districtId} and u.status = 'active'
     order by admin desc, u.created_at, u.id limit 14`);
  const organizer = people.find((p) => p.admin) ?? people[0];
  const teachers = people.filter((p) => p.id !== organizer?.id);
  if (!organizer || teachers.length < 6) return;

  await db.transaction(async (tx) => {
    const { rows: existing } = await tx.execute<{ id: string; starts_at: string }>(sql`
      select id, starts_at from events where kind = 'edcamp' and district_id = ${districtId}
       order by starts_at limit 1`);
    let eventId = existing[0]?.id;
    // Next Saturday, 9:00 in Chicago (15:00 UTC), for a morning of three sessions.
    const saturday = new Date();
    saturday.setUTCDate(saturday.getUTCDate() + ((6 - saturday.getUTCDay() + 7) % 7 || 7));
    saturday.setUTCHours(15, 0, 0, 0);
    let start = existing[0] ? new Date(existing[0].starts_at) : saturday;
    if (!eventId) {
      eventId = uuidv7();
      start = saturday;
      await tx.execute(sql`
        insert into events (id, host_kind, host_id, district_id, audience, audience_id, kind, title, description,
                            mode, place, capacity, time_zone, starts_at, ends_at, created_by)
        values (${eventId}, 'district', ${districtId}, ${districtId}, 'district', ${districtId}, 'edcamp',
                'Edcamp Saturday', 'The sessions are the ones you propose and vote for on the morning.',
                'in_person', 'Central Middle School', 120, 'America/Chicago',
                ${start.toISOString()}, ${new Date(start.getTime() + 4 * 3_600_000).toISOString()}, ${organizer.id})`);
      await tx.execute(sql`
        insert into event_sessions (id, event_id, starts_at, ends_at, recurrence_id, checkin_code, audience, audience_id, host_id)
        values (${uuidv7()}, ${eventId}, ${start.toISOString()}, ${new Date(start.getTime() + 4 * 3_600_000).toISOString()},
                ${start.toISOString()}, ${newJoinCode()}, 'district', ${districtId}, ${districtId})`);
    }
    const boardId = uuidv7();
    await tx.execute(sql`insert into edcamp_boards (id, event_id, district_id, guests_allowed, join_code, created_by)
      values (${boardId}, ${eventId}, ${districtId}, true, ${newJoinCode()}, ${organizer.id})`);
    for (const [position, [name, capacity]] of (
      [
        ['Library', 60],
        ['Room 104', 30],
        ['Art room', 20],
      ] as const
    ).entries())
      await tx.execute(sql`insert into edcamp_rooms (id, board_id, name, capacity, position)
        values (${uuidv7()}, ${boardId}, ${name}, ${capacity}, ${position})`);
    for (let i = 0; i < 3; i++) {
      const startsAt = new Date(start.getTime() + (30 + i * 60) * 60_000);
      await tx.execute(sql`insert into edcamp_slots (id, board_id, label, starts_at, ends_at, position)
        values (${uuidv7()}, ${boardId}, ${`Session ${i + 1}`}, ${startsAt.toISOString()},
                ${new Date(startsAt.getTime() + 45 * 60_000).toISOString()}, ${i})`);
    }
    const guestId = uuidv7();
    await tx.execute(sql`insert into edcamp_guests (id, board_id, name, token_hash, expires_at)
      values (${guestId}, ${boardId}, 'Sam', ${hashToken(newToken())}, now())`);

    const sessionIds: string[] = [];
    for (const [i, proposal] of PROPOSALS.entries()) {
      const id = uuidv7();
      sessionIds.push(id);
      await tx.execute(sql`insert into edcamp_sessions (id, board_id, kind, title, description, proposer_id)
        values (${id}, ${boardId}, ${proposal.kind}, ${proposal.title}, ${proposal.description}, ${teachers[i % teachers.length].id})`);
    }
    const guestSession = uuidv7();
    sessionIds.push(guestSession);
    await tx.execute(sql`insert into edcamp_sessions (id, board_id, kind, title, description, guest_id)
      values (${guestSession}, ${boardId}, 'learn', 'Classroom management in my first year', '', ${guestId})`);
    // Each teacher votes for two to four sessions, in a pattern that makes some pairs popular together.
    for (const [t, teacher] of teachers.entries())
      for (let k = 0; k < 2 + (t % 3); k++) {
        const sessionId = sessionIds[(t * 3 + k * 2) % sessionIds.length];
        await tx.execute(sql`insert into edcamp_votes (session_id, voter_key, user_id)
          values (${sessionId}, ${`user:${teacher.id}`}, ${teacher.id}) on conflict do nothing`);
      }
    await tx.execute(sql`update edcamp_sessions s set vote_count = (select count(*) from edcamp_votes v where v.session_id = s.id)
      where s.board_id = ${boardId}`);
  });
}
