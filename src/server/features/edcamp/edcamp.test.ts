import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser, uniqueWord } from '#server/test/builders.ts';
import type { EdcampBoard } from '#shared/contracts/edcamp.ts';
import { boardBody, buildEvent, guestPhone } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';
let base = '';
beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

/** A page's Server-Sent Events stream over real HTTP: the events' names as they arrive. */
async function listen(url: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}${url}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: string[] = [];
  void (async () => {
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = (await reader?.read().catch(() => ({ value: undefined, done: true }))) ?? {
        done: true,
      };
      if (done) return;
      for (const name of (value ?? '').matchAll(/^event: (.*)$/gm)) events.push(name[1]);
    }
  })();
  const until = async (name: string) => {
    const deadline = Date.now() + 5_000;
    while (!events.includes(name)) {
      if (Date.now() > deadline) throw new Error(`no ${name}; heard ${events.join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { status: response.status, events, until, close: () => controller.abort() };
}

/**
 * A district's edcamp: Olive organizes it; Tia and Pia teach in the district (they see the event);
 * Oscar teaches in another district (he does not).
 */
async function buildWorld(options: { mode?: 'in_person' | 'online' } = {}) {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const far = await buildDistrict(db);
  const olive = await buildUser(db, { districtId: district.id, name: `Olive ${uniqueWord()}` });
  const tia = await buildUser(db, { districtId: district.id, name: `Tia ${uniqueWord()}` });
  const pia = await buildUser(db, { districtId: district.id, name: `Pia ${uniqueWord()}` });
  const oscar = await buildUser(db, { districtId: far.id, name: `Oscar ${uniqueWord()}` });
  const eventId = await buildEvent(db, { districtId: district.id, createdBy: olive.id, mode: options.mode });
  return {
    district,
    eventId,
    olive,
    tia,
    pia,
    oscar,
    as: {
      olive: await signedIn(t, olive.id),
      tia: await signedIn(t, tia.id),
      pia: await signedIn(t, pia.id),
      oscar: await signedIn(t, oscar.id),
    },
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

async function openBoard(w: World, body = boardBody()) {
  const res = await w.as.olive.post(`/api/events/${w.eventId}/edcamp`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as EdcampBoard;
}

async function propose(
  as: { post: World['as']['tia']['post'] },
  boardId: string,
  title: string,
  kind = 'lead',
) {
  const res = await as.post(`/api/edcamp/boards/${boardId}/sessions`, { kind, title, description: '' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id as string;
}

async function boardAs(as: { get: World['as']['tia']['get'] }, boardId: string) {
  const res = await as.get(`/api/edcamp/boards/${boardId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { data: EdcampBoard; abilities: Record<string, boolean> };
}

async function joinAsGuest(code: string, name = 'Gabe', address?: string) {
  const phone = guestPhone(t, address);
  const res = await phone.post('/api/edcamp/join', { code, name });
  expect(res.statusCode, res.body).toBe(200);
  return phone;
}

describe('opening an edcamp board', () => {
  it('lets an organizer open one board for the event with rooms, slots and a join code', async () => {
    const w = await buildWorld();
    const before = await w.as.olive.get(`/api/events/${w.eventId}/edcamp`);
    expect(before.json()).toMatchObject({ data: null, abilities: { open: true } });
    const board = await openBoard(w);
    expect(board.rooms.map((r) => r.name)).toEqual(['Library', 'Room 12', 'Art room']);
    expect(board.slots).toHaveLength(2);
    expect(board.joinCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(board.topic).toBe(`edcamp:${board.id}`);
    const again = await w.as.olive.post(`/api/events/${w.eventId}/edcamp`, boardBody());
    expect(again.statusCode).toBe(409);
  });

  it('shows teachers the board without its join code, and lets no one else open it', async () => {
    const w = await buildWorld();
    const none = await w.as.tia.get(`/api/events/${w.eventId}/edcamp`);
    expect(none.json()).toMatchObject({ data: null, abilities: { open: false } });
    expect((await w.as.tia.post(`/api/events/${w.eventId}/edcamp`, boardBody())).statusCode).toBe(403);
    const board = await openBoard(w);
    const seen = await boardAs(w.as.tia, board.id);
    expect(seen.data.joinCode).toBeNull();
    expect(seen.abilities).toMatchObject({ organize: false, propose: true, vote: true });
  });

  it('answers 404 to a teacher of another district and 401 to a visitor', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    expect((await w.as.oscar.get(`/api/events/${w.eventId}/edcamp`)).statusCode).toBe(404);
    expect((await w.as.oscar.get(`/api/edcamp/boards/${board.id}`)).statusCode).toBe(404);
    expect((await w.as.oscar.post(`/api/events/${w.eventId}/edcamp`, boardBody())).statusCode).toBe(404);
    expect((await agent(t).get(`/api/edcamp/boards/${board.id}`)).statusCode).toBe(401);
    expect((await w.as.tia.get(`/api/edcamp/boards/${MISSING}`)).statusCode).toBe(404);
  });

  it('refuses bad rooms and slots by name and changes nothing', async () => {
    const w = await buildWorld();
    const body = boardBody();
    const overlapping = { ...body, slots: [body.slots[0], { ...body.slots[0], label: 'Again' }] };
    const res = await w.as.olive.post(`/api/events/${w.eventId}/edcamp`, overlapping);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].path).toBe('/body/slots/1/startsAt');
    const empty = await w.as.olive.post(`/api/events/${w.eventId}/edcamp`, { ...body, rooms: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toContain('rooms');
    const backwards = await w.as.olive.post(`/api/events/${w.eventId}/edcamp`, {
      ...body,
      slots: [{ ...body.slots[0], endsAt: body.slots[0].startsAt }],
    });
    expect(backwards.json().errors[0].path).toContain('endsAt');
    expect((await w.as.olive.get(`/api/events/${w.eventId}/edcamp`)).json().data).toBeNull();
  });

  it('admits guests only at an in-person or hybrid event', async () => {
    const w = await buildWorld({ mode: 'online' });
    const res = await w.as.olive.post(`/api/events/${w.eventId}/edcamp`, boardBody({ guestsAllowed: true }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/body/guestsAllowed');
    await openBoard(w, boardBody({ guestsAllowed: false }));
  });

  it('lets the organizer add and remove rooms and slots, and close the board', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    expect(
      (await w.as.olive.post(`/api/edcamp/boards/${board.id}/rooms`, { name: 'Gym', capacity: 80 }))
        .statusCode,
    ).toBe(204);
    expect(
      (await w.as.tia.post(`/api/edcamp/boards/${board.id}/rooms`, { name: 'Gym', capacity: 80 })).statusCode,
    ).toBe(403);
    const bad = await w.as.olive.post(`/api/edcamp/boards/${board.id}/rooms`, { name: '', capacity: 0 });
    expect(bad.statusCode).toBe(400);
    const overlap = await w.as.olive.post(`/api/edcamp/boards/${board.id}/slots`, {
      label: 'Clash',
      startsAt: board.slots[0].startsAt,
      endsAt: board.slots[0].endsAt,
    });
    expect(overlap.json().errors?.[0]?.path, overlap.body).toBe('/body/startsAt');
    const third = await w.as.olive.post(`/api/edcamp/boards/${board.id}/slots`, {
      label: 'Third',
      startsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
    });
    expect(third.statusCode).toBe(204);
    const now = (await boardAs(w.as.olive, board.id)).data;
    expect(now.rooms).toHaveLength(4);
    expect(now.slots).toHaveLength(3);
    expect((await w.as.tia.delete(`/api/edcamp/rooms/${now.rooms[3].id}`)).statusCode).toBe(403);
    expect((await w.as.olive.delete(`/api/edcamp/rooms/${now.rooms[3].id}`)).statusCode).toBe(204);
    expect((await w.as.olive.delete(`/api/edcamp/slots/${now.slots[2].id}`)).statusCode).toBe(204);
    expect((await w.as.olive.delete(`/api/edcamp/slots/${MISSING}`)).statusCode).toBe(404);

    const closed = await w.as.olive.patch(`/api/edcamp/boards/${board.id}`, { status: 'closed' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().abilities).toMatchObject({ propose: false, vote: false });
    const late = await w.as.tia.post(`/api/edcamp/boards/${board.id}/sessions`, {
      kind: 'lead',
      title: 'Late',
    });
    expect(late.statusCode).toBe(409);
    expect((await w.as.tia.patch(`/api/edcamp/boards/${board.id}`, { status: 'open' })).statusCode).toBe(403);
    expect((await w.as.olive.patch(`/api/edcamp/boards/${board.id}`, {})).statusCode).toBe(400);
  });
});

describe('proposing and voting', () => {
  it('takes proposals from teachers and guests and counts one vote per person, undoable', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const talk = await propose(w.as.tia, board.id, 'Talk moves in science');
    const guest = await joinAsGuest(board.joinCode as string, 'Gabe from Maple');
    const learn = await propose(guest, board.id, 'Grading for equity', 'learn');

    expect((await w.as.pia.put(`/api/edcamp/sessions/${talk}/vote`)).statusCode).toBe(204);
    expect((await w.as.pia.put(`/api/edcamp/sessions/${talk}/vote`)).statusCode).toBe(204);
    expect((await guest.put(`/api/edcamp/sessions/${talk}/vote`)).statusCode).toBe(204);
    expect((await w.as.tia.put(`/api/edcamp/sessions/${learn}/vote`)).statusCode).toBe(204);

    const seen = await boardAs(w.as.pia, board.id);
    const byId = new Map(seen.data.sessions.map((s) => [s.id, s]));
    expect(byId.get(talk)).toMatchObject({ votes: 2, votedByMe: true, leaderName: w.tia.name, kind: 'lead' });
    expect(byId.get(learn)).toMatchObject({
      votes: 1,
      votedByMe: false,
      proposerName: 'Gabe from Maple (guest)',
      leaderName: null,
    });
    // The most wanted first.
    expect(seen.data.sessions[0].id).toBe(talk);

    expect((await w.as.pia.delete(`/api/edcamp/sessions/${talk}/vote`)).statusCode).toBe(204);
    expect((await w.as.pia.delete(`/api/edcamp/sessions/${talk}/vote`)).statusCode).toBe(204);
    const after = await boardAs(w.as.pia, board.id);
    expect(after.data.sessions.find((s) => s.id === talk)).toMatchObject({ votes: 1, votedByMe: false });
    expect((await w.as.oscar.put(`/api/edcamp/sessions/${talk}/vote`)).statusCode).toBe(404);
    expect((await agent(t).put(`/api/edcamp/sessions/${talk}/vote`)).statusCode).toBe(401);
  });

  it('refuses an empty or overlong proposal by field, and more than five from one person', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const empty = await w.as.tia.post(`/api/edcamp/boards/${board.id}/sessions`, {
      kind: 'lead',
      title: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('/body/title');
    const long = await w.as.tia.post(`/api/edcamp/boards/${board.id}/sessions`, {
      kind: 'learn',
      title: 'x'.repeat(121),
    });
    expect(long.json().errors[0].path).toBe('/body/title');
    const kind = await w.as.tia.post(`/api/edcamp/boards/${board.id}/sessions`, {
      kind: 'teach',
      title: 'Hi',
    });
    expect(kind.json().errors[0].path).toBe('/body/kind');
    for (let i = 0; i < 5; i++) await propose(w.as.tia, board.id, `Idea ${i}`);
    const sixth = await w.as.tia.post(`/api/edcamp/boards/${board.id}/sessions`, {
      kind: 'lead',
      title: 'Idea 6',
    });
    expect(sixth.statusCode).toBe(409);
    expect((await boardAs(w.as.tia, board.id)).data.sessions).toHaveLength(5);
  });

  it('lets a proposer withdraw until the session is placed, and an organizer at any time', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const mine = await propose(w.as.tia, board.id, 'Mine');
    const other = await propose(w.as.tia, board.id, 'Placed');
    expect((await w.as.pia.delete(`/api/edcamp/sessions/${mine}`)).statusCode).toBe(403);
    expect((await w.as.tia.delete(`/api/edcamp/sessions/${mine}`)).statusCode).toBe(204);
    await w.as.olive.put(`/api/edcamp/sessions/${other}/place`, {
      roomId: board.rooms[0].id,
      slotId: board.slots[1].id,
    });
    expect((await w.as.tia.delete(`/api/edcamp/sessions/${other}`)).statusCode).toBe(403);
    expect((await w.as.olive.delete(`/api/edcamp/sessions/${other}`)).statusCode).toBe(204);
    expect((await boardAs(w.as.tia, board.id)).data.sessions).toEqual([]);
  });
});

describe('the grid', () => {
  it('lets the organizer place, swap and unplace sessions, and no one else', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const a = await propose(w.as.tia, board.id, 'A');
    const b = await propose(w.as.pia, board.id, 'B');
    const [library, room12] = board.rooms;
    const [first, second] = board.slots;
    expect(
      (await w.as.tia.put(`/api/edcamp/sessions/${a}/place`, { roomId: library.id, slotId: first.id }))
        .statusCode,
    ).toBe(403);
    expect(
      (await w.as.olive.put(`/api/edcamp/sessions/${a}/place`, { roomId: library.id, slotId: first.id }))
        .statusCode,
    ).toBe(204);
    expect(
      (await w.as.olive.put(`/api/edcamp/sessions/${b}/place`, { roomId: room12.id, slotId: second.id }))
        .statusCode,
    ).toBe(204);
    // Dropping B on A's cell swaps them.
    expect(
      (await w.as.olive.put(`/api/edcamp/sessions/${b}/place`, { roomId: library.id, slotId: first.id }))
        .statusCode,
    ).toBe(204);
    let grid = (await boardAs(w.as.tia, board.id)).data.sessions;
    expect(grid.find((s) => s.id === b)).toMatchObject({ roomId: library.id, slotId: first.id });
    expect(grid.find((s) => s.id === a)).toMatchObject({ roomId: room12.id, slotId: second.id });
    expect((await w.as.olive.delete(`/api/edcamp/sessions/${a}/place`)).statusCode).toBe(204);
    grid = (await boardAs(w.as.tia, board.id)).data.sessions;
    expect(grid.find((s) => s.id === a)).toMatchObject({ roomId: null, slotId: null });
  });

  it('never puts a leader in two places at once', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const a = await propose(w.as.tia, board.id, 'Tia leads A');
    const b = await propose(w.as.tia, board.id, 'Tia leads B');
    const [first] = board.slots;
    await w.as.olive.put(`/api/edcamp/sessions/${a}/place`, { roomId: board.rooms[0].id, slotId: first.id });
    const res = await w.as.olive.put(`/api/edcamp/sessions/${b}/place`, {
      roomId: board.rooms[1].id,
      slotId: first.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: '/body/slotId' });
    expect(res.json().errors[0].message).toContain('two places');
  });

  it("refuses another board's room by name", async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const v = await buildWorld();
    const otherBoard = await openBoard(v);
    const a = await propose(w.as.tia, board.id, 'A');
    const res = await w.as.olive.put(`/api/edcamp/sessions/${a}/place`, {
      roomId: otherBoard.rooms[0].id,
      slotId: board.slots[0].id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/body/roomId');
  });

  it('proposes a schedule that splits shared voters, and applies it with its conflicts shown', async () => {
    const w = await buildWorld();
    const board = await openBoard(w, boardBody({ rooms: 2 }));
    const a = await propose(w.as.tia, board.id, 'A');
    const b = await propose(w.as.pia, board.id, 'B');
    const c = await propose(w.as.olive, board.id, 'C', 'learn');
    // Tia and Pia both want A and B; the guest wants C.
    for (const as of [w.as.tia, w.as.pia])
      for (const id of [a, b]) await as.put(`/api/edcamp/sessions/${id}/vote`);
    const guest = await joinAsGuest(board.joinCode as string);
    await guest.put(`/api/edcamp/sessions/${c}/vote`);

    expect((await w.as.tia.get(`/api/edcamp/boards/${board.id}/proposed-schedule`)).statusCode).toBe(403);
    const proposal = await w.as.olive.get(`/api/edcamp/boards/${board.id}/proposed-schedule`);
    expect(proposal.statusCode, proposal.body).toBe(200);
    const { placements, conflicts } = proposal.json().data;
    expect(conflicts).toBe(0);
    const slotOf = (id: string) => placements.find((p: { sessionId: string }) => p.sessionId === id)?.slotId;
    expect(slotOf(a)).not.toBe(slotOf(b));

    // Placing A and B side by side leaves Tia and Pia a conflict each; the board says so.
    const clash = [
      { sessionId: a, roomId: board.rooms[0].id, slotId: board.slots[0].id },
      { sessionId: b, roomId: board.rooms[1].id, slotId: board.slots[0].id },
    ];
    expect(
      (await w.as.olive.put(`/api/edcamp/boards/${board.id}/schedule`, { placements: clash })).statusCode,
    ).toBe(204);
    expect((await boardAs(w.as.tia, board.id)).data.conflicts).toBe(2);

    const applied = await w.as.olive.put(`/api/edcamp/boards/${board.id}/schedule`, { placements });
    expect(applied.statusCode, applied.body).toBe(204);
    expect((await boardAs(w.as.tia, board.id)).data.conflicts).toBe(0);

    const twice = await w.as.olive.put(`/api/edcamp/boards/${board.id}/schedule`, {
      placements: [clash[0], { ...clash[1], roomId: clash[0].roomId }],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].path).toBe('/body/placements/1/roomId');
    expect(
      (await w.as.tia.put(`/api/edcamp/boards/${board.id}/schedule`, { placements: [] })).statusCode,
    ).toBe(403);
  });
});

describe('notes and attendance', () => {
  it("gives a placed session a notes thread in the event's space that participants can open", async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const a = await propose(w.as.tia, board.id, 'Exit tickets that work');
    const before = await w.as.tia.post(`/api/edcamp/sessions/${a}/notes`);
    expect(before.statusCode).toBe(404);
    await w.as.olive.put(`/api/edcamp/sessions/${a}/place`, {
      roomId: board.rooms[0].id,
      slotId: board.slots[0].id,
    });
    const session = (await boardAs(w.as.tia, board.id)).data.sessions[0];
    expect(session.notesThreadId).toBeTruthy();
    const notes = await w.as.pia.post(`/api/edcamp/sessions/${a}/notes`);
    expect(notes.statusCode, notes.body).toBe(200);
    expect(notes.json().data.threadId).toBe(session.notesThreadId);
    const thread = await w.as.pia.get(`/api/threads/${session.notesThreadId}`);
    expect(thread.statusCode, thread.body).toBe(200);
    expect(thread.body).toContain('Exit tickets that work');
    // A placed session whose notes were not started (the thread could not be made at the time) gets
    // them when someone first opens them.
    const b = await propose(w.as.pia, board.id, 'Notes started later');
    await w.as.olive.put(`/api/edcamp/sessions/${b}/place`, {
      roomId: board.rooms[1].id,
      slotId: board.slots[0].id,
    });
    await t.database.db.execute(sql`update edcamp_sessions set notes_thread_id = null where id = ${b}`);
    const later = await w.as.tia.post(`/api/edcamp/sessions/${b}/notes`);
    expect(later.statusCode, later.body).toBe(200);
    expect((await w.as.tia.get(`/api/threads/${later.json().data.threadId}`)).body).toContain(
      'Notes started later',
    );
    // The space is the event's: it outlives the day, and Oscar, who may not see the event, cannot read it.
    expect((await w.as.oscar.get(`/api/threads/${session.notesThreadId}`)).statusCode).toBe(404);
    expect((await w.as.oscar.post(`/api/edcamp/sessions/${a}/notes`)).statusCode).toBe(404);
  });

  it('counts the session a teacher went to in her learning log, once per slot', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const a = await propose(w.as.tia, board.id, 'Number talks');
    const b = await propose(w.as.pia, board.id, 'Restorative circles');
    const later = await propose(w.as.olive, board.id, 'Later one');
    await w.as.olive.put(`/api/edcamp/sessions/${a}/place`, {
      roomId: board.rooms[0].id,
      slotId: board.slots[0].id,
    });
    await w.as.olive.put(`/api/edcamp/sessions/${b}/place`, {
      roomId: board.rooms[1].id,
      slotId: board.slots[0].id,
    });
    await w.as.olive.put(`/api/edcamp/sessions/${later}/place`, {
      roomId: board.rooms[0].id,
      slotId: board.slots[1].id,
    });

    const seen = (await boardAs(w.as.pia, board.id)).data.sessions;
    expect(seen.find((s) => s.id === a)?.abilities.attend).toBe(true);
    expect(seen.find((s) => s.id === later)?.abilities.attend).toBe(false);

    expect((await w.as.pia.put(`/api/edcamp/sessions/${a}/attendance`)).statusCode).toBe(204);
    expect((await w.as.pia.put(`/api/edcamp/sessions/${a}/attendance`)).statusCode).toBe(204);
    expect((await w.as.pia.put(`/api/edcamp/sessions/${b}/attendance`)).statusCode).toBe(409);
    expect((await w.as.pia.put(`/api/edcamp/sessions/${later}/attendance`)).statusCode).toBe(409);
    expect((await w.as.oscar.put(`/api/edcamp/sessions/${a}/attendance`)).statusCode).toBe(404);

    const { rows } = await t.database.db.execute<{ kind: string; title: string; duration_minutes: number }>(
      sql`select kind, title, duration_minutes from learning_entries where user_id = ${w.pia.id}`,
    );
    expect(rows).toEqual([{ kind: 'edcamp_session', title: 'Number talks', duration_minutes: 45 }]);
    expect((await boardAs(w.as.pia, board.id)).data.sessions.find((s) => s.id === a)?.attendedByMe).toBe(
      true,
    );
    // Someone went: the session stays on the board.
    expect((await w.as.olive.delete(`/api/edcamp/sessions/${a}`)).statusCode).toBe(403);
  });
});

describe('guests', () => {
  it('lets a guest with the code onto that one board and nowhere else', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const phone = await joinAsGuest(board.joinCode as string, 'Gabe');
    const me = await phone.get('/api/edcamp/guest');
    expect(me.json().data).toMatchObject({ boardId: board.id, eventId: w.eventId, name: 'Gabe' });
    const seen = await phone.get(`/api/events/${w.eventId}/edcamp`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().data).toMatchObject({ joinCode: null, me: { kind: 'guest', name: 'Gabe' } });
    expect(seen.json().abilities).toMatchObject({ organize: false, open: false });

    // Nothing else of Trellis opens to the cookie.
    expect((await phone.get('/api/session')).json().data ?? null).toBeNull();
    expect((await phone.get('/api/communities')).statusCode).toBe(401);
    expect((await phone.get(`/api/events/${w.eventId}`)).statusCode).not.toBe(200);
    const v = await buildWorld();
    const other = await openBoard(v);
    expect((await phone.get(`/api/edcamp/boards/${other.id}`)).statusCode).toBe(404);
    // Guests neither arrange the grid nor go in the log.
    const a = await propose(phone, board.id, 'Guest idea');
    expect(
      (
        await phone.put(`/api/edcamp/sessions/${a}/place`, {
          roomId: board.rooms[0].id,
          slotId: board.slots[0].id,
        })
      ).statusCode,
    ).toBe(401);
    expect((await phone.put(`/api/edcamp/sessions/${a}/attendance`)).statusCode).toBe(401);
    expect((await phone.post(`/api/edcamp/sessions/${a}/notes`)).statusCode).toBe(401);
  });

  it('turns away a wrong code by name, and an address that keeps guessing', async () => {
    const w = await buildWorld();
    const board = await openBoard(w, boardBody({ guestsAllowed: false }));
    const phone = guestPhone(t, '198.51.100.23');
    const closed = await phone.post('/api/edcamp/join', { code: board.joinCode, name: 'Gabe' });
    expect(closed.statusCode).toBe(400);
    expect(closed.json().errors[0].path).toBe('/body/code');
    const malformed = await phone.post('/api/edcamp/join', { code: 'abc', name: 'Gabe' });
    expect(malformed.json().errors[0].path).toBe('/body/code');
    const nameless = await phone.post('/api/edcamp/join', { code: 'ABCDEFGH', name: ' ' });
    expect(nameless.json().errors[0].path).toBe('/body/name');
    let last = 0;
    for (let i = 0; i < 25; i++)
      last = (await phone.post('/api/edcamp/join', { code: 'ZZZZZZZZ', name: 'Gabe' })).statusCode;
    expect(last).toBe(429);
    // Another phone in the same room is not held up by one that guessed from elsewhere.
    await w.as.olive.patch(`/api/edcamp/boards/${board.id}`, { guestsAllowed: true });
    await joinAsGuest(board.joinCode as string, 'Gina', '198.51.100.99');
  });

  it('shuts guests out when the organizer stops admitting them, keeping what they proposed', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const phone = await joinAsGuest(board.joinCode as string, 'Gabe');
    await propose(phone, board.id, 'Guest idea');
    await w.as.olive.patch(`/api/edcamp/boards/${board.id}`, { guestsAllowed: false });
    expect((await phone.get(`/api/edcamp/boards/${board.id}`)).statusCode).toBe(401);
    expect((await boardAs(w.as.tia, board.id)).data.sessions.map((s) => s.title)).toEqual(['Guest idea']);
  });

  it('lets a guest hear the board change live, until the organizer stops admitting guests', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const phone = await joinAsGuest(board.joinCode as string, 'Gabe');
    expect((await listen(`/api/edcamp/boards/${board.id}/stream`, '')).status).toBe(401);
    const v = await buildWorld();
    const other = await openBoard(v);
    expect((await listen(`/api/edcamp/boards/${other.id}/stream`, phone.cookie as string)).status).toBe(404);
    const stream = await listen(`/api/edcamp/boards/${board.id}/stream`, phone.cookie as string);
    expect(stream.status).toBe(200);
    await stream.until('ready');
    // A teacher's page hears the same topic on the stream every signed-in page uses.
    const teacher = await listen(`/api/events?topics=edcamp:${board.id}`, w.as.tia.cookie as string);
    await teacher.until('ready');
    expect((await listen(`/api/events?topics=edcamp:${board.id}`, w.as.oscar.cookie as string)).status).toBe(
      404,
    );
    await propose(w.as.pia, board.id, 'Heard live');
    await stream.until('signal');
    await teacher.until('signal');
    await w.as.olive.patch(`/api/edcamp/boards/${board.id}`, { guestsAllowed: false });
    await stream.until('ended');
    stream.close();
    teacher.close();
  });

  it('lets a guest leave, after which the cookie opens nothing', async () => {
    const w = await buildWorld();
    const board = await openBoard(w);
    const phone = await joinAsGuest(board.joinCode as string, 'Gabe');
    const cookie = phone.cookie;
    expect((await phone.delete('/api/edcamp/guest')).statusCode).toBe(204);
    phone.cookie = cookie;
    expect((await phone.get(`/api/edcamp/boards/${board.id}`)).statusCode).toBe(401);
    expect((await phone.get('/api/edcamp/guest')).json().data).toBeNull();
  });
});
