import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { openEventStream } from '#server/test/event-stream.ts';
import { multipart } from '#server/test/multipart.ts';
import { buildMessagingWorld } from './test-support.ts';

const t = setupTestApp();
let base = '';

beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

/** Ana's group with Ben and Cal, its first message sent. */
async function group() {
  const w = await buildMessagingWorld(t);
  const started = await w.as.ana.post('/api/conversations', {
    participantIds: [w.ben.id, w.cal.id],
    body: 'Before anyone else came: our **private** plan',
  });
  expect(started.statusCode).toBe(201);
  return { ...w, id: started.json().data.conversationId as string };
}

const people = async (id: string) =>
  (
    await t.database.db.execute<{ user_id: string }>(sql`
      select user_id from conversation_participants where conversation_id = ${id} order by user_id`)
  ).rows.map((r) => r.user_id);

const kinds = async (userId: string) =>
  (
    await t.database.db.execute<{ kind: string }>(sql`
      select kind from notifications where user_id = ${userId} order by created_at`)
  ).rows.map((r) => r.kind);

describe('adding people to a group', () => {
  it('adds someone who then reads only what is sent from now on, tells them, and tells everyone’s pages', async () => {
    const w = await group();
    const eve = await buildUser(t.database.db, { districtId: w.north.id });
    const asEve = await signedIn(t, eve.id);
    const added = await w.as.ben.post(`/api/conversations/${w.id}/people`, { participantIds: [eve.id] });
    expect(added.statusCode).toBe(200);
    expect(added.json().data.people.map((p: { id: string }) => p.id)).toContain(eve.id);
    expect(await kinds(eve.id)).toEqual(['conversation_added']);
    const { rows } = await t.database.db.execute(sql`
      select 1 from statements where verb = 'http://activitystrea.ms/schema/1.0/add' and object_id = ${w.id}`);
    expect(rows.length).toBe(1);

    const view = (await asEve.get(`/api/conversations/${w.id}`)).json();
    expect(view.data.isGroup).toBe(true);
    expect(view.abilities).toMatchObject({ send: true, leave: true, removePeople: false });
    expect((await asEve.get(`/api/conversations/${w.id}/messages`)).json().data).toEqual([]);
    const inbox = (await asEve.get('/api/conversations')).json().data;
    expect(inbox[0]).toMatchObject({ id: w.id, lastMessage: null });
    expect((await asEve.get('/api/messages/search?q=private')).json().data).toEqual([]);

    await w.as.ana.post(`/api/conversations/${w.id}/messages`, { body: 'Welcome, Eve' });
    const seen = (await asEve.get(`/api/conversations/${w.id}/messages`)).json().data;
    expect(seen.map((m: { html: string }) => m.html)).toEqual(['<p>Welcome, Eve</p>']);
    expect(await kinds(eve.id)).toEqual(['conversation_added', 'direct_message']);
  });

  it('refuses people who may not join, naming them, and changes nothing', async () => {
    const w = await group();
    const before = await people(w.id);
    const cases: Array<[unknown, string]> = [
      [{ participantIds: [w.ben.id] }, '/body/participantIds/0'], // already in it
      [{ participantIds: [w.dee.id] }, '/body/participantIds/0'], // outside the network
      [{ participantIds: [] }, '/body/participantIds'],
      [{ participantIds: ['nope'] }, '/body/participantIds/0'],
      [{ participantIds: [w.southAdmin.id], extra: 1 }, '/body'],
    ];
    for (const [body, path] of cases) {
      const response = await w.as.ana.post(`/api/conversations/${w.id}/people`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors[0].path).toBe(path);
    }
    // A block between the newcomer and anyone in it.
    const fay = await buildUser(t.database.db, { districtId: w.north.id });
    await (await signedIn(t, fay.id)).put(`/api/message-blocks/${w.cal.id}`);
    const blocked = await w.as.ana.post(`/api/conversations/${w.id}/people`, { participantIds: [fay.id] });
    expect(blocked.statusCode).toBe(400);
    expect(blocked.json().errors[0].message).toContain(w.cal.name);
    // At most ten people.
    const many = await Promise.all(
      Array.from({ length: 8 }, () => buildUser(t.database.db, { districtId: w.north.id })),
    );
    const full = await w.as.ana.post(`/api/conversations/${w.id}/people`, {
      participantIds: many.map((u) => u.id),
    });
    expect(full.statusCode).toBe(400);
    expect(await people(w.id)).toEqual(before);
    // Outsiders get 404; a conversation of two stays two.
    expect(
      (await w.as.dee.post(`/api/conversations/${w.id}/people`, { participantIds: [w.dee.id] })).statusCode,
    ).toBe(404);
    expect(
      (await agent(t).post(`/api/conversations/${w.id}/people`, { participantIds: [fay.id] })).statusCode,
    ).toBe(401);
    const pair = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Hi' })
    ).json().data.conversationId;
    const grow = await w.as.ana.post(`/api/conversations/${pair}/people`, { participantIds: [w.cal.id] });
    expect(grow.statusCode).toBe(409);
    expect(await kinds(fay.id)).toEqual([]);
  });
});

