import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { type NotificationInput, tell as tellAll } from '#server/test/notifications.ts';
import { buildCommunity, buildThread, setMember } from '#server/test/community-builders.ts';

const t = setupTestApp();

async function scene() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const ana = await buildUser(db, { districtId: district.id, name: 'Ana Díaz' });
  const ben = await buildUser(db, { districtId: district.id, name: 'Ben Okafor' });
  const community = await buildCommunity(db, {
    districtId: district.id,
    createdBy: ana.id,
    name: 'Grade 4 Math PLC',
  });
  await setMember(db, community.id, ana.id);
  await setMember(db, community.id, ben.id);
  const thread = await buildThread(db, {
    communityId: community.id,
    authorId: ben.id,
    title: 'Fractions on a number line',
  });
  return { district, ana, ben, community, thread };
}

const tell = (items: NotificationInput[]) => tellAll(t.database.db, items);

async function idsOf(userId: string): Promise<string[]> {
  const { rows } = await t.database.db.execute<{ id: string }>(
    sql`select id from notifications where user_id = ${userId} order by created_at, id`,
  );
  return rows.map((r) => r.id);
}

describe('notifications', () => {
  it('asks a signed-out visitor to sign in on every route', async () => {
    const anonymous = agent(t);
    const id = crypto.randomUUID();
    for (const [method, url] of [
      ['GET', '/api/notifications'],
      ['GET', '/api/notifications/unread-count'],
      ['POST', `/api/notifications/${id}/read`],
      ['POST', '/api/notifications/read-all'],
      ['GET', '/api/notification-settings'],
      ['PUT', '/api/notification-settings'],
    ] as const) {
      const response = await anonymous.request({
        method,
        url,
        ...(method === 'PUT' ? { payload: { email: 'off' } } : {}),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('lists a person’s notifications newest first, with a sentence and a link', async () => {
    const { ana, ben, community, thread } = await scene();
    await tell([
      {
        userId: ben.id,
        kind: 'reply',
        actorId: ana.id,
        communityId: community.id,
        threadId: thread.threadId,
        postId: thread.postId,
      },
    ]);
    await tell([{ userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    const response = await (await signedIn(t, ben.id)).get('/api/notifications');
    expect(response.statusCode).toBe(200);
    const { data, nextCursor } = response.json();
    expect(nextCursor).toBeNull();
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({
      kind: 'new_follower',
      read: false,
      actor: { id: ana.id, name: 'Ana Díaz' },
      link: `/people/${ana.id}`,
      text: 'Ana Díaz started following you',
    });
    expect(data[1]).toMatchObject({
      kind: 'reply',
      community: { id: community.id, name: 'Grade 4 Math PLC' },
      thread: { id: thread.threadId, title: 'Fractions on a number line' },
      link: `/communities/${community.id}/threads/${thread.threadId}#post-${thread.postId}`,
      text: 'Ana Díaz replied to “Fractions on a number line”',
    });
  });

  it('pages with a cursor and filters to unread', async () => {
    const { ana, ben } = await scene();
    for (let i = 0; i < 3; i++) await tell([{ userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    const me = await signedIn(t, ben.id);
    const first = (await me.get('/api/notifications?limit=2')).json();
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await me.get(`/api/notifications?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.data, ...second.data].map((n: { id: string }) => n.id);
    expect(all).toEqual((await idsOf(ben.id)).reverse());

    expect((await me.post(`/api/notifications/${all[1]}/read`)).statusCode).toBe(200);
    const unread = (await me.get('/api/notifications?unread=1')).json();
    expect(unread.data.map((n: { id: string }) => n.id)).toEqual([all[0], all[2]]);
  });

  it('refuses bad input, naming the field', async () => {
    const { ben } = await scene();
    const me = await signedIn(t, ben.id);
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['GET', '/api/notifications?limit=0', undefined, /limit/],
      ['GET', '/api/notifications?limit=abc', undefined, /limit/],
      ['GET', '/api/notifications?cursor=not-a-cursor', undefined, /cursor/],
      ['GET', '/api/notifications?colour=red', undefined, /querystring/],
      ['POST', '/api/notifications/not-a-uuid/read', undefined, /id/],
      ['PUT', '/api/notification-settings', { email: 'hourly' }, /email/],
      ['PUT', '/api/notification-settings', { email: 'off', extra: 1 }, /body/],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await me.request({
        method: method as 'GET',
        url,
        payload: payload as object | undefined,
      });
      expect(response.statusCode, url).toBe(400);
      expect(
        response
          .json()
          .errors.map((e: { path: string }) => e.path)
          .join(' '),
        url,
      ).toMatch(field);
    }
  });

  it('counts unread notifications and marks one or all read', async () => {
    const { ana, ben } = await scene();
    for (let i = 0; i < 3; i++) await tell([{ userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    const me = await signedIn(t, ben.id);
    const count = async () => (await me.get('/api/notifications/unread-count')).json().data.unread;
    expect(await count()).toBe(3);
    const [first] = await idsOf(ben.id);
    const marked = await me.post(`/api/notifications/${first}/read`);
    expect(marked.statusCode).toBe(200);
    expect(marked.json().data).toEqual({ id: first, read: true });
    expect(await count()).toBe(2);
    // Marking again changes nothing and still succeeds.
    expect((await me.post(`/api/notifications/${first}/read`)).statusCode).toBe(200);
    const all = await me.post('/api/notifications/read-all');
    expect(all.json().data).toEqual({ marked: 2 });
    expect(await count()).toBe(0);
    expect((await me.get('/api/notifications')).json().data.every((n: { read: boolean }) => n.read)).toBe(
      true,
    );
  });

  it('answers 404 for another person’s notification and for one that does not exist', async () => {
    const { ana, ben } = await scene();
    await tell([{ userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    const [bens] = await idsOf(ben.id);
    const intruder = await signedIn(t, ana.id);
    expect((await intruder.post(`/api/notifications/${bens}/read`)).statusCode).toBe(404);
    expect((await intruder.post(`/api/notifications/${crypto.randomUUID()}/read`)).statusCode).toBe(404);
    const { rows } = await t.database.db.execute<{ read_at: Date | null }>(
      sql`select read_at from notifications where id = ${bens}`,
    );
    expect(rows[0].read_at).toBeNull();
    // read-all touches only one's own.
    await intruder.post('/api/notifications/read-all');
    expect(
      (await (await signedIn(t, ben.id)).get('/api/notifications/unread-count')).json().data.unread,
    ).toBe(1);
  });

  it('hides notifications about a community’s threads from a member who was removed', async () => {
    const { ana, ben, community, thread } = await scene();
    await tell([
      {
        userId: ben.id,
        kind: 'reply',
        actorId: ana.id,
        communityId: community.id,
        threadId: thread.threadId,
      },
    ]);
    const [aboutThread] = await idsOf(ben.id);
    await setMember(t.database.db, community.id, ben.id, 'removed');
    await tell([{ userId: ben.id, kind: 'removed', actorId: ana.id, communityId: community.id }]);
    const me = await signedIn(t, ben.id);
    const { data } = (await me.get('/api/notifications')).json();
    expect(data.map((n: { kind: string }) => n.kind)).toEqual(['removed']);
    expect(data[0]).toMatchObject({ text: 'You were removed from Grade 4 Math PLC', link: '/communities' });
    expect((await me.get('/api/notifications/unread-count')).json().data.unread).toBe(1);
    expect((await me.post(`/api/notifications/${aboutThread}/read`)).statusCode).toBe(404);
  });

  it('tells no one of their own action, nor a non-member of a by-request community’s thread', async () => {
    const { district, ana, ben, community, thread } = await scene();
    const outsider = await buildUser(t.database.db, { districtId: district.id });
    await tell([
      {
        userId: ana.id,
        kind: 'mention',
        actorId: ana.id,
        communityId: community.id,
        threadId: thread.threadId,
      },
      {
        userId: outsider.id,
        kind: 'mention',
        actorId: ana.id,
        communityId: community.id,
        threadId: thread.threadId,
      },
      {
        userId: ben.id,
        kind: 'mention',
        actorId: ana.id,
        communityId: community.id,
        threadId: thread.threadId,
      },
      {
        userId: ben.id,
        kind: 'mention',
        actorId: ana.id,
        communityId: community.id,
        threadId: thread.threadId,
      },
    ]);
    expect(await idsOf(ana.id)).toEqual([]);
    expect(await idsOf(outsider.id)).toEqual([]);
    expect(await idsOf(ben.id)).toHaveLength(1);
  });

  it('describes each kind of notification in plain words', async () => {
    const { ana, ben, community, thread } = await scene();
    const about = { communityId: community.id, threadId: thread.threadId };
    await tell([{ userId: ben.id, kind: 'insight', actorId: ana.id, ...about }]);
    await tell([{ userId: ben.id, kind: 'join_request', actorId: ana.id, communityId: community.id }]);
    await tell([
      {
        userId: ben.id,
        kind: 'join_decision',
        actorId: ana.id,
        communityId: community.id,
        data: { decision: 'declined', message: 'We are full this term' },
      },
    ]);
    await tell([
      { userId: ben.id, kind: 'community_invitation', actorId: ana.id, communityId: community.id },
    ]);
    await tell([
      {
        userId: ben.id,
        kind: 'moderation',
        actorId: ana.id,
        ...about,
        postId: thread.postId,
        data: { action: 'hidden', reason: 'Off topic' },
      },
    ]);
    const { data } = (await (await signedIn(t, ben.id)).get('/api/notifications')).json();
    expect(data.map((n: { text: string }) => n.text)).toEqual([
      'A facilitator hid your post in “Fractions on a number line”: Off topic',
      'Ana Díaz invited you to join Grade 4 Math PLC',
      'Your request to join Grade 4 Math PLC was declined: We are full this term',
      'Ana Díaz asked to join Grade 4 Math PLC',
      'Ana Díaz marked your reply as the insight in “Fractions on a number line”',
    ]);
    expect(data[3].link).toBe(`/communities/${community.id}/manage`);
    expect(data[2].link).toBe(`/communities/${community.id}`);
  });
});

describe('notification settings', () => {
  it('defaults to a daily digest and saves a new choice', async () => {
    const { ana, ben } = await scene();
    const me = await signedIn(t, ben.id);
    const initial = await me.get('/api/notification-settings');
    expect(initial.statusCode).toBe(200);
    expect(initial.json().data).toMatchObject({ email: 'daily', digest: 'daily', quietHours: null });
    const saved = await me.put('/api/notification-settings', { email: 'each' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data.email).toBe('each');
    expect((await me.get('/api/notification-settings')).json().data.email).toBe('each');

    await tell([{ userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    const state = async () =>
      (
        await t.database.db.execute<{ email_state: string }>(
          sql`select email_state from notifications where user_id = ${ben.id} order by created_at desc limit 1`,
        )
      ).rows[0].email_state;
    expect(await state()).toBe('pending');
    // Turning email off drops what was waiting to be sent.
    await me.put('/api/notification-settings', { email: 'off' });
    expect(await state()).toBe('skipped');
  });
});
