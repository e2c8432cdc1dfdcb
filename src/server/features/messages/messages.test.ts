import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '#server/features/privacy/service.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser, uniqueWord } from '#server/test/builders.ts';
import { notificationKind } from '#server/platform/activity.ts';
import { messageReplyHandler } from './reply-by-email.ts';
import { buildMessagingWorld, exportDistrict } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

const buildWorld = () => buildMessagingWorld(t);

async function counts() {
  const { rows } = await t.database.db.execute<{ c: number; m: number; n: number }>(sql`
    select (select count(*) from conversations)::int as c, (select count(*) from messages)::int as m,
           (select count(*) from notifications where kind = 'direct_message')::int as n`);
  return rows[0];
}

describe('starting a conversation and writing in it', () => {
  it('lets a teacher write to a colleague of another district in a shared network, who is told and reads it', async () => {
    const w = await buildWorld();
    expect(
      (await agent(t).post('/api/conversations', { participantIds: [w.ben.id], body: 'x' })).statusCode,
    ).toBe(401);
    const started = await w.as.ana.post('/api/conversations', {
      participantIds: [w.ben.id],
      body: 'Hello **Ben**, could you share your fractions unit?',
    });
    expect(started.statusCode).toBe(201);
    const { conversationId, message } = started.json().data;
    expect(message).toMatchObject({ mine: true, sender: { id: w.ana.id } });
    expect(message.html).toContain('<strong>Ben</strong>');

    const bell = await w.as.ben.get('/api/notifications');
    const told = bell.json().data.find((n: { kind: string }) => n.kind === 'direct_message');
    expect(told).toBeTruthy();
    expect(JSON.stringify(told)).not.toContain('fractions');

    expect((await w.as.ben.get('/api/messages/unread')).json().data.count).toBe(1);
    const inbox = (await w.as.ben.get('/api/conversations')).json();
    expect(inbox.data[0]).toMatchObject({ id: conversationId, unreadCount: 1, people: [{ id: w.ana.id }] });
    const page = await w.as.ben.get(`/api/conversations/${conversationId}`);
    expect(page.json()).toMatchObject({ abilities: { send: true, block: true }, data: { closed: null } });

    const reply = await w.as.ben.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Of course!',
    });
    expect(reply.statusCode).toBe(201);
    expect((await w.as.ben.post(`/api/conversations/${conversationId}/read`)).statusCode).toBe(204);
    expect((await w.as.ben.get('/api/messages/unread')).json().data.count).toBe(0);
    expect((await w.as.ana.get('/api/messages/unread')).json().data.count).toBe(1);

    const list = (await w.as.ana.get(`/api/conversations/${conversationId}/messages`)).json();
    expect(list.data.map((m: { mine: boolean }) => m.mine)).toEqual([false, true]);

    // Writing to the same person again continues the conversation the two have.
    const again = await w.as.ana.post('/api/conversations', {
      participantIds: [w.ben.id],
      body: 'One more thing',
    });
    expect(again.json().data.conversationId).toBe(conversationId);
  });

  it('saves one message for a retried send with the same idempotency key', async () => {
    const w = await buildWorld();
    const key = crypto.randomUUID();
    const first = await w.as.ana.post('/api/conversations', {
      participantIds: [w.cal.id],
      body: 'Hi',
      idempotencyKey: key,
    });
    const id = first.json().data.conversationId;
    const before = await counts();
    const a = await w.as.ana.post(`/api/conversations/${id}/messages`, { body: 'Once', idempotencyKey: key });
    expect(a.statusCode).toBe(201);
    expect(a.json().data.id).toBe(first.json().data.message.id);
    expect(await counts()).toEqual(before);
  });

  it('refuses people one may not see, oneself, more than ten people and bad input, naming the field and changing nothing', async () => {
    const w = await buildWorld();
    const before = await counts();
    const far = await w.as.ana.post('/api/conversations', {
      participantIds: [w.ben.id, w.dee.id],
      body: 'Hi',
    });
    expect(far.statusCode).toBe(400);
    expect(far.headers['content-type']).toContain('application/problem+json');
    expect(far.json().errors[0].path).toBe('/body/participantIds/1');
    const unknown = await w.as.ana.post('/api/conversations', { participantIds: [MISSING], body: 'Hi' });
    expect(unknown.json().errors[0].path).toBe('/body/participantIds/0');
    const self = await w.as.ana.post('/api/conversations', { participantIds: [w.ana.id], body: 'Hi' });
    expect(self.json().errors[0].path).toBe('/body/participantIds/0');
    const many = await w.as.ana.post('/api/conversations', {
      participantIds: Array.from({ length: 10 }, () => crypto.randomUUID()),
      body: 'Hi',
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().errors[0].path).toBe('/body/participantIds');
    const empty = await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: '   ' });
    expect(empty.json().errors[0].path).toBe('/body/body');
    const extra = await w.as.ana.post('/api/conversations', {
      participantIds: [w.ben.id],
      body: 'x',
      cc: 'y',
    });
    expect(extra.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('holds a group of up to ten people, each told once', async () => {
    const w = await buildWorld();
    const people = await Promise.all(
      Array.from({ length: 9 }, () => buildUser(t.database.db, { districtId: w.north.id })),
    );
    const started = await w.as.ana.post('/api/conversations', {
      participantIds: people.map((p) => p.id),
      body: 'Welcome to our lesson-study team',
    });
    expect(started.statusCode).toBe(201);
    const { rows } = await t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from notifications where kind = 'direct_message' and user_id = any(${sql.param(people.map((p) => p.id))}::uuid[])`);
    expect(rows[0].n).toBe(9);
    const page = (
      await (await signedIn(t, people[3].id)).get(`/api/conversations/${started.json().data.conversationId}`)
    ).json();
    expect(page.data.people).toHaveLength(9);
    expect(page.abilities.block).toBe(false);
  });
});

describe('privacy of conversations', () => {
  it('answers 404 to anyone outside the conversation, administrators included, and for unknown ids', async () => {
    const w = await buildWorld();
    const id = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Private words' })
    ).json().data.conversationId;
    const messageId = (await w.as.ana.get(`/api/conversations/${id}/messages`)).json().data[0].id;
    for (const outsider of [w.as.cal, w.as.dee, w.as.southAdmin, w.as.northAdmin]) {
      expect((await outsider.get(`/api/conversations/${id}`)).statusCode).toBe(404);
      expect((await outsider.get(`/api/conversations/${id}/messages`)).statusCode).toBe(404);
      expect((await outsider.post(`/api/conversations/${id}/messages`, { body: 'In' })).statusCode).toBe(404);
      expect((await outsider.post(`/api/conversations/${id}/read`)).statusCode).toBe(404);
      expect((await outsider.post(`/api/messages/${messageId}/reports`, { reason: 'x' })).statusCode).toBe(
        404,
      );
      expect((await outsider.get('/api/messages/search?q=private')).json().data).toEqual([]);
      expect((await outsider.get('/api/conversations')).json().data).toEqual([]);
    }
    expect((await w.as.ana.get(`/api/conversations/${MISSING}`)).statusCode).toBe(404);
    expect((await w.as.ana.get('/api/conversations/not-an-id')).statusCode).toBe(400);
  });

  it('finds words only in my own conversations, a page at a time', async () => {
    const w = await buildWorld();
    const word = uniqueWord();
    const id = (
      await w.as.ana.post('/api/conversations', {
        participantIds: [w.ben.id],
        body: `Try the ${word} routine`,
      })
    ).json().data.conversationId;
    await w.as.ben.post(`/api/conversations/${id}/messages`, { body: `The ${word} routine worked` });
    await w.as.cal.post('/api/conversations', { participantIds: [w.northAdmin.id], body: `My own ${word}` });
    const first = (await w.as.ana.get(`/api/messages/search?q=${word}&limit=1`)).json();
    expect(first.data).toHaveLength(1);
    expect(first.data[0].snippet).toContain(`«${word}»`);
    expect(first.data[0].people[0].id).toBe(w.ben.id);
    const second = (
      await w.as.ana.get(`/api/messages/search?q=${word}&limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const bad = await w.as.ana.get('/api/messages/search?q=a');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/querystring/q');
    const cursor = await w.as.ana.get(`/api/messages/search?q=${word}&cursor=nonsense`);
    expect(cursor.json().errors[0].path).toBe('/querystring/cursor');
  });

  it('pages the inbox and a conversation by cursor', async () => {
    const w = await buildWorld();
    const id = (await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'one' })).json()
      .data.conversationId;
    await w.as.ana.post('/api/conversations', { participantIds: [w.cal.id], body: 'two' });
    for (const body of ['three', 'four']) await w.as.ana.post(`/api/conversations/${id}/messages`, { body });
    const inbox = (await w.as.ana.get('/api/conversations?limit=1')).json();
    expect(inbox.data[0].id).toBe(id);
    const rest = (await w.as.ana.get(`/api/conversations?limit=1&cursor=${inbox.nextCursor}`)).json();
    expect(rest.data[0].people[0].id).toBe(w.cal.id);
    expect(rest.nextCursor).toBeNull();
    const newest = (await w.as.ana.get(`/api/conversations/${id}/messages?limit=2`)).json();
    expect(newest.data.map((m: { html: string }) => m.html)).toEqual(['<p>four</p>', '<p>three</p>']);
    const older = (
      await w.as.ana.get(`/api/conversations/${id}/messages?limit=2&cursor=${newest.nextCursor}`)
    ).json();
    expect(older.data.map((m: { html: string }) => m.html)).toEqual(['<p>one</p>']);
  });

  it('offers to message only people one may see', async () => {
    const w = await buildWorld();
    const benName = w.ben.name.split(' ')[1];
    const found = (await w.as.ana.get(`/api/messages/recipients?q=${benName}`)).json().data;
    expect(found.map((p: { id: string }) => p.id)).toEqual([w.ben.id]);
    const deeName = w.dee.name.split(' ')[1];
    expect((await w.as.ana.get(`/api/messages/recipients?q=${deeName}`)).json().data).toEqual([]);
    expect((await w.as.ana.get(`/api/messages/recipients/${w.ben.id}`)).json()).toMatchObject({
      abilities: { message: true },
    });
    expect((await w.as.ana.get(`/api/messages/recipients/${w.dee.id}`)).statusCode).toBe(404);
    expect((await w.as.ana.get(`/api/messages/recipients/${w.ana.id}`)).statusCode).toBe(404);
  });
});

