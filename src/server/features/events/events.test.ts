import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import ical, { type CalendarComponent, type VEvent } from 'node-ical';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import { runMailWork } from '#server/features/notifications/mail-worker.ts';
import { sendDueReminders } from './reminders.ts';
import { resetCheckinTries } from './service.ts';
import { formatWall, wallOf } from './time.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

/**
 * A network of two districts and one outside it: Nia administers the network; Tess teaches in the
 * south district; Pru is Tess's principal; Ada administers north; Olaf's district is not in the
 * network. Helpers make more teachers on demand.
 */
async function buildWorld() {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const far = await buildDistrict(db);
  const network = await buildNetwork(db, [north.id, south.id]);
  const southSchool = await buildSchool(db, south.id);
  const nia = await buildUser(db, { districtId: north.id, name: `Nia ${uniqueWord()}` });
  await db.execute(
    sql`insert into memberships (user_id, organization_id, role) values (${nia.id}, ${network.id}, 'network_admin')`,
  );
  const tess = await buildUser(db, {
    districtId: south.id,
    schoolId: southSchool.id,
    name: `Tess ${uniqueWord()}`,
  });
  const pru = await buildUser(db, {
    districtId: south.id,
    schoolId: southSchool.id,
    role: 'principal',
    name: `Pru ${uniqueWord()}`,
  });
  const ada = await buildUser(db, {
    districtId: north.id,
    role: 'district_admin',
    name: `Ada ${uniqueWord()}`,
  });
  const olaf = await buildUser(db, { districtId: far.id, name: `Olaf ${uniqueWord()}` });
  const teacher = async () => {
    const u = await buildUser(db, { districtId: south.id, schoolId: southSchool.id });
    return { user: u, as: await signedIn(t, u.id) };
  };
  return {
    north,
    south,
    network,
    nia,
    tess,
    pru,
    ada,
    olaf,
    teacher,
    as: {
      nia: await signedIn(t, nia.id),
      tess: await signedIn(t, tess.id),
      pru: await signedIn(t, pru.id),
      ada: await signedIn(t, ada.id),
      olaf: await signedIn(t, olaf.id),
    },
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

const ZONE = 'America/New_York';
const wallIn = (msFromNow: number, zone = ZONE) => formatWall(wallOf(new Date(Date.now() + msFromNow), zone));
const DAY = 86_400_000;

function seriesBody(w: World, overrides: Record<string, unknown> = {}) {
  return {
    host: { kind: 'network', id: w.network.id },
    audience: 'network',
    audienceId: w.network.id,
    kind: 'series',
    title: `Math talks institute ${uniqueWord()}`,
    description: 'Six Saturdays of number talks.',
    mode: 'hybrid',
    place: 'Central Library',
    room: 'Room 2',
    capacity: 30,
    meetingUrl: 'https://meet.example.test/math-talks',
    subjects: ['Mathematics'],
    gradeBands: ['3-5'],
    competencies: ['Discourse'],
    creditHours: 12,
    questions: [{ id: 'grade', prompt: 'Grade taught', required: true }],
    schedule: { start: wallIn(3 * DAY), durationMinutes: 120, timeZone: ZONE, rule: 'FREQ=WEEKLY;COUNT=6' },
    ...overrides,
  };
}

async function createEvent(w: World, overrides: Record<string, unknown> = {}) {
  const res = await w.as.nia.post('/api/events', seriesBody(w, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as {
    id: string;
    sessions: { id: string; startsAt: string; checkinCode: string | null }[];
  };
}

async function notificationsOf(userId: string, kind: string) {
  const { rows } = await t.database.db.execute<{ data: Record<string, string> }>(
    sql`select data from notifications where user_id = ${userId} and kind = ${kind}`,
  );
  return rows;
}

const veventsOf = (text: string) =>
  Object.values(ical.sync.parseICS(text)).filter(
    (v): v is VEvent => (v as CalendarComponent | undefined)?.type === 'VEVENT',
  );

beforeEach(() => resetCheckinTries());

/** The mail sent to an address so far, parsed, oldest first. */
async function mailTo(address: string): Promise<ParsedMail[]> {
  await runMailWork(t.app, new Date(Date.now() + 60_000));
  const dir = path.join(t.config.dataDir, 'outbox');
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const parsed = await Promise.all(names.map(async (n) => simpleParser(await readFile(path.join(dir, n)))));
  return parsed.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);
}

/** The calendar invitation attached to a message: its METHOD and the parsed events. */
function invitationOf(mail: ParsedMail) {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  expect(part, 'an attached text/calendar invitation').toBeDefined();
  const text = part?.content.toString('utf8') ?? '';
  return { method: text.match(/^METHOD:(\w+)/m)?.[1], vevents: veventsOf(text), text };
}

describe('events', () => {
  it('lets a network create a six-session hybrid series that a teacher of another district finds, registers for and sees the link of', async () => {
    const w = await buildWorld();
    const event = await createEvent(w);
    expect(event.sessions).toHaveLength(6);
    expect(event.sessions[0].checkinCode).toMatch(/^[A-Z2-9]{6}$/);

    const list = await w.as.tess.get(
      `/api/calendar/events?subject=Mathematics&credit=1&to=${new Date(Date.now() + 60 * DAY).toISOString()}`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.filter((e: { id: string }) => e.id === event.id)).toHaveLength(6);
    const found = await w.as.tess.get(
      `/api/calendar/events?q=${encodeURIComponent('number talks')}&kind=series`,
    );
    expect(found.json().data.some((e: { id: string }) => e.id === event.id)).toBe(true);

    const before = (await w.as.tess.get(`/api/events/${event.id}`)).json().data;
    expect(before.meetingUrl).toBeNull();
    expect(before.sessions[0].checkinCode).toBeNull();
    expect((await w.as.tess.get(`/api/events/${event.id}/registrations`)).statusCode).toBe(403);

    const missing = await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('/body/answers/grade');

    const reg = await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: { grade: '4' } });
    expect(reg.statusCode, reg.body).toBe(201);
    expect(reg.json().data.status).toBe('registered');
    const after = (await w.as.tess.get(`/api/events/${event.id}`)).json().data;
    expect(after.meetingUrl).toBe('https://meet.example.test/math-talks');
    expect(after.me.registration).toBe('registered');
    expect(
      (await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: { grade: '4' } })).statusCode,
    ).toBe(409);

    const roster = (await w.as.nia.get(`/api/events/${event.id}/registrations`)).json().data;
    expect(roster).toEqual([expect.objectContaining({ userId: w.tess.id, answers: { grade: '4' } })]);

    // Outside the network the event does not exist.
    expect((await w.as.olaf.get(`/api/events/${event.id}`)).statusCode).toBe(404);
    expect(
      (await w.as.olaf.post(`/api/events/${event.id}/registration`, { answers: { grade: '4' } })).statusCode,
    ).toBe(404);
    expect(
      (await w.as.olaf.get('/api/calendar/events'))
        .json()
        .data.some((e: { id: string }) => e.id === event.id),
    ).toBe(false);
  });

  it('refuses bad input naming the field and creates nothing', async () => {
    const w = await buildWorld();
    const count = async () =>
      (
        await t.database.db.execute<{ n: number }>(
          sql`select count(*)::int as n from events where created_by = ${w.nia.id}`,
        )
      ).rows[0].n;
    const cases: [Record<string, unknown>, string][] = [
      [{ meetingUrl: null }, '/body/meetingUrl'],
      [{ mode: 'in_person', place: '' }, '/body/place'],
      [
        { schedule: { start: wallIn(DAY), durationMinutes: 60, timeZone: 'Mars/Olympus' } },
        '/body/schedule/timeZone',
      ],
      [
        { schedule: { start: wallIn(DAY), durationMinutes: 60, timeZone: ZONE, rule: 'FREQ=WEEKLY' } },
        '/body/schedule/rule',
      ],
      [{ schedule: { start: 'next tuesday', durationMinutes: 60, timeZone: ZONE } }, '/body/schedule/start'],
      [{ host: { kind: 'district', id: w.south.id } }, '/body/host/id'],
      [{ facilitatorIds: [MISSING] }, '/body/facilitatorIds/0'],
    ];
    for (const [overrides, path] of cases) {
      const res = await w.as.nia.post('/api/events', seriesBody(w, overrides));
      expect(res.statusCode, path).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await count()).toBe(0);
  });

  it('keeps a weekly 9:00 session at 9:00 across the end of daylight saving, in the page, the invitation and the feed', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, {
      schedule: {
        start: '2027-10-23T09:00',
        durationMinutes: 90,
        timeZone: ZONE,
        rule: 'FREQ=WEEKLY;COUNT=4',
        except: ['2027-10-30T09:00'],
      },
    });
    // Daylight saving ends on 7 November 2027: Oct 23 and Nov 6 are EDT (UTC-4), Nov 13 EST (UTC-5);
    // Oct 30 is an exception.
    expect(event.sessions.map((s) => s.startsAt)).toEqual([
      '2027-10-23T13:00:00.000Z',
      '2027-11-06T13:00:00.000Z',
      '2027-11-13T14:00:00.000Z',
    ]);
    await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: { grade: '3' } });
    const ics = await w.as.tess.get(`/api/events/${event.id}/invitation.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('METHOD:REQUEST');
    expect(ics.body).toContain('BEGIN:VTIMEZONE');
    expect(ics.body).toContain('TZID:America/New_York');
    const [master] = veventsOf(ics.body);
    expect(master.uid).toBe(`event-${event.id}@trellis`);
    const starts = master.rrule
      ?.all()
      .map((d) => d.toISOString())
      .filter(
        (d) => !Object.values(master.exdate ?? {}).some((x) => new Date(x as Date).toISOString() === d),
      );
    // node-ical reads the rule and the zone on its own; its occurrences are the same instants.
    expect(new Date(master.start).toISOString()).toBe('2027-10-23T13:00:00.000Z');
    expect(starts?.length).toBe(3);

    const feed = await w.as.tess.post('/api/calendar/feeds', {});
    expect(feed.statusCode, feed.body).toBe(201);
    const url = new URL(feed.json().data.url);
    const polled = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(polled.statusCode).toBe(200);
    const fromFeed = veventsOf(polled.body).find((v) => v.uid === `event-${event.id}@trellis`);
    expect(new Date(fromFeed?.start as Date).toISOString()).toBe('2027-10-23T13:00:00.000Z');
    expect(fromFeed?.description).toContain('Join online: https://meet.example.test/math-talks');
  });

  it('moves one session with its own RECURRENCE-ID and SEQUENCE, tells registrants, and cancels with METHOD:CANCEL', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, {
      schedule: {
        start: '2027-03-06T09:00',
        durationMinutes: 60,
        timeZone: ZONE,
        rule: 'FREQ=WEEKLY;COUNT=3',
      },
    });
    await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: { grade: '5' } });
    // Tess has changes to her events emailed at once.
    await t.database.db.execute(sql`
      insert into notification_preferences (user_id, kind, community_id, delivery)
      values (${w.tess.id}, 'event_changed', null, 'email')`);
    const second = event.sessions[1];
    // March 13 2027 is the day before daylight saving begins; moved to the 15th at 16:00 (EDT).
    const moved = await w.as.nia.patch(`/api/events/${event.id}/sessions/${second.id}`, {
      start: '2027-03-15T16:00',
      room: 'Gym',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().data.sessions[1]).toMatchObject({
      startsAt: '2027-03-15T20:00:00.000Z',
      room: 'Gym',
    });
    expect(await notificationsOf(w.tess.id, 'event_changed')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ change: 'session_changed', sessionId: second.id }),
      }),
    ]);
    // The email carries the moved occurrence for calendars to apply in place.
    const [changeMail] = await mailTo(w.tess.email);
    const sent = invitationOf(changeMail);
    expect(sent.method).toBe('REQUEST');
    expect(sent.vevents).toHaveLength(1);
    expect(sent.vevents[0].uid).toBe(`event-${event.id}@trellis`);
    expect(new Date(sent.vevents[0].start as Date).toISOString()).toBe('2027-03-15T20:00:00.000Z');
    expect(sent.text).toMatch(/RECURRENCE-ID;TZID=America\/New_York:20270313T090000/);
    expect(sent.text).toContain('BEGIN:VTIMEZONE');
    const ics = (await w.as.tess.get(`/api/events/${event.id}/invitation.ics`)).body;
    const vevents = veventsOf(ics);
    const master = vevents.find((v) => !v.recurrenceid);
    expect(new Set(Object.values(master?.recurrences ?? {})).size).toBe(1);
    const override = Object.values(master?.recurrences ?? {})[0];
    expect(new Date(override.start as Date).toISOString()).toBe('2027-03-15T20:00:00.000Z');
    expect(ics).toMatch(/RECURRENCE-ID;TZID=America\/New_York:20270313T090000/);
    expect(ics).toContain('SEQUENCE:1');

    // Not an organizer: 403; another tenant: 404.
    expect((await w.as.tess.patch(`/api/events/${event.id}`, { title: 'Mine now' })).statusCode).toBe(403);
    expect((await w.as.olaf.patch(`/api/events/${event.id}`, { title: 'Mine now' })).statusCode).toBe(404);

    expect((await w.as.nia.post(`/api/events/${event.id}/cancel`, {})).statusCode).toBe(200);
    const cancelled = (await w.as.tess.get(`/api/events/${event.id}/invitation.ics`)).body;
    expect(cancelled).toContain('METHOD:CANCEL');
    expect(cancelled).toContain('STATUS:CANCELLED');
    const cancelMail = (await mailTo(w.tess.email)).at(-1) as ParsedMail;
    const cancel = invitationOf(cancelMail);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.vevents.map((v) => v.uid)).toContain(`event-${event.id}@trellis`);
    expect(cancel.vevents.every((v) => v.status === 'CANCELLED')).toBe(true);
    expect((await notificationsOf(w.tess.id, 'event_changed')).map((n) => n.data.change)).toContain(
      'cancelled',
    );
  });

  it('never gives more seats than the capacity when many register for the last seats at once, and keeps the waitlist in order', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, { capacity: 3, questions: [] });
    const people = await Promise.all(Array.from({ length: 12 }, () => w.teacher()));
    const results = await Promise.all(
      people.map((p) => p.as.post(`/api/events/${event.id}/registration`, { answers: {} })),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const statuses = results.map((r) => r.json().data.status);
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(9);
    const { rows } = await t.database.db.execute<{ taken: number }>(
      sql`select taken from events where id = ${event.id}`,
    );
    expect(rows[0].taken).toBe(3);
    // Once all are in, the waitlist is one order: 1 to 9, in the order the seats were refused.
    const positionOf = async (p: (typeof people)[number]) =>
      (await p.as.get(`/api/events/${event.id}`)).json().data.me.waitlistPosition as number | null;
    const positions = await Promise.all(people.map(positionOf));
    expect(positions.filter((p) => p !== null).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);

    // A registered person cancels: the first waiting gets the seat at once and is told.
    const registered = people.filter((_, i) => statuses[i] === 'registered');
    const first = people[positions.indexOf(1)];
    const second = people[positions.indexOf(2)];
    expect((await registered[0].as.delete(`/api/events/${event.id}/registration`)).statusCode).toBe(200);
    expect((await first.as.get(`/api/events/${event.id}`)).json().data.me.registration).toBe('registered');
    expect(await notificationsOf(first.user.id, 'event_promoted')).toHaveLength(1);
    expect((await second.as.get(`/api/events/${event.id}`)).json().data.me.waitlistPosition).toBe(1);
    expect(
      (await t.database.db.execute<{ taken: number }>(sql`select taken from events where id = ${event.id}`))
        .rows[0].taken,
    ).toBe(3);
    // Leaving the waitlist frees no seat.
    expect((await second.as.delete(`/api/events/${event.id}/registration`)).statusCode).toBe(200);
    expect((await registered[0].as.delete(`/api/events/${event.id}/registration`)).statusCode).toBe(404);
  });

  it('holds a daytime registration for the principal, who approves it', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, { requiresApproval: true, questions: [] });
    const reg = await w.as.tess.post(`/api/events/${event.id}/registration`, {
      answers: {},
      needsSubstitute: true,
    });
    expect(reg.json().data.status).toBe('pending_approval');
    expect(await notificationsOf(w.pru.id, 'event_approval_requested')).toHaveLength(1);
    const queue = (await w.as.pru.get('/api/events/approvals')).json().data;
    expect(queue).toEqual([
      expect.objectContaining({ eventId: event.id, userId: w.tess.id, needsSubstitute: true }),
    ]);
    // Someone else's principal may not decide it.
    expect(
      (await w.as.ada.post(`/api/events/registrations/${queue[0].id}/decision`, { approve: true }))
        .statusCode,
    ).toBe(404);
    expect(
      (await w.as.pru.post(`/api/events/registrations/${queue[0].id}/decision`, { approve: true }))
        .statusCode,
    ).toBe(200);
    expect((await w.as.tess.get(`/api/events/${event.id}`)).json().data.me.registration).toBe('registered');
    expect((await notificationsOf(w.tess.id, 'event_approval_decided'))[0].data.decision).toBe('approved');
  });

  it('checks a registrant in with the code only while the session runs, once, limits wrong codes, and puts the hours in her learning log', async () => {
    const w = await buildWorld();
    const running = await createEvent(w, {
      questions: [],
      creditHours: null,
      schedule: { start: wallIn(-10 * 60_000), durationMinutes: 90, timeZone: ZONE },
    });
    const later = await createEvent(w, {
      questions: [],
      schedule: { start: wallIn(2 * DAY), durationMinutes: 60, timeZone: ZONE },
    });
    await w.as.tess.post(`/api/events/${running.id}/registration`, { answers: {} });
    await w.as.tess.post(`/api/events/${later.id}/registration`, { answers: {} });

    // Not yet running: the later session's code does not work.
    const early = await w.as.tess.post('/api/events/check-in', { code: later.sessions[0].checkinCode });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].path).toBe('/body/code');
    // Someone not registered cannot use the code.
    expect(
      (await w.as.olaf.post('/api/events/check-in', { code: running.sessions[0].checkinCode })).statusCode,
    ).toBe(400);

    const code = running.sessions[0].checkinCode?.toLowerCase();
    const ok = await w.as.tess.post('/api/events/check-in', { code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data).toMatchObject({ eventId: running.id, sessionId: running.sessions[0].id });
    expect((await w.as.tess.post('/api/events/check-in', { code })).statusCode).toBe(409);

    const log = await w.as.tess.get('/api/learning/entries');
    expect(log.statusCode, log.body).toBe(200);
    const entry = log.json().data.find((e: { kind: string }) => e.kind === 'event_attended');
    expect(entry).toMatchObject({ durationMinutes: 90, title: expect.stringContaining('Math talks') });

    // Codes cannot be guessed in bulk.
    const guesser = await w.teacher();
    await guesser.as.post(`/api/events/${running.id}/registration`, { answers: {} });
    for (let i = 0; i < 10; i++)
      expect((await guesser.as.post('/api/events/check-in', { code: `ZZZZZ${i}` })).statusCode).toBe(400);
    expect((await guesser.as.post('/api/events/check-in', { code })).statusCode).toBe(429);

    // The certificate names the attendance.
    const pdf = await w.as.tess.get(`/api/events/${running.id}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await w.as.olaf.get(`/api/events/${running.id}/certificate.pdf`)).statusCode).toBe(404);
  });

  it('lets organizers take attendance from the roster of registrants and download the sheet and the CSV', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, {
      questions: [],
      creditHours: 6,
      schedule: {
        start: wallIn(-30 * 60_000),
        durationMinutes: 60,
        timeZone: ZONE,
        rule: 'FREQ=WEEKLY;COUNT=3',
      },
    });
    await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} });
    const session = event.sessions[0].id;
    const stranger = await w.as.nia.post(`/api/events/${event.id}/sessions/${session}/attendance`, {
      userIds: [w.tess.id, w.olaf.id],
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].path).toBe('/body/userIds/1');
    expect(
      (
        await w.as.tess.post(`/api/events/${event.id}/sessions/${session}/attendance`, {
          userIds: [w.tess.id],
        })
      ).statusCode,
    ).toBe(403);
    const later = await w.as.nia.post(`/api/events/${event.id}/sessions/${event.sessions[2].id}/attendance`, {
      userIds: [w.tess.id],
    });
    expect(later.statusCode).toBe(409);
    const res = await w.as.nia.post(`/api/events/${event.id}/sessions/${session}/attendance`, {
      userIds: [w.tess.id],
    });
    expect(res.json().data).toEqual({ sessionId: session, recorded: 1 });
    // Once per person: marking again records nothing more.
    expect(
      (
        await w.as.nia.post(`/api/events/${event.id}/sessions/${session}/attendance`, {
          userIds: [w.tess.id],
        })
      ).json().data.recorded,
    ).toBe(0);
    // 6 credit hours over three sessions: two hours for this one.
    const entry = (await w.as.tess.get('/api/learning/entries'))
      .json()
      .data.find((e: { kind: string }) => e.kind === 'event_attended');
    expect(entry).toMatchObject({ durationMinutes: 120 });

    const csv = await w.as.nia.get(`/api/events/${event.id}/attendance.csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body.split('\r\n')[1]).toContain(w.tess.name);
    expect(csv.body.split('\r\n')[1]).toContain('present');
    const sheet = await w.as.nia.get(`/api/events/${event.id}/sign-in-sheet.pdf`);
    expect(sheet.headers['content-type']).toBe('application/pdf');
    expect((await w.as.tess.get(`/api/events/${event.id}/attendance.csv`)).statusCode).toBe(403);
  });

  it('shows feedback to organizers only once five attendees answered', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, {
      questions: [],
      capacity: null,
      schedule: { start: wallIn(-30 * 60_000), durationMinutes: 60, timeZone: ZONE },
    });
    const session = event.sessions[0].id;
    const people = await Promise.all(Array.from({ length: 5 }, () => w.teacher()));
    for (const p of people) await p.as.post(`/api/events/${event.id}/registration`, { answers: {} });
    await w.as.nia.post(`/api/events/${event.id}/sessions/${session}/attendance`, {
      userIds: people.map((p) => p.user.id),
    });
    // Not an attendee: refused.
    expect(
      (
        await w.as.tess.post(`/api/events/${event.id}/sessions/${session}/feedback`, {
          relevance: 5,
          willUse: 5,
        })
      ).statusCode,
    ).toBe(403);
    for (const [i, p] of people.slice(0, 4).entries())
      expect(
        (
          await p.as.post(`/api/events/${event.id}/sessions/${session}/feedback`, {
            relevance: 4,
            willUse: 3 + (i % 2),
            oneThing: 'Number strings',
          })
        ).statusCode,
      ).toBe(201);
    expect(
      (
        await people[0].as.post(`/api/events/${event.id}/sessions/${session}/feedback`, {
          relevance: 4,
          willUse: 4,
        })
      ).statusCode,
    ).toBe(409);
    const hidden = (await w.as.nia.get(`/api/events/${event.id}/feedback`)).json().data;
    expect(hidden).toEqual({ responses: 0, threshold: 5, relevance: null, willUse: null, oneThings: null });
    await people[4].as.post(`/api/events/${event.id}/sessions/${session}/feedback`, {
      relevance: 5,
      willUse: 5,
    });
    const shown = (await w.as.nia.get(`/api/events/${event.id}/feedback`)).json().data;
    expect(shown).toMatchObject({ responses: 5, relevance: 4.2, willUse: 3.8 });
    expect(shown.oneThings).toHaveLength(4);
    expect((await people[0].as.get(`/api/events/${event.id}/feedback`)).statusCode).toBe(403);
    const bad = await people[0].as.post(`/api/events/${event.id}/sessions/${session}/feedback`, {
      relevance: 9,
      willUse: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/relevance');
  });

  it('keeps a small group hidden from differencing the event with a session, or one answer before and after', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, { questions: [] });
    const [a, b] = event.sessions.map((s) => s.id);
    const answer = async (sessionId: string, relevance: number, oneThing: string) => {
      const u = await buildUser(t.database.db, { districtId: w.south.id });
      await t.database.db.execute(sql`
        insert into event_feedback (session_id, user_id, event_id, relevance, will_use, one_thing)
        values (${sessionId}, ${u.id}, ${event.id}, ${relevance}, ${relevance}, ${oneThing})`);
    };
    const read = async (sessionId?: string) =>
      (
        await w.as.nia.get(`/api/events/${event.id}/feedback${sessionId ? `?sessionId=${sessionId}` : ''}`)
      ).json().data;
    for (let i = 0; i < 5; i++) await answer(a, 4, 'Number strings');
    for (let i = 0; i < 3; i++) await answer(b, 1, `Small group secret ${i}`);
    // The event's total minus session A's summary would be session B's three answers: the total counts none of them.
    const total = await read();
    const first = await read(a);
    expect(first).toMatchObject({ responses: 5, relevance: 4 });
    expect(total).toEqual({ ...first, oneThings: expect.any(Array) });
    expect(total.oneThings).not.toContain('Small group secret 0');
    expect(await read(b)).toMatchObject({ responses: 0, relevance: null, oneThings: null });
    // One more answer on A, read before and after, shows nothing new until a whole block has answered.
    await answer(a, 1, 'One person alone');
    expect(await read(a)).toMatchObject({ responses: 5, relevance: 4 });
    expect((await read()).oneThings).not.toContain('One person alone');
    for (let i = 0; i < 4; i++) await answer(a, 2, 'Later block');
    expect(await read(a)).toMatchObject({ responses: 10, relevance: 2.9 });
    expect((await read()).responses).toBe(10);
  });

  it("finds events in site search by the calendar's rule, filtered to the event kind", async () => {
    const w = await buildWorld();
    const word = uniqueWord();
    const event = await createEvent(w, { title: `Fraction talks ${word}`, questions: [] });
    const found = async (as: typeof w.as.tess, kind = 'event') => {
      const res = await as.get(`/api/search?q=${encodeURIComponent(word)}&kind=${kind}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data as { events?: { items: { id: string; titleHtml: string }[] } };
    };
    const mine = await found(w.as.tess);
    expect(mine.events?.items.map((i) => i.id)).toEqual([event.id]);
    expect(mine.events?.items[0].titleHtml).toContain(`<mark>${word}</mark>`);
    expect((await found(w.as.tess, 'all')).events?.items.map((i) => i.id)).toEqual([event.id]);
    // Outside the network's audience: not found.
    expect((await found(w.as.olaf)).events?.items).toEqual([]);
    // A cancelled event is no longer found.
    expect((await w.as.nia.post(`/api/events/${event.id}/cancel`, {})).statusCode).toBe(200);
    expect((await found(w.as.tess)).events?.items).toEqual([]);
  });

  it('gives each person a revocable feed and organizers a feed per series', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, { questions: [] });
    await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} });
    const mine = (await w.as.tess.post('/api/calendar/feeds', {})).json().data;
    const path = new URL(mine.url).pathname;
    expect((await t.app.inject({ method: 'GET', url: path })).body).toContain(
      `UID:event-${event.id}@trellis`,
    );
    expect((await w.as.tess.get('/api/calendar/feeds')).json().data).toEqual([
      expect.objectContaining({ id: mine.id, url: null }),
    ]);
    expect((await w.as.olaf.delete(`/api/calendar/feeds/${mine.id}`)).statusCode).toBe(404);
    expect((await w.as.tess.delete(`/api/calendar/feeds/${mine.id}`)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/calendar/feeds/not-a-real-token-at-all-x.ics' }))
        .statusCode,
    ).toBe(404);

    expect((await w.as.tess.post('/api/calendar/feeds', { eventId: event.id })).statusCode).toBe(403);
    const series = (await w.as.nia.post('/api/calendar/feeds', { eventId: event.id })).json().data;
    const polled = await t.app.inject({ method: 'GET', url: new URL(series.url).pathname });
    expect(veventsOf(polled.body).some((v) => v.uid === `event-${event.id}@trellis`)).toBe(true);
  });

  it('reminds registrants a day and an hour before each session, once', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, {
      questions: [],
      schedule: { start: wallIn(DAY - 20 * 60_000), durationMinutes: 60, timeZone: ZONE },
    });
    await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} });
    expect(await sendDueReminders(t.database.db)).toBeGreaterThanOrEqual(1);
    await sendDueReminders(t.database.db);
    expect((await notificationsOf(w.tess.id, 'event_reminder')).map((n) => n.data.lead)).toEqual(['day']);
    const hourLater = new Date(Date.now() + DAY - 60 * 60_000 - 10 * 60_000);
    await sendDueReminders(t.database.db, hourLater);
    expect((await notificationsOf(w.tess.id, 'event_reminder')).map((n) => n.data.lead).sort()).toEqual([
      'day',
      'hour',
    ]);
  });

  it('gives the event its own discussion space with its organizers and registrants', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, { questions: [] });
    await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} });
    const { ensureEventSpace } = await import('./index.ts');
    const spaceId = await t.database.db.transaction((tx) => ensureEventSpace(tx, event.id));
    expect(await t.database.db.transaction((tx) => ensureEventSpace(tx, event.id))).toBe(spaceId);
    const { rows } = await t.database.db.execute<{ user_id: string; role: string }>(
      sql`select user_id, role from community_members where community_id = ${spaceId} and status = 'active' order by role`,
    );
    expect(rows).toEqual([
      { user_id: w.nia.id, role: 'facilitator' },
      { user_id: w.tess.id, role: 'member' },
    ]);
    // Reached from the event page: not among Tess's communities, in the directory or its search.
    for (const query of ['?mine=true', '', `?q=${encodeURIComponent('notes')}`]) {
      const list = await w.as.tess.get(`/api/communities${query}`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().data.map((c: { id: string }) => c.id)).not.toContain(spaceId);
    }
    expect((await w.as.tess.get(`/api/events/${event.id}`)).json().data.spaceId).toBe(spaceId);
    expect((await w.as.tess.post(`/api/events/${event.id}/space`, {})).json().data.spaceId).toBe(spaceId);
    expect((await w.as.olaf.post(`/api/events/${event.id}/space`, {})).statusCode).toBe(404);
    const colleague = await w.teacher();
    expect((await colleague.as.post(`/api/events/${event.id}/space`, {})).statusCode).toBe(403);
    const late = await w.teacher();
    await late.as.post(`/api/events/${event.id}/registration`, { answers: {} });
    const after = await t.database.db.execute(
      sql`select 1 from community_members where community_id = ${spaceId} and user_id = ${late.user.id} and status = 'active'`,
    );
    expect(after.rows).toHaveLength(1);
    await late.as.delete(`/api/events/${event.id}/registration`);
    const left = await t.database.db.execute(
      sql`select 1 from community_members where community_id = ${spaceId} and user_id = ${late.user.id} and status = 'active'`,
    );
    expect(left.rows).toHaveLength(0);
  });
});
