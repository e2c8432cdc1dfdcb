import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { CreateEventBody } from '#shared/contracts/events.ts';
import { actorOf } from './actor.ts';
import { createEvent, giveFeedback, register, takeRoster } from './service.ts';
import { formatWall, wallOf } from './time.ts';

/** The actor a demo write is made as. */
export const demoActor = actorOf;

const ZONE = 'America/Chicago';
const DAY = 86_400_000;
/** A wall time in Chicago `days` from today at `hour`:`minute`, on the next `weekday` (0 Sunday) when given. */
function wall(days: number, hour: number, minute = 0, weekday?: number): string {
  const d = new Date(Date.now() + days * DAY);
  if (weekday !== undefined) d.setTime(d.getTime() + ((weekday - d.getUTCDay() + 7) % 7) * DAY);
  const w = wallOf(d, ZONE);
  w.setUTCHours(hour, minute, 0, 0);
  return formatWall(w);
}

const base = {
  description: '',
  place: '',
  room: '',
  capacity: null,
  meetingUrl: null,
  subjects: [],
  gradeBands: [],
  competencies: [],
  creditHours: null,
  creditTypeId: null,
  requiresApproval: false,
  questions: [],
  facilitatorIds: [],
  materialIds: [],
} satisfies Partial<CreateEventBody>;

/** Writes the demo's events through the same use cases people use (see db/seed/events-demo.ts). */
export async function demoEvents(
  db: Db,
  p: { networkAdmin: Actor; districtAdmin: Actor; networkId: string; districtId: string; teachers: Actor[] },
): Promise<void> {
  const { networkAdmin: na, districtAdmin: da, teachers } = p;
  // The district's own events are for its teachers; the network's series draws from every district.
  const home = teachers.filter((t) => t.districtId === p.districtId);
  const network = {
    host: { kind: 'network' as const, id: p.networkId },
    audience: 'network' as const,
    audienceId: p.networkId,
  };
  const district = {
    host: { kind: 'district' as const, id: p.districtId },
    audience: 'district' as const,
    audienceId: p.districtId,
  };

  const talks = await createEvent({
    db,
    actor: na,
    body: {
      ...base,
      ...network,
      kind: 'series',
      title: 'Number Talks Institute',
      description:
        'Six Saturday mornings on number talks in grades 3–8: dot images, strings, and the talk moves that bring every student in. Join in the library or online.',
      mode: 'hybrid',
      place: 'Central Library, 200 Main St',
      room: 'Community Room B',
      capacity: 40,
      meetingUrl: 'https://meet.example.org/number-talks',
      subjects: ['Mathematics'],
      gradeBands: ['3-5', '6-8'],
      competencies: ['Mathematical discourse', 'Questioning'],
      creditHours: 12,
      questions: [
        { id: 'grade', prompt: 'Which grade do you teach?', required: true },
        { id: 'diet', prompt: 'Dietary needs for the in-person lunch', required: false },
      ],
      schedule: {
        start: wall(3, 9, 0, 6),
        durationMinutes: 120,
        timeZone: ZONE,
        rule: 'FREQ=WEEKLY;COUNT=6',
      },
    },
  });
  for (const [i, t] of teachers.slice(0, 14).entries())
    await register({
      db,
      actor: t,
      eventId: talks,
      body: { answers: { grade: String(3 + (i % 6)) }, needsSubstitute: false },
    });

  await createEvent({
    db,
    actor: da,
    body: {
      ...base,
      ...district,
      kind: 'plc_meeting',
      title: 'Monthly Math PLC',
      description: 'Bring student work from this month; we look at it together with a protocol.',
      mode: 'hybrid',
      place: 'District Office',
      room: 'Board Room',
      meetingUrl: 'https://meet.example.org/math-plc',
      subjects: ['Mathematics'],
      gradeBands: ['6-8', '9-12'],
      schedule: {
        start: wall(1, 16, 0, 2),
        durationMinutes: 60,
        timeZone: ZONE,
        rule: 'FREQ=MONTHLY;BYDAY=1TU;COUNT=9',
      },
    },
  });

  await createEvent({
    db,
    actor: na,
    body: {
      ...base,
      ...network,
      kind: 'institute',
      title: 'New Teacher Summer Institute',
      description:
        'Three days before school starts: classroom routines, the first two weeks, and who to call.',
      mode: 'in_person',
      place: 'Prairie View High School',
      room: 'Library',
      capacity: 60,
      creditHours: 18,
      schedule: {
        start: wall(40, 8, 30),
        durationMinutes: 360,
        timeZone: ZONE,
        dates: [wall(41, 8, 30), wall(42, 8, 30)],
      },
    },
  });

  const restorative = await createEvent({
    db,
    actor: da,
    body: {
      ...base,
      ...district,
      kind: 'workshop',
      title: 'Restorative Circles Workshop',
      description:
        'A school-day workshop: running circles after conflict. Registrations need your principal’s approval.',
      mode: 'in_person',
      place: 'Lincoln Elementary',
      room: 'Room 104',
      capacity: 4,
      requiresApproval: true,
      creditHours: 6,
      schedule: { start: wall(10, 8, 0), durationMinutes: 360, timeZone: ZONE },
    },
  });
  for (const t of home.slice(0, 6))
    await register({ db, actor: t, eventId: restorative, body: { answers: {}, needsSubstitute: true } });

  await createEvent({
    db,
    actor: da,
    body: {
      ...base,
      ...district,
      kind: 'edcamp',
      title: 'Edcamp Saturday',
      description: 'The sessions are the ones you propose and vote for on the morning.',
      mode: 'in_person',
      place: 'Central Middle School',
      capacity: 120,
      schedule: { start: wall(10, 9, 0, 6), durationMinutes: 240, timeZone: ZONE },
    },
  });

  // Last week's workshop, attended: registrations are written as they stood before it began.
  const past = await createEvent({
    db,
    actor: da,
    body: {
      ...base,
      ...district,
      kind: 'workshop',
      title: 'Formative Assessment in Five Minutes',
      description: 'Exit tickets, hinge questions and what to do with what they tell you.',
      mode: 'in_person',
      place: 'District Office',
      room: 'Room 12',
      capacity: 30,
      creditHours: 2,
      competencies: ['Assessment for learning'],
      schedule: { start: wall(-7, 15, 30), durationMinutes: 120, timeZone: ZONE },
    },
  });
  const attendees = home.slice(6, 14);
  for (const t of attendees)
    await db.execute(sql`
      insert into event_registrations (id, event_id, user_id, status, school_id)
      values (${uuidv7()}, ${past}, ${t.userId}, 'registered', ${t.schoolId})`);
  await db.execute(sql`update events set taken = ${attendees.length} where id = ${past}`);
  const { rows } = await db.execute<{ id: string }>(
    sql`select id from event_sessions where event_id = ${past}`,
  );
  await takeRoster({
    db,
    actor: da,
    eventId: past,
    sessionId: rows[0].id,
    userIds: attendees.map((t) => t.userId),
  });
  const thoughts = [
    'Hinge questions before the practice set',
    'Exit tickets sorted into three piles',
    '',
    'Whiteboards for every table',
    'A fist-to-five check halfway',
    '',
  ];
  for (const [i, t] of attendees.slice(0, 6).entries())
    await giveFeedback({
      db,
      actor: t,
      eventId: past,
      sessionId: rows[0].id,
      body: { relevance: 4 + (i % 2), willUse: 3 + (i % 3), oneThing: thoughts[i] },
    });
}