describe('blocking', () => {
  it('stops new messages either way, shows the conversation blocked and lets the blocker unblock', async () => {
    const w = await buildWorld();
    const id = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Hi Ben' })
    ).json().data.conversationId;
    expect((await w.as.ben.put(`/api/message-blocks/${w.ana.id}`)).statusCode).toBe(204);
    expect((await w.as.ben.put(`/api/message-blocks/${w.ana.id}`)).statusCode).toBe(204);
    const before = await counts();
    const refused = await w.as.ana.post(`/api/conversations/${id}/messages`, { body: 'Are you there?' });
    expect(refused.statusCode).toBe(403);
    expect(
      (await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Hi' })).statusCode,
    ).toBe(403);
    expect((await w.as.ben.post(`/api/conversations/${id}/messages`, { body: 'No' })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    expect((await w.as.ana.get(`/api/conversations/${id}`)).json()).toMatchObject({
      data: { closed: 'blocked_you' },
      abilities: { send: false },
    });
    expect((await w.as.ben.get(`/api/conversations/${id}`)).json().data.closed).toBe('blocked_by_you');
    expect((await w.as.ben.get('/api/message-blocks')).json().data[0].person.id).toBe(w.ana.id);
    expect((await w.as.ben.get(`/api/messages/recipients/${w.ana.id}`)).json().abilities).toEqual({
      message: false,
      unblock: true,
    });
    // Only the blocker lifts it.
    expect((await w.as.ana.delete(`/api/message-blocks/${w.ben.id}`)).statusCode).toBe(404);
    expect((await w.as.ben.delete(`/api/message-blocks/${w.ana.id}`)).statusCode).toBe(204);
    expect((await w.as.ana.post(`/api/conversations/${id}/messages`, { body: 'Thanks' })).statusCode).toBe(
      201,
    );
  });

  it('refuses blocking oneself, someone unseen, or an unknown person', async () => {
    const w = await buildWorld();
    expect((await w.as.ana.put(`/api/message-blocks/${w.ana.id}`)).json().errors[0].path).toBe('/params/id');
    expect((await w.as.ana.put(`/api/message-blocks/${w.dee.id}`)).statusCode).toBe(404);
    expect((await w.as.ana.put(`/api/message-blocks/${MISSING}`)).statusCode).toBe(404);
    expect((await agent(t).put(`/api/message-blocks/${w.ben.id}`)).statusCode).toBe(401);
  });

  it('closes a group to anyone blocked by, or blocking, someone in it', async () => {
    const w = await buildWorld();
    const id = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id, w.cal.id], body: 'Team' })
    ).json().data.conversationId;
    await w.as.cal.put(`/api/message-blocks/${w.ben.id}`);
    expect((await w.as.ben.post(`/api/conversations/${id}/messages`, { body: 'x' })).statusCode).toBe(403);
    expect((await w.as.cal.post(`/api/conversations/${id}/messages`, { body: 'x' })).statusCode).toBe(403);
    expect(
      (await w.as.ana.post(`/api/conversations/${id}/messages`, { body: 'Still here' })).statusCode,
    ).toBe(201);
  });

  it('closes a conversation once a participant may no longer be seen', async () => {
    const w = await buildWorld();
    const id = (await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Hi' })).json()
      .data.conversationId;
    await t.database.db.execute(sql`delete from network_districts where district_id = ${w.south.id}`);
    expect((await w.as.ana.get(`/api/conversations/${id}`)).json().data.closed).toBe('unreachable');
    expect((await w.as.ana.post(`/api/conversations/${id}/messages`, { body: 'x' })).statusCode).toBe(403);
    // What was said stays readable to its participants.
    expect((await w.as.ana.get(`/api/conversations/${id}/messages`)).json().data).toHaveLength(1);
  });
});