describe('removing people and leaving', () => {
  it('lets only the starter remove someone, who then reads nothing of it and stops hearing it at once', async () => {
    const w = await group();
    const file = (
      await w.as.ana.request({
        method: 'POST',
        url: '/api/message-attachments',
        ...multipart('file', 'a.txt', 'text/plain', Buffer.from('plan')),
      })
    ).json().data;
    await w.as.ana.post(`/api/conversations/${w.id}/messages`, {
      body: 'With a file',
      attachmentIds: [file.id],
    });
    expect((await w.as.cal.get(file.url)).statusCode).toBe(200);

    const calCookie = w.as.cal.cookie as string;
    const stream = await openEventStream(base, calCookie, [`user:${w.cal.id}`, `conversation:${w.id}`]);
    await stream.next((e) => e.event === 'ready');

    const notKeeper = await w.as.ben.delete(`/api/conversations/${w.id}/people/${w.cal.id}`);
    expect(notKeeper.statusCode).toBe(403);
    expect(await people(w.id)).toContain(w.cal.id);

    const toldBefore = (await kinds(w.cal.id)).length;
    const removed = await w.as.ana.delete(`/api/conversations/${w.id}/people/${w.cal.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.people.map((p: { id: string }) => p.id)).not.toContain(w.cal.id);
    expect((await stream.next((e) => e.event === 'revoked')).data).toEqual({ topic: `conversation:${w.id}` });

    // Nothing of it is theirs to read any more: the page, messages, files, search, inbox, reporting.
    expect((await w.as.cal.get(`/api/conversations/${w.id}`)).statusCode).toBe(404);
    expect((await w.as.cal.get(`/api/conversations/${w.id}/messages`)).statusCode).toBe(404);
    expect((await w.as.cal.get(file.url)).statusCode).toBe(404);
    expect((await w.as.cal.get('/api/messages/search?q=private')).json().data).toEqual([]);
    expect((await w.as.cal.get('/api/conversations')).json().data).toEqual([]);
    expect(
      (await w.as.cal.post(`/api/conversations/${w.id}/messages`, { body: 'Still here?' })).statusCode,
    ).toBe(404);

    // New messages neither reach them nor signal their page.
    await w.as.ben.post(`/api/conversations/${w.id}/messages`, { body: 'After Cal left' });
    expect((await kinds(w.cal.id)).slice(toldBefore)).toEqual(['conversation_removed']);
    expect(stream.events.some((e) => e.event === 'signal' && e.data.topic === `conversation:${w.id}`)).toBe(
      false,
    );
    expect((await w.as.ben.get(`/api/conversations/${w.id}/messages`)).json().data).toHaveLength(3);
  });

  it('lets anyone leave, and passes removing to whoever has been in it longest once the starter leaves', async () => {
    const w = await group();
    const eve = await buildUser(t.database.db, { districtId: w.north.id });
    await w.as.ana.post(`/api/conversations/${w.id}/people`, { participantIds: [eve.id] });
    const left = await w.as.ana.delete(`/api/conversations/${w.id}/people/${w.ana.id}`);
    expect(left.statusCode).toBe(200);
    expect(await people(w.id)).not.toContain(w.ana.id);
    expect(await kinds(w.ana.id)).not.toContain('conversation_removed');
    // Ben and Cal joined first; of them the keeper is the first in joining order.
    const keeper = (await w.as.ben.get(`/api/conversations/${w.id}`)).json().abilities.removePeople
      ? w.as.ben
      : w.as.cal;
    const other = keeper === w.as.ben ? w.as.cal : w.as.ben;
    expect((await other.get(`/api/conversations/${w.id}`)).json().abilities.removePeople).toBe(false);
    expect((await keeper.delete(`/api/conversations/${w.id}/people/${eve.id}`)).statusCode).toBe(200);
    expect((await w.as.ana.delete(`/api/conversations/${w.id}/people/${w.ana.id}`)).statusCode).toBe(404);
  });
});

describe('drafts of a message', () => {
  it('keeps a reply being written for its writer alone, on any device, and for no one taken out', async () => {
    const w = await group();
    const path = `/api/drafts/conversation/${w.id}`;
    expect((await w.as.ben.get(path)).json()).toEqual({ data: null });
    const saved = await w.as.ben.put(path, { body: 'Half a reply', baseVersion: 0 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data).toMatchObject({ kind: 'conversation', targetId: w.id, version: 1 });
    const phone = await signedIn(t, w.ben.id);
    expect((await phone.get(path)).json().data).toMatchObject({ body: 'Half a reply', version: 1 });
    // Another participant sees none of it; an outsider gets 404 either way.
    expect((await w.as.cal.get(path)).json()).toEqual({ data: null });
    expect((await w.as.dee.get(path)).statusCode).toBe(404);
    expect((await w.as.dee.put(path, { body: 'x', baseVersion: 0 })).statusCode).toBe(404);
    await w.as.ana.delete(`/api/conversations/${w.id}/people/${w.ben.id}`);
    expect((await w.as.ben.get(path)).statusCode).toBe(404);
  });
});
