import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { formatWall, wallOf } from './time.ts';

/**
 * Attacks on events: what a person outside the event, a waiting registrant and a registrant whose
 * seat is not yet approved can reach of the meeting link, the attendee list and the feeds.
 */
const t = setupTestApp();
const ZONE = 'America/New_York';
const DAY = 86_400_000;
const LINK = 'https://meet.example.test/secret-room';
const wallIn = (ms: number) => formatWall(wallOf(new Date(Date.now() + ms), ZONE));

async function buildWorld() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const far = await buildDistrict(db);
  const school = await buildSchool(db, home.id);
  const ada = await buildUser(db, { districtId: home.id, role: 'district_admin' });
  const pru = await buildUser(db, { districtId: home.id, schoolId: school.id, role: 'principal' });
  const tess = await buildUser(db, { districtId: home.id, schoolId: school.id });
  const wes = await buildUser(db, { districtId: home.id, schoolId: school.id });
  const olaf = await buildUser(db, { districtId: far.id, role: 'district_admin' });
  return {
    home,
    far,
    ada,
    tess,
    olafId: olaf.id,
    as: {
      ada: await signedIn(t, ada.id),
      pru: await signedIn(t, pru.id),
      tess: await signedIn(t, tess.id),
      wes: await signedIn(t, wes.id),
      olaf: await signedIn(t, olaf.id),
    },
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

/** Ada creates a district online workshop (with `overrides`), answered as it is. */
const postEvent = (w: World, overrides: Record<string, unknown> = {}) =>
  w.as.ada.post('/api/events', {
    host: { kind: 'district', id: w.home.id },
    audience: 'district',
    audienceId: w.home.id,
    kind: 'workshop',
    title: `Workshop ${uniqueWord()}`,
    description: 'An afternoon on feedback.',
    mode: 'online',
    place: '',
    capacity: 30,
    meetingUrl: LINK,
    questions: [],
    schedule: { start: wallIn(3 * DAY), durationMinutes: 60, timeZone: ZONE },
    ...overrides,
  });

async function createEvent(w: World, overrides: Record<string, unknown> = {}) {
  const res = await postEvent(w, overrides);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string };
}

const feedOf = async (as: World['as']['tess']) => {
  const feed = (await as.post('/api/calendar/feeds', {})).json().data as { url: string };
  return () => t.app.inject({ method: 'GET', url: new URL(feed.url).pathname });
};