describe('reporting', () => {
  it("reports one message to its sender's district admins, who see that message only", async () => {
    const w = await buildWorld();
    const id = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Hello' })
    ).json().data.conversationId;
    const unkind = (
      await w.as.ben.post(`/api/conversations/${id}/messages`, { body: 'Something unkind' })
    ).json().data;
    await w.as.ben.post(`/api/conversations/${id}/messages`, { body: 'Something else entirely' });
    expect((await w.as.ben.post(`/api/messages/${unkind.id}/reports`, { reason: 'x' })).statusCode).toBe(403);
    const noReason = await w.as.ana.post(`/api/messages/${unkind.id}/reports`, { reason: '' });
    expect(noReason.json().errors[0].path).toBe('/body/reason');
    expect((await w.as.ana.post(`/api/messages/${unkind.id}/reports`, { reason: 'Unkind' })).statusCode).toBe(
      201,
    );
    expect((await w.as.ana.post(`/api/messages/${unkind.id}/reports`, { reason: 'Again' })).statusCode).toBe(
      409,
    );

    expect((await w.as.ben.get('/api/admin/message-reports')).statusCode).toBe(403);
    expect((await w.as.northAdmin.get('/api/admin/message-reports')).json().data).toEqual([]);
    const queue = await w.as.southAdmin.get('/api/admin/message-reports');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().data).toEqual([
      expect.objectContaining({
        reason: 'Unkind',
        messageText: 'Something unkind',
        reporter: expect.objectContaining({ id: w.ana.id }),
        sender: expect.objectContaining({ id: w.ben.id }),
      }),
    ]);
    expect(JSON.stringify(queue.json())).not.toContain('Something else');
    expect(JSON.stringify(queue.json())).not.toContain('Hello');
    const reportId = queue.json().data[0].id;
    expect((await w.as.northAdmin.post(`/api/admin/message-reports/${reportId}/resolve`)).statusCode).toBe(
      404,
    );
    expect((await w.as.southAdmin.post(`/api/admin/message-reports/${reportId}/resolve`)).statusCode).toBe(
      204,
    );
    expect((await w.as.southAdmin.get('/api/admin/message-reports')).json().data).toEqual([]);
  });
});

