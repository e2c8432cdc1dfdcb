import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildFramework } from '#server/test/credential-builders.ts';
import { openEventStream } from '#server/test/event-stream.ts';

const t = setupTestApp();
let base = '';
beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

/**
 * Two districts of a network and one outside it: Tia (north) teaches; Cole (south) coaches; Pia
 * (north) is a peer; Nell is Tia's colleague, not invited; Ada administers north; Olaf's district
 * shares no network with Tia's.
 */
async function buildWorld() {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const far = await buildDistrict(db);
  await buildNetwork(db, [north.id, south.id]);
  const tia = await buildUser(db, { districtId: north.id, name: `Tia ${uniqueWord()}` });
  const cole = await buildUser(db, { districtId: south.id, role: 'coach', name: `Cole ${uniqueWord()}` });
  const pia = await buildUser(db, { districtId: north.id, name: `Pia ${uniqueWord()}` });
  const nell = await buildUser(db, { districtId: north.id, name: `Nell ${uniqueWord()}` });
  const ada = await buildUser(db, {
    districtId: north.id,
    role: 'district_admin',
    name: `Ada ${uniqueWord()}`,
  });
  const olaf = await buildUser(db, { districtId: far.id, name: `Olaf ${uniqueWord()}` });
  return {
    north,
    south,
    far,
    tia,
    cole,
    pia,
    nell,
    ada,
    olaf,
    as: {
      tia: await signedIn(t, tia.id),
      cole: await signedIn(t, cole.id),
      pia: await signedIn(t, pia.id),
      nell: await signedIn(t, nell.id),
      ada: await signedIn(t, ada.id),
      olaf: await signedIn(t, olaf.id),
    },
  };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

async function startCycle(w: World, focus: unknown = { kind: 'text', text: 'Student discourse' }) {
  const res = await w.as.tia.post('/api/coaching/cycles', {
    title: 'Talk moves in grade 7 science',
    focus,
    invitees: [
      { userId: w.cole.id, role: 'coach' },
      { userId: w.pia.id, role: 'peer' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id as string;
}

async function notificationsOf(userId: string, kind: string) {
  const { rows } = await t.database.db.execute<{ data: Record<string, string> }>(
    sql`select data from notifications where user_id = ${userId} and kind = ${kind}`,
  );
  return rows;
}

async function buildVideo(ownerId: string, districtId: string) {
  const id = uuidv7();
  await t.database.db.execute(sql`
    insert into videos (id, owner_id, district_id, title, status, progress, duration_seconds, consent_confirmed_at, consent_text)
    values (${id}, ${ownerId}, ${districtId}, 'Lesson on erosion', 'ready', 100, 2700, now(), 'I confirm consent')`);
  return id;
}

const field = (res: { json(): { errors?: { path: string }[] } }) => res.json().errors?.map((e) => e.path);

describe('starting a coaching cycle', () => {
  it('lets a teacher invite a coach of another district of their network with a focus in their words, and tells them', async () => {
    const w = await buildWorld();
    const anonymous = await agent(t).post('/api/coaching/cycles', {
      title: 'x',
      focus: { kind: 'text', text: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
    const id = await startCycle(w);

    const tia = await w.as.tia.get(`/api/coaching/cycles/${id}`);
    expect(tia.statusCode).toBe(200);
    const body = tia.json();
    expect(body.data.focus).toMatchObject({ kind: 'text', label: 'Student discourse' });
    expect(body.data.phase).toBe('pre_conference');
    expect(body.data.members.map((m: { role: string }) => m.role).sort()).toEqual([
      'coach',
      'peer',
      'teacher',
    ]);
    expect(body.abilities).toEqual({ role: 'teacher', manage: true, steer: true, contribute: true });

    const cole = await w.as.cole.get(`/api/coaching/cycles/${id}`);
    expect(cole.json().abilities).toEqual({ role: 'coach', manage: false, steer: true, contribute: true });
    expect((await w.as.pia.get(`/api/coaching/cycles/${id}`)).json().abilities.steer).toBe(false);

    const told = await notificationsOf(w.cole.id, 'coaching_invitation');
    expect(told).toHaveLength(1);
    expect(told[0].data.cycleId).toBe(id);
    expect(await notificationsOf(w.tia.id, 'coaching_invitation')).toHaveLength(0);

    const { rows } = await t.database.db.execute(
      sql`select 1 from statements where object_id = ${id} and object_type = 'coaching_cycle' and actor_id = ${w.tia.id}`,
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses people outside the network, the teacher themselves and a missing title, naming the field', async () => {
    const w = await buildWorld();
    const far = await w.as.tia.post('/api/coaching/cycles', {
      title: 'Questioning',
      focus: { kind: 'text', text: 'Questioning' },
      invitees: [
        { userId: w.cole.id, role: 'coach' },
        { userId: w.olaf.id, role: 'peer' },
      ],
    });
    expect(far.statusCode).toBe(400);
    expect(far.headers['content-type']).toContain('application/problem+json');
    expect(field(far)).toEqual(['/body/invitees/1/userId']);

    const self = await w.as.tia.post('/api/coaching/cycles', {
      title: 'Questioning',
      focus: { kind: 'text', text: 'Questioning' },
      invitees: [{ userId: w.tia.id, role: 'coach' }],
    });
    expect(field(self)).toEqual(['/body/invitees/0/userId']);

    const untitled = await w.as.tia.post('/api/coaching/cycles', {
      title: ' ',
      focus: { kind: 'text', text: 'x' },
    });
    expect(untitled.statusCode).toBe(400);
    expect(field(untitled)).toContain('/body/title');
  });

  it('takes a competency of a framework the teacher may read as the focus, and refuses one they may not', async () => {
    const w = await buildWorld();
    const { competencies } = await buildFramework(t.database.db, {
      ownerOrgId: w.north.id,
      competencies: [{ code: 'TL.2', statement: 'Questioning that deepens thinking' }],
    });
    const id = await startCycle(w, { kind: 'competency', competencyId: competencies[0].id });
    const cycle = (await w.as.cole.get(`/api/coaching/cycles/${id}`)).json().data;
    expect(cycle.focus).toEqual({
      kind: 'competency',
      label: 'TL.2 Questioning that deepens thinking',
      competencyId: competencies[0].id,
      rubricRowId: null,
    });

    const elsewhere = await buildFramework(t.database.db, { ownerOrgId: w.far.id });
    const refused = await w.as.tia.post('/api/coaching/cycles', {
      title: 'x',
      focus: { kind: 'competency', competencyId: elsewhere.competencies[0].id },
    });
    expect(refused.statusCode).toBe(400);
    expect(field(refused)).toEqual(['/body/focus/competencyId']);
  });
});

describe('district rubrics', () => {
  const rubric = {
    title: 'Framework for teaching',
    domains: [
      {
        title: 'Classroom environment',
        rows: [
          { code: '2a', title: 'Respect and rapport' },
          { code: '2b', title: 'Culture for learning' },
        ],
      },
      { title: 'Instruction', rows: [{ code: '3b', title: 'Questioning and discussion' }] },
    ],
  };

  it("lets a district's administrator define one, its teachers take a row as the focus, and no one else", async () => {
    const w = await buildWorld();
    expect((await w.as.tia.post(`/api/districts/${w.north.id}/coaching-rubrics`, rubric)).statusCode).toBe(
      403,
    );
    expect((await w.as.olaf.post(`/api/districts/${w.north.id}/coaching-rubrics`, rubric)).statusCode).toBe(
      404,
    );
    const bad = await w.as.ada.post(`/api/districts/${w.north.id}/coaching-rubrics`, {
      ...rubric,
      domains: [],
    });
    expect(field(bad)).toEqual(['/body/domains']);

    const made = await w.as.ada.post(`/api/districts/${w.north.id}/coaching-rubrics`, rubric);
    expect(made.statusCode, made.body).toBe(201);
    const rows = made.json().data.rows;
    expect(rows.map((r: { code: string; domain: string }) => `${r.domain}/${r.code}`)).toEqual([
      'Classroom environment/2a',
      'Classroom environment/2b',
      'Instruction/3b',
    ]);

    const listed = (await w.as.tia.get('/api/coaching/rubrics')).json().data;
    expect(listed.map((r: { id: string }) => r.id)).toContain(made.json().data.id);
    expect((await w.as.olaf.get('/api/coaching/rubrics')).json().data).toEqual([]);

    const id = await startCycle(w, { kind: 'rubric_row', rubricRowId: rows[1].id });
    expect((await w.as.cole.get(`/api/coaching/cycles/${id}`)).json().data.focus.label).toBe(
      '2b Culture for learning',
    );

    const theirs = await w.as.olaf.post('/api/coaching/cycles', {
      title: 'x',
      focus: { kind: 'rubric_row', rubricRowId: rows[0].id },
    });
    expect(field(theirs)).toEqual(['/body/focus/rubricRowId']);
  });

  it('is edited in place as its next version, and a cycle that took a row of an earlier one keeps it', async () => {
    const w = await buildWorld();
    const made = (await w.as.ada.post(`/api/districts/${w.north.id}/coaching-rubrics`, rubric)).json().data;
    expect(made).toMatchObject({ version: 1, current: true });
    const oldRow = made.rows[1];
    const id = await startCycle(w, { kind: 'rubric_row', rubricRowId: oldRow.id });
    const edit = {
      ...rubric,
      title: 'Framework for teaching, 2027',
      domains: [{ title: 'Classroom environment', rows: [{ code: '2b', title: 'Culture of learning' }] }],
      version: 1,
    };
    expect((await w.as.tia.put(`/api/coaching/rubrics/${made.id}`, edit)).statusCode).toBe(403);
    expect((await w.as.olaf.put(`/api/coaching/rubrics/${made.id}`, edit)).statusCode).toBe(403);
    const edited = await w.as.ada.put(`/api/coaching/rubrics/${made.id}`, edit);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().data).toMatchObject({
      title: 'Framework for teaching, 2027',
      version: 2,
      current: true,
    });
    expect(edited.json().data.rows.map((r: { title: string }) => r.title)).toEqual(['Culture of learning']);
    // Someone who started from version 1 is told to read it again; nothing changes.
    const stale = await w.as.ada.put(`/api/coaching/rubrics/${made.id}`, { ...edit, title: 'Late' });
    expect(stale.statusCode).toBe(409);
    const listed = (await w.as.tia.get('/api/coaching/rubrics')).json().data;
    expect(listed.find((r: { id: string }) => r.id === made.id)).toMatchObject({
      version: 2,
      title: edit.title,
    });

    // The cycle keeps the row it took, and its version of the rubric reads as it was.
    const cycle = (await w.as.cole.get(`/api/coaching/cycles/${id}`)).json().data;
    expect(cycle.focus).toMatchObject({ label: '2b Culture for learning', rubricRowId: oldRow.id });
    const v1 = await w.as.tia.get(`/api/coaching/rubrics/${made.id}/versions/1`);
    expect(v1.json().data).toMatchObject({ version: 1, current: false });
    expect(v1.json().data.rows.map((r: { id: string }) => r.id)).toEqual(
      made.rows.map((r: { id: string }) => r.id),
    );
    expect((await w.as.olaf.get(`/api/coaching/rubrics/${made.id}/versions/1`)).statusCode).toBe(404);
    expect((await w.as.tia.get(`/api/coaching/rubrics/${made.id}/versions/3`)).statusCode).toBe(404);
    // Renaming the cycle keeps its focus; a new cycle must take a row of the rubric as it stands.
    expect(
      (
        await w.as.tia.patch(`/api/coaching/cycles/${id}`, {
          focus: { kind: 'rubric_row', rubricRowId: oldRow.id },
        })
      ).statusCode,
    ).toBe(200);
    const late = await w.as.tia.post('/api/coaching/cycles', {
      title: 'Later cycle',
      focus: { kind: 'rubric_row', rubricRowId: oldRow.id },
    });
    expect(field(late)).toEqual(['/body/focus/rubricRowId']);
    await startCycle(w, { kind: 'rubric_row', rubricRowId: edited.json().data.rows[0].id });
  });
});

describe('privacy', () => {
  it('tells anyone not invited, their district administrator too, that the cycle and everything in it do not exist', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    const obs = (
      await w.as.cole.post(`/api/coaching/cycles/${id}/observations`, { kind: 'live', title: 'Period 3' })
    ).json().data.id;
    const action = (
      await w.as.tia.post(`/api/coaching/cycles/${id}/actions`, {
        title: 'Try wait time',
        ownerId: w.tia.id,
        dueOn: '2030-01-01',
      })
    ).json().data.id;

    for (const as of [w.as.nell, w.as.ada, w.as.olaf]) {
      expect((await as.get(`/api/coaching/cycles/${id}`)).statusCode).toBe(404);
      expect((await as.get(`/api/coaching/cycles/${id}/comments`)).statusCode).toBe(404);
      expect((await as.post(`/api/coaching/cycles/${id}/comments`, { body: 'hi' })).statusCode).toBe(404);
      expect((await as.get(`/api/coaching/observations/${obs}`)).statusCode).toBe(404);
      expect(
        (await as.put(`/api/coaching/observations/${obs}/notes/${uuidv7()}`, { body: 'x' })).statusCode,
      ).toBe(404);
      expect((await as.patch(`/api/coaching/actions/${action}`, { done: true })).statusCode).toBe(404);
      expect(
        (await as.put(`/api/coaching/cycles/${id}/conferences/pre`, { heldOn: '2026-12-01', minutes: 20 }))
          .statusCode,
      ).toBe(404);
      expect((await as.get('/api/coaching/cycles')).json().data).toEqual([]);
      expect((await as.get('/api/coaching/caseload')).json().data).toEqual([]);
      expect((await as.get('/api/coaching/actions')).json().data).toEqual([]);
    }
    expect((await w.as.tia.get(`/api/coaching/cycles/${MISSING}`)).statusCode).toBe(404);
    expect((await agent(t).get(`/api/coaching/cycles/${id}`)).statusCode).toBe(401);
  });

  it('ends a removed person’s access at once, their grants to the cycle’s videos with it; an invitee may leave, the teacher may not', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    const videoId = await buildVideo(w.tia.id, w.north.id);
    const started = await w.as.tia.post(`/api/coaching/cycles/${id}/observations`, {
      kind: 'video',
      title: 'Erosion lesson',
      videoId,
      observerId: w.cole.id,
    });
    expect(started.statusCode, started.body).toBe(201);
    const grants = async () =>
      (
        await t.database.db.execute<{ user_id: string; revoked: boolean }>(
          sql`select user_id, revoked_at is not null as revoked from video_grants where video_id = ${videoId} order by user_id`,
        )
      ).rows;
    expect(
      (await grants())
        .filter((g) => !g.revoked)
        .map((g) => g.user_id)
        .sort(),
    ).toEqual([w.cole.id, w.pia.id].sort());

    expect((await w.as.pia.delete(`/api/coaching/cycles/${id}/members/${w.cole.id}`)).statusCode).toBe(403);
    expect((await w.as.tia.delete(`/api/coaching/cycles/${id}/members/${w.pia.id}`)).statusCode).toBe(204);
    expect((await w.as.pia.get(`/api/coaching/cycles/${id}`)).statusCode).toBe(404);
    expect((await grants()).find((g) => g.user_id === w.pia.id)?.revoked).toBe(true);

    expect((await w.as.cole.delete(`/api/coaching/cycles/${id}/members/${w.cole.id}`)).statusCode).toBe(204);
    expect((await w.as.cole.get(`/api/coaching/cycles/${id}`)).statusCode).toBe(404);
    expect((await w.as.tia.delete(`/api/coaching/cycles/${id}/members/${w.tia.id}`)).statusCode).toBe(409);
    expect((await w.as.tia.delete(`/api/coaching/cycles/${id}/members/${w.nell.id}`)).statusCode).toBe(404);

    // Invited again, Pia is granted the cycle's video again and told.
    const again = await w.as.tia.post(`/api/coaching/cycles/${id}/members`, {
      invitees: [{ userId: w.pia.id, role: 'peer' }],
    });
    expect(again.statusCode, again.body).toBe(200);
    expect((await grants()).some((g) => g.user_id === w.pia.id && !g.revoked)).toBe(true);
    expect(await notificationsOf(w.pia.id, 'coaching_invitation')).toHaveLength(2);
    expect(
      (
        await w.as.cole.post(`/api/coaching/cycles/${id}/members`, {
          invitees: [{ userId: w.nell.id, role: 'peer' }],
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('phases and conferences', () => {
  it('lets the teacher and coach move the cycle on, a peer not, and only the teacher close it; a closed cycle is read-only', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    const pre = await w.as.tia.put(`/api/coaching/cycles/${id}/conferences/pre`, {
      heldOn: '2026-12-01',
      minutes: 25,
      goal: 'More students explain their reasoning',
      lookFors: 'Who talks after a question; wait time',
    });
    expect(pre.statusCode, pre.body).toBe(200);
    expect(pre.json().data.conferences[0]).toMatchObject({
      kind: 'pre',
      minutes: 25,
      lookFors: 'Who talks after a question; wait time',
    });
    const bad = await w.as.cole.put(`/api/coaching/cycles/${id}/conferences/pre`, {
      heldOn: '2026-12-01',
      minutes: 0,
    });
    expect(field(bad)).toEqual(['/body/minutes']);
    expect(
      (
        await w.as.cole.put(`/api/coaching/cycles/${id}/conferences/during`, {
          heldOn: '2026-12-01',
          minutes: 5,
        })
      ).statusCode,
    ).toBe(400);

    expect((await w.as.pia.patch(`/api/coaching/cycles/${id}`, { phase: 'observation' })).statusCode).toBe(
      403,
    );
    const moved = await w.as.cole.patch(`/api/coaching/cycles/${id}`, { phase: 'observation' });
    expect(moved.json().data.phase).toBe('observation');
    expect((await w.as.cole.patch(`/api/coaching/cycles/${id}`, { title: 'Mine now' })).statusCode).toBe(403);
    expect((await w.as.cole.patch(`/api/coaching/cycles/${id}`, { phase: 'completed' })).statusCode).toBe(
      403,
    );
    expect((await w.as.tia.patch(`/api/coaching/cycles/${id}`, { phase: 'finished' })).statusCode).toBe(400);

    const closed = await w.as.tia.patch(`/api/coaching/cycles/${id}`, { phase: 'completed' });
    expect(closed.json().data.phase).toBe('completed');
    expect(closed.json().abilities.contribute).toBe(false);
    expect(
      (await w.as.cole.post(`/api/coaching/cycles/${id}/comments`, { body: 'Late thought' })).statusCode,
    ).toBe(409);
    expect(
      (
        await w.as.tia.post(`/api/coaching/cycles/${id}/members`, {
          invitees: [{ userId: w.nell.id, role: 'peer' }],
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await w.as.tia.patch(`/api/coaching/cycles/${id}`, { phase: 'follow_up' })).json().data.phase,
    ).toBe('follow_up');
  });
});

describe('live observation', () => {
  it('lets a coach keep time-stamped notes tagged to the focus, once each, and count the observation in both learning logs', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    expect(
      (await w.as.tia.post(`/api/coaching/cycles/${id}/observations`, { kind: 'live', title: 'Period 3' }))
        .statusCode,
    ).toBe(403);
    const started = await w.as.cole.post(`/api/coaching/cycles/${id}/observations`, {
      kind: 'live',
      title: 'Period 3',
    });
    expect(started.statusCode).toBe(201);
    expect(started.json().abilities.observe).toBe(true);
    const obs = started.json().data.id;

    const noteId = uuidv7();
    const note = {
      body: 'Four students build on each other',
      observedAt: '2026-12-02T10:05:00.000Z',
      focusTagged: true,
    };
    expect((await w.as.cole.put(`/api/coaching/observations/${obs}/notes/${noteId}`, note)).statusCode).toBe(
      204,
    );
    expect((await w.as.cole.put(`/api/coaching/observations/${obs}/notes/${noteId}`, note)).statusCode).toBe(
      204,
    );
    expect(
      (
        await w.as.cole.put(`/api/coaching/observations/${obs}/notes/${uuidv7()}`, {
          body: 'Wait time under a second',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await w.as.tia.put(`/api/coaching/observations/${obs}/notes/${uuidv7()}`, { body: 'me' })).statusCode,
    ).toBe(403);
    expect(
      (await w.as.pia.put(`/api/coaching/observations/${obs}/notes/${noteId}`, { body: 'mine?' })).statusCode,
    ).toBe(403);
    const empty = await w.as.cole.put(`/api/coaching/observations/${obs}/notes/${uuidv7()}`, { body: '' });
    expect(field(empty)).toEqual(['/body/body']);

    const seen = await w.as.tia.get(`/api/coaching/observations/${obs}`);
    expect(seen.json().abilities.observe).toBe(false);
    expect(seen.json().data.notes).toHaveLength(2);
    expect(seen.json().data.notes.find((n: { id: string }) => n.id === noteId)).toMatchObject({
      focusTagged: true,
      observedAt: '2026-12-02T10:05:00.000Z',
    });
    expect(seen.json().data.focus.label).toBe('Student discourse');

    expect(
      (await w.as.tia.post(`/api/coaching/observations/${obs}/completion`, { minutes: 40 })).statusCode,
    ).toBe(403);
    const done = await w.as.cole.post(`/api/coaching/observations/${obs}/completion`, { minutes: 40 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().data.minutes).toBe(40);
    expect(
      (await w.as.cole.post(`/api/coaching/observations/${obs}/completion`, { minutes: 40 })).statusCode,
    ).toBe(409);
    expect(
      (await w.as.cole.put(`/api/coaching/observations/${obs}/notes/${uuidv7()}`, { body: 'late' }))
        .statusCode,
    ).toBe(409);

    const { rows } = await t.database.db.execute<{
      user_id: string;
      kind: string;
      duration_minutes: number;
    }>(sql`
      select user_id, kind, duration_minutes from learning_entries where object_id = ${obs} order by kind`);
    expect(rows).toEqual([
      { user_id: w.cole.id, kind: 'coaching_observation_given', duration_minutes: 40 },
      { user_id: w.tia.id, kind: 'coaching_observation_received', duration_minutes: 40 },
    ]);
    const log = (await w.as.tia.get('/api/learning/entries')).json();
    expect(JSON.stringify(log)).toContain('Observation received');
  });

  it('asks a teacher’s own video for a video observation and a coach or peer of the cycle to watch it', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    const theirs = await buildVideo(w.nell.id, w.north.id);
    const mine = await buildVideo(w.tia.id, w.north.id);
    const notMine = await w.as.tia.post(`/api/coaching/cycles/${id}/observations`, {
      kind: 'video',
      title: 'x',
      videoId: theirs,
      observerId: w.cole.id,
    });
    expect(field(notMine)).toEqual(['/body/videoId']);
    const stranger = await w.as.tia.post(`/api/coaching/cycles/${id}/observations`, {
      kind: 'video',
      title: 'x',
      videoId: mine,
      observerId: w.nell.id,
    });
    expect(field(stranger)).toEqual(['/body/observerId']);
    expect(
      (
        await w.as.cole.post(`/api/coaching/cycles/${id}/observations`, {
          kind: 'video',
          title: 'x',
          videoId: mine,
          observerId: w.cole.id,
        })
      ).statusCode,
    ).toBe(403);
    const ok = await w.as.tia.post(`/api/coaching/cycles/${id}/observations`, {
      kind: 'video',
      title: 'Erosion lesson',
      videoId: mine,
      observerId: w.cole.id,
    });
    expect(ok.json().data).toMatchObject({ kind: 'video', videoId: mine, observer: { id: w.cole.id } });
    const obs = ok.json().data.id;
    expect(
      (
        await w.as.cole.put(`/api/coaching/observations/${obs}/notes/${uuidv7()}`, {
          body: 'At 4:10',
          videoSeconds: 250,
        })
      ).statusCode,
    ).toBe(204);
    expect((await w.as.cole.get(`/api/coaching/observations/${obs}`)).json().data.notes[0].videoSeconds).toBe(
      250,
    );
  });
});

describe('follow-up actions and comments', () => {
  it('tracks actions with owners and dates until done, showing each owner’s open ones, overdue first', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    const stranger = await w.as.cole.post(`/api/coaching/cycles/${id}/actions`, {
      title: 'x',
      ownerId: w.nell.id,
      dueOn: '2030-01-01',
    });
    expect(field(stranger)).toEqual(['/body/ownerId']);
    const badDay = await w.as.cole.post(`/api/coaching/cycles/${id}/actions`, {
      title: 'x',
      ownerId: w.tia.id,
      dueOn: '2030-02-31',
    });
    expect(field(badDay)).toEqual(['/body/dueOn']);

    const late = await w.as.cole.post(`/api/coaching/cycles/${id}/actions`, {
      title: 'Plan three talk moves',
      ownerId: w.tia.id,
      dueOn: '2020-01-06',
    });
    expect(late.statusCode).toBe(201);
    expect(late.json().data.overdue).toBe(true);
    const soon = await w.as.tia.post(`/api/coaching/cycles/${id}/actions`, {
      title: 'Share a clip',
      ownerId: w.tia.id,
      dueOn: '2030-01-01',
    });
    await w.as.tia.post(`/api/coaching/cycles/${id}/actions`, {
      title: 'Send readings',
      ownerId: w.cole.id,
      dueOn: '2030-01-01',
    });

    const home = (await w.as.tia.get('/api/coaching/actions')).json().data;
    expect(home.map((a: { title: string }) => a.title)).toEqual(['Plan three talk moves', 'Share a clip']);
    expect((await w.as.cole.get('/api/coaching/caseload')).json().totals).toEqual({
      teachers: 1,
      openCycles: 1,
      overdueActions: 1,
    });

    const done = await w.as.tia.patch(`/api/coaching/actions/${late.json().data.id}`, { done: true });
    expect(done.json().data.doneAt).not.toBeNull();
    expect(
      (await w.as.tia.get('/api/coaching/actions')).json().data.map((a: { title: string }) => a.title),
    ).toEqual(['Share a clip']);
    expect((await w.as.pia.delete(`/api/coaching/actions/${soon.json().data.id}`)).statusCode).toBe(204);
    expect((await w.as.tia.patch(`/api/coaching/actions/${MISSING}`, { done: true })).statusCode).toBe(404);
  });

  it('tells everyone else in the cycle of a comment, and pages the conversation', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    for (const body of ['First', 'Second', 'Third'])
      expect((await w.as.cole.post(`/api/coaching/cycles/${id}/comments`, { body })).statusCode).toBe(201);
    expect(await notificationsOf(w.tia.id, 'coaching_comment')).toHaveLength(3);
    expect(await notificationsOf(w.pia.id, 'coaching_comment')).toHaveLength(3);
    expect(await notificationsOf(w.cole.id, 'coaching_comment')).toHaveLength(0);

    const first = (await w.as.pia.get(`/api/coaching/cycles/${id}/comments?limit=2`)).json();
    expect(first.data.map((c: { body: string }) => c.body)).toEqual(['First', 'Second']);
    const rest = (
      await w.as.pia.get(`/api/coaching/cycles/${id}/comments?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(rest.data.map((c: { body: string }) => c.body)).toEqual(['Third']);
    expect(rest.nextCursor).toBeNull();
    expect((await w.as.pia.get(`/api/coaching/cycles/${id}/comments?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('signals a comment to the open pages of the cycle’s people alone, and stops a removed person hearing it', async () => {
    const w = await buildWorld();
    const id = await startCycle(w);
    const topic = `coaching-cycle:${id}`;
    const open = async (who: 'tia' | 'pia' | 'nell') => {
      const stream = await openEventStream(base, w.as[who].cookie as string, [`user:${w[who].id}`, topic]);
      await stream.next((e) => e.event === 'ready');
      return stream;
    };
    const tia = await open('tia');
    const pia = await open('pia');
    // Nell was never invited: the topic is refused her stream, which hears nothing of it.
    const nell = await open('nell');
    expect((await nell.next((e) => e.event === 'revoked')).data).toEqual({ topic });
    const made = await w.as.cole.post(`/api/coaching/cycles/${id}/comments`, { body: 'Live' });
    expect(made.statusCode).toBe(201);
    const heard = { topic, type: 'comment', id: made.json().data.id };
    const ofCycle = (e: { event: string; data: Record<string, unknown> }) =>
      e.event === 'signal' && e.data.topic === topic;
    expect((await tia.next(ofCycle)).data).toEqual(heard);
    expect((await pia.next(ofCycle)).data).toEqual(heard);
    expect(nell.events.some((e) => e.event === 'signal' && e.data.topic === topic)).toBe(false);

    expect((await w.as.tia.delete(`/api/coaching/cycles/${id}/members/${w.pia.id}`)).statusCode).toBe(204);
    expect((await pia.next((e) => e.event === 'revoked')).data).toEqual({ topic });
    await w.as.cole.post(`/api/coaching/cycles/${id}/comments`, { body: 'After Pia left' });
    await tia.next((e) => ofCycle(e) && e.data.type === 'comment' && e.data.id !== heard.id);
    expect(pia.events.filter((e) => ofCycle(e) && e.data.type === 'comment')).toHaveLength(1);
  });
});

describe('caseload and coaching log', () => {
  it('shows a coach each teacher’s open cycles a page at a time, and their sessions, hours, teachers and focus areas', async () => {
    const w = await buildWorld();
    const first = await startCycle(w);
    const second = await startCycle(w, { kind: 'text', text: 'Checking for understanding' });
    const mine = (await w.as.tia.get('/api/coaching/cycles?role=mine')).json().data;
    expect(mine).toHaveLength(2);
    expect((await w.as.tia.get('/api/coaching/cycles?role=invited')).json().data).toEqual([]);

    const page1 = (await w.as.cole.get('/api/coaching/caseload?limit=1')).json();
    expect(page1.data).toHaveLength(1);
    expect(page1.data[0]).toMatchObject({
      id: second,
      teacher: { id: w.tia.id },
      phase: 'pre_conference',
      myRole: 'coach',
    });
    const page2 = (await w.as.cole.get(`/api/coaching/caseload?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.data.map((c: { id: string }) => c.id)).toEqual([first]);
    expect(page2.nextCursor).toBeNull();

    await w.as.tia.put(`/api/coaching/cycles/${first}/conferences/pre`, {
      heldOn: '2026-12-01',
      minutes: 20,
    });
    await w.as.tia.put(`/api/coaching/cycles/${first}/conferences/post`, {
      heldOn: '2026-12-03',
      minutes: 30,
      notes: 'Try think-pair-share',
    });
    await w.as.tia.put(`/api/coaching/cycles/${second}/conferences/pre`, {
      heldOn: '2026-12-04',
      minutes: 15,
    });
    const obs = (
      await w.as.cole.post(`/api/coaching/cycles/${first}/observations`, { kind: 'live', title: 'P3' })
    ).json().data.id;
    await w.as.cole.post(`/api/coaching/observations/${obs}/completion`, { minutes: 45 });

    const log = (await w.as.cole.get('/api/coaching/log?limit=3')).json();
    expect(log.totals).toEqual({
      sessions: 4,
      minutes: 110,
      teachers: 1,
      focusAreas: [
        { label: 'Student discourse', sessions: 3 },
        { label: 'Checking for understanding', sessions: 1 },
      ],
    });
    expect(log.data).toHaveLength(3);
    const more = (await w.as.cole.get(`/api/coaching/log?limit=3&cursor=${log.nextCursor}`)).json();
    expect(more.data).toHaveLength(1);
    expect([...log.data, ...more.data].map((s: { kind: string }) => s.kind).sort()).toEqual([
      'observation',
      'post_conference',
      'pre_conference',
      'pre_conference',
    ]);
    // Pia did not observe, but was at the conferences; Tia, the teacher, gave no sessions.
    expect((await w.as.pia.get('/api/coaching/log')).json().totals.sessions).toBe(3);
    expect((await w.as.tia.get('/api/coaching/log')).json().totals.sessions).toBe(0);
    expect((await w.as.cole.get('/api/coaching/log?cursor=abc')).statusCode).toBe(400);
  });
});