describe('events under attack', () => {
  it('keeps the meeting link out of the feed of a registration still waiting for approval', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, { requiresApproval: true });
    const reg = await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} });
    expect(reg.json().data.status).toBe('pending_approval');
    expect((await w.as.tess.get(`/api/events/${event.id}`)).json().data.meetingUrl).toBeNull();

    const poll = await feedOf(w.as.tess);
    const pending = await poll();
    expect(pending.body).toContain(`UID:event-${event.id}@trellis`);
    expect(pending.body).not.toContain('secret-room');
    expect((await w.as.tess.get(`/api/events/${event.id}/invitation.ics`)).body).not.toContain('secret-room');

    const { rows } = await t.database.db.execute<{ id: string }>(
      sql`select id from event_registrations where event_id = ${event.id} and user_id = ${w.tess.id}`,
    );
    expect(
      (await w.as.pru.post(`/api/events/registrations/${rows[0].id}/decision`, { approve: true })).statusCode,
    ).toBe(200);
    expect((await poll()).body).toContain('secret-room');
  });

  it('shows a waitlisted person neither the link nor the attendee list', async () => {
    const w = await buildWorld();
    const event = await createEvent(w, { capacity: 1 });
    expect((await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} })).statusCode).toBe(
      201,
    );
    const waiting = await w.as.wes.post(`/api/events/${event.id}/registration`, { answers: {} });
    expect(waiting.json().data.status).toBe('waitlisted');
    expect((await w.as.wes.get(`/api/events/${event.id}`)).json().data.meetingUrl).toBeNull();
    expect((await w.as.wes.get(`/api/events/${event.id}/registrations`)).statusCode).toBe(403);
    expect((await w.as.wes.get(`/api/events/${event.id}/invitation.ics`)).body).not.toContain('secret-room');
    expect((await (await feedOf(w.as.wes))()).body).not.toContain(`event-${event.id}`);
    // The registrant sees who else is coming, but not their answers.
    const list = (await w.as.tess.get(`/api/events/${event.id}/registrations`)).json().data;
    expect(list.map((r: { userId: string }) => r.userId)).toEqual([w.tess.id]);
  });

  it("answers another district's administrator 404 on every route of a district event", async () => {
    const w = await buildWorld();
    const event = await createEvent(w);
    const id = event.id;
    const olaf = w.as.olaf;
    for (const res of [
      await olaf.get(`/api/events/${id}`),
      await olaf.patch(`/api/events/${id}`, { title: 'Mine now' }),
      await olaf.post(`/api/events/${id}/cancel`, {}),
      await olaf.post(`/api/events/${id}/registration`, { answers: {} }),
      await olaf.get(`/api/events/${id}/registrations`),
      await olaf.get(`/api/events/${id}/invitation.ics`),
      await olaf.get(`/api/events/${id}/attendance.csv`),
      await olaf.get(`/api/events/${id}/sign-in-sheet.pdf`),
      await olaf.get(`/api/events/${id}/feedback`),
      await olaf.post('/api/calendar/feeds', { eventId: id }),
    ])
      expect(res.statusCode, res.body).toBe(404);
    const { rows } = await t.database.db.execute<{ title: string }>(
      sql`select title from events where id = ${id}`,
    );
    expect(rows[0].title).not.toBe('Mine now');
  });

  it("refuses another district's private resource as material and its credit type, and shows no title of either", async () => {
    const w = await buildWorld();
    const db = t.database.db;
    const secret = await buildResource(db, {
      ownerId: w.olafId,
      districtId: w.far.id,
      audience: 'district',
      audienceId: w.far.id,
      title: `Far district salary plan ${uniqueWord()}`,
    });
    const creditTypeId = crypto.randomUUID();
    await db.execute(sql`insert into credit_types (id, district_id, name, kinds)
      values (${creditTypeId}, ${w.far.id}, 'Far district CEUs', array['event'])`);

    const inPerson = { mode: 'in_person', place: 'Library', meetingUrl: null };
    const material = await postEvent(w, { ...inPerson, materialIds: [secret.id] });
    expect(material.statusCode, material.body).toBe(400);
    expect(material.json().errors[0].path).toBe('/body/materialIds/0');

    const credit = await postEvent(w, { ...inPerson, creditTypeId });
    expect(credit.statusCode, credit.body).toBe(400);
    expect(credit.json().errors[0].path).toBe('/body/creditTypeId');

    // A material linked before is not shown to a viewer who may not read it.
    const event = await createEvent(w);
    await db.execute(
      sql`insert into event_materials (event_id, resource_id, position) values (${event.id}, ${secret.id}, 0)`,
    );
    const page = await w.as.tess.get(`/api/events/${event.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('salary plan');
  });

  it('stops a feed once its owner no longer has an active account', async () => {
    const w = await buildWorld();
    const event = await createEvent(w);
    await w.as.tess.post(`/api/events/${event.id}/registration`, { answers: {} });
    const poll = await feedOf(w.as.tess);
    expect((await poll()).body).toContain('secret-room');
    await t.database.db.execute(sql`update users set status = 'deactivated' where id = ${w.tess.id}`);
    expect((await poll()).statusCode).toBe(404);
  });

  it("keeps someone a facilitator removed from the event's space out when they register again", async () => {
    const w = await buildWorld();
    const db = t.database.db;
    const event = await createEvent(w);
    const { ensureEventSpace } = await import('./index.ts');
    const spaceId = await db.transaction((tx) => ensureEventSpace(tx, event.id));
    const statusOf = async (userId: string) =>
      (
        await db.execute<{ status: string }>(
          sql`select status from community_members where community_id = ${spaceId} and user_id = ${userId}`,
        )
      ).rows[0]?.status;
    const register = (as: World['as']['tess']) =>
      as.post(`/api/events/${event.id}/registration`, { answers: {} });

    // Cancelling and registering again: out, then back in.
    expect((await register(w.as.tess)).statusCode).toBe(201);
    expect(await statusOf(w.tess.id)).toBe('active');
    await w.as.tess.delete(`/api/events/${event.id}/registration`);
    expect(await statusOf(w.tess.id)).toBe('left');
    expect((await register(w.as.tess)).statusCode).toBe(201);
    expect(await statusOf(w.tess.id)).toBe('active');

    // Removed by a facilitator: registering again does not undo it.
    await db.execute(
      sql`update community_members set status = 'removed' where community_id = ${spaceId} and user_id = ${w.tess.id}`,
    );
    await w.as.tess.delete(`/api/events/${event.id}/registration`);
    expect((await register(w.as.tess)).statusCode).toBe(201);
    expect(await statusOf(w.tess.id)).toBe('removed');
  });

  it("names the creator in the invitation without giving away the creator's own email", async () => {
    const w = await buildWorld();
    const event = await createEvent(w);
    const ics = (await w.as.tess.get(`/api/events/${event.id}/invitation.ics`)).body.replace(
      /\r\n[ \t]/g,
      '',
    );
    expect(ics).toMatch(/^ORGANIZER;.*:mailto:no-reply@/m);
    expect(ics).toContain(w.ada.name);
    expect(ics.toLowerCase()).not.toContain(w.ada.email.toLowerCase());
  });
});