describe('retention and exports', () => {
  it("deletes messages older than the sender's district keeps them, and no one else's", async () => {
    const w = await buildWorld();
    const id = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Old from north' })
    ).json().data.conversationId;
    await w.as.ben.post(`/api/conversations/${id}/messages`, { body: 'Old from south' });
    await t.database.db.execute(
      sql`update messages set created_at = now() - interval '40 days' where conversation_id = ${id}`,
    );
    // They wrote to each other 40 days ago, so they had joined by then.
    await t.database.db.execute(
      sql`update conversation_participants set joined_at = now() - interval '41 days' where conversation_id = ${id}`,
    );
    await w.as.ana.post(`/api/conversations/${id}/messages`, { body: 'New from north' });
    const set = await w.as.northAdmin.put('/api/district/retention', {
      settings: [{ kind: 'messages', days: 30 }],
    });
    expect(set.statusCode).toBe(200);
    await applyRetention({ db: t.database.db });
    const left = (await w.as.ben.get(`/api/conversations/${id}/messages`))
      .json()
      .data.map((m: { html: string }) => m.html);
    expect(left).toEqual(['<p>New from north</p>', '<p>Old from south</p>']);
  });

  it("puts a conversation's messages in each participant's own export, and in no district's", async () => {
    const w = await buildWorld();
    const id = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'For the export' })
    ).json().data.conversationId;
    await w.as.ben.post(`/api/conversations/${id}/messages`, { body: 'Reply for the export' });
    for (const who of [w.as.ana, w.as.ben]) {
      const file = await who.get('/api/me/data-export');
      expect(file.statusCode).toBe(200);
      const data = JSON.parse(file.body);
      const texts = data.tables.messages.rows.map((r: { body_text: string }) => r.body_text).sort();
      expect(texts).toEqual(['For the export', 'Reply for the export']);
      expect(data.tables.messages.rows[0]).not.toHaveProperty('idempotency_key');
    }
    const cal = JSON.parse((await w.as.cal.get('/api/me/data-export')).body);
    expect(cal.tables.messages).toBeUndefined();

    const files = await exportDistrict(t, w.as.southAdmin);
    expect(Object.keys(files).some((name) => /messages|conversation/.test(name))).toBe(false);
    expect(JSON.stringify(files)).not.toContain('Reply for the export');
  });

  it('says on the messages page how the district keeps messages', async () => {
    const w = await buildWorld();
    expect((await w.as.ana.get('/api/messages/policy')).json().data).toEqual({
      retentionDays: null,
      recordsRetention: false,
    });
  });
});

describe('email', () => {
  it('carries the message to a participant, with a reply address, and nothing once a block stands', async () => {
    const w = await buildWorld();
    const started = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Hi **Ben**' })
    ).json().data;
    const kind = notificationKind('direct_message')!;
    const facts = {
      kind: 'direct_message',
      actorId: w.ana.id,
      actorName: w.ana.name,
      communityId: null,
      communityName: null,
      threadId: null,
      threadTitle: null,
      postId: null,
      data: { conversationId: started.conversationId, messageId: started.message.id },
    };
    const email = await t.database.db.transaction((tx) => kind.email!(tx, w.ben.id, facts));
    expect(email).toEqual({
      text: 'Hi Ben',
      html: '<p>Hi <strong>Ben</strong></p>',
      reply: { handler: 'messages', targetId: started.conversationId },
    });
    expect(await t.database.db.transaction((tx) => kind.email!(tx, w.cal.id, facts))).toBeNull();
    await w.as.ben.put(`/api/message-blocks/${w.ana.id}`);
    expect(await t.database.db.transaction((tx) => kind.email!(tx, w.ben.id, facts))).toBeNull();
  });

  it('sends a reply by email in the conversation as its sender, and refuses one who may not write there', async () => {
    const w = await buildWorld();
    const { conversationId } = (
      await w.as.ana.post('/api/conversations', { participantIds: [w.ben.id], body: 'Question' })
    ).json().data;
    // The Actor the inbound mail listener hands the handler once it has verified the sender.
    const ben = {
      userId: w.ben.id,
      name: w.ben.name,
      email: w.ben.email,
      districtId: w.south.id,
      schoolId: null,
      schoolIds: [],
      roles: ['teacher' as const],
      networkIds: [] as string[],
      networkAdminOf: [],
      sessionId: '',
      csrfToken: '',
    };
    const { rows } = await t.database.db.execute<{ network_id: string }>(
      sql`select network_id from network_districts where district_id = ${w.south.id}`,
    );
    ben.networkIds = rows.map((r) => r.network_id);
    await messageReplyHandler.handle({
      app: t.app,
      actor: ben,
      targetId: conversationId,
      text: 'Answer\r\nby mail',
      key: 'mail-1',
    });
    // The same mail delivered again sends nothing more.
    await messageReplyHandler.handle({
      app: t.app,
      actor: ben,
      targetId: conversationId,
      text: 'Answer',
      key: 'mail-1',
    });
    const list = (await w.as.ana.get(`/api/conversations/${conversationId}/messages`)).json().data;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ sender: { id: w.ben.id }, html: '<p>Answer\nby mail</p>' });

    const cal = { ...ben, userId: w.cal.id, districtId: w.north.id };
    await expect(
      messageReplyHandler.handle({
        app: t.app,
        actor: cal,
        targetId: conversationId,
        text: 'Intruding',
        key: 'mail-2',
      }),
    ).rejects.toThrow('You are no longer in this conversation.');
    await w.as.ana.put(`/api/message-blocks/${w.ben.id}`);
    await expect(
      messageReplyHandler.handle({
        app: t.app,
        actor: ben,
        targetId: conversationId,
        text: 'Again',
        key: 'mail-3',
      }),
    ).rejects.toMatchObject({ name: 'ReplyRefused' });
  });
});
