import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { sendDueReminders } from './bookmark-service.ts';
import { buildCast, startThread } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

async function world() {
  const cast = await buildCast(t.database.db);
  const lead = await signedIn(t, cast.facilitator.id);
  const as = await signedIn(t, cast.member.id);
  const { threadId, openingId } = await startThread(lead, cast.community.id, { title: 'Lesson study' });
  const reply = (await lead.post(`/api/threads/${threadId}/posts`, { body: 'Worth keeping **this**' })).json()
    .data;
  return { ...cast, db: t.database.db, lead, as, threadId, openingId, replyId: reply.id as string };
}

const soon = () => new Date(Date.now() + 60 * 60 * 1000).toISOString();

describe('bookmarks', () => {
  it('bookmarks a thread and a post, lists them newest first a page at a time, and removes them', async () => {
    const { as, threadId, replyId, community } = await world();
    const thread = await as.post('/api/bookmarks', { threadId });
    expect(thread.statusCode).toBe(201);
    expect(thread.json().data).toMatchObject({
      kind: 'thread',
      thread: { id: threadId, title: 'Lesson study' },
      community: { id: community.id },
      post: null,
      remindAt: null,
    });
    const remindAt = soon();
    const post = await as.post('/api/bookmarks', { postId: replyId, remindAt });
    expect(post.statusCode).toBe(201);
    expect(post.json().data).toMatchObject({
      kind: 'post',
      post: { id: replyId, excerpt: 'Worth keeping this' },
    });
    expect(post.json().data.remindAt).toBe(new Date(remindAt).toISOString());
    // Again: the same bookmark, not a second one.
    expect((await as.post('/api/bookmarks', { threadId })).statusCode).toBe(200);
    const first = (await as.get('/api/bookmarks?limit=1')).json();
    expect(first.data.map((b: { kind: string }) => b.kind)).toEqual(['post']);
    const second = (await as.get(`/api/bookmarks?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((b: { kind: string }) => b.kind)).toEqual(['thread']);
    expect(second.nextCursor).toBeNull();
    const inThread = (await as.get(`/api/threads/${threadId}/bookmarks`)).json().data;
    expect(inThread.map((b: { postId: string | null }) => b.postId)).toEqual([null, replyId]);
    const cleared = await as.patch(`/api/bookmarks/${post.json().data.id}`, { remindAt: null });
    expect(cleared.json().data.remindAt).toBeNull();
    expect((await as.delete(`/api/bookmarks/${thread.json().data.id}`)).statusCode).toBe(204);
    expect((await as.get('/api/bookmarks')).json().data).toHaveLength(1);
  });

  it('reminds at the time set, once, through a notification', async () => {
    const { as, db, replyId, member, threadId } = await world();
    const { data } = (await as.post('/api/bookmarks', { postId: replyId, remindAt: soon() })).json();
    const told = async () =>
      (
        await db.execute<{ n: number }>(
          sql`select count(*)::int as n from notifications where user_id = ${member.id} and kind = 'bookmark_reminder'`,
        )
      ).rows[0].n;
    await sendDueReminders(db);
    expect(await told()).toBe(0);
    await db.execute(sql`update bookmarks set remind_at = now() - interval '1 minute' where id = ${data.id}`);
    await sendDueReminders(db);
    expect(await told()).toBe(1);
    await sendDueReminders(db);
    expect(await told()).toBe(1);
    const bell = (await as.get('/api/notifications')).json().data;
    expect(bell[0]).toMatchObject({ kind: 'bookmark_reminder' });
    expect(JSON.stringify(bell[0])).toContain(threadId);
    expect((await as.get('/api/bookmarks')).json().data[0].remindedAt).not.toBeNull();
  });

  it('keeps bookmarks private, hides those one lost access to, and tells no one of them', async () => {
    const { as, lead, db, threadId, member, community, stranger, colleague } = await world();
    const { data } = (await as.post('/api/bookmarks', { threadId, remindAt: soon() })).json();
    expect((await lead.get('/api/bookmarks')).json().data).toEqual([]);
    expect((await lead.patch(`/api/bookmarks/${data.id}`, { remindAt: null })).statusCode).toBe(404);
    expect((await lead.delete(`/api/bookmarks/${data.id}`)).statusCode).toBe(404);
    for (const who of [stranger, colleague]) {
      const other = await signedIn(t, who.id);
      expect((await other.post('/api/bookmarks', { threadId })).statusCode).toBe(404);
      expect((await other.get(`/api/threads/${threadId}/bookmarks`)).statusCode).toBe(404);
    }
    await db.execute(
      sql`update community_members set status = 'removed' where user_id = ${member.id} and community_id = ${community.id}`,
    );
    expect((await as.get('/api/bookmarks')).json().data).toEqual([]);
    await db.execute(sql`update bookmarks set remind_at = now() - interval '1 minute' where id = ${data.id}`);
    await sendDueReminders(db);
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where user_id = ${member.id} and kind = 'bookmark_reminder'`,
    );
    expect(rows[0].n).toBe(0);
    expect((await agent(t).get('/api/bookmarks')).statusCode).toBe(401);
  });

  it('names bad fields and changes nothing', async () => {
    const { as, db, threadId, replyId, member } = await world();
    const cases: Array<[unknown, string]> = [
      [{}, '/body/threadId'],
      [{ threadId, postId: replyId }, '/body/threadId'],
      [{ threadId: 'x' }, '/body/threadId'],
      [{ threadId, remindAt: 'tomorrow' }, '/body/remindAt'],
      [{ threadId, remindAt: '2001-01-01T00:00:00Z' }, '/body/remindAt'],
      [{ threadId, note: 'x' }, '/body'],
    ];
    for (const [payload, path] of cases) {
      const response = await as.post('/api/bookmarks', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(
        response
          .json()
          .errors.map((e: { path: string }) => e.path)
          .join(' '),
      ).toContain(path);
    }
    expect((await as.post('/api/bookmarks', { threadId: MISSING })).statusCode).toBe(404);
    expect((await as.patch(`/api/bookmarks/${MISSING}`, { remindAt: 'soon' })).statusCode).toBe(400);
    expect((await as.get('/api/bookmarks?cursor=bad')).statusCode).toBe(400);
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from bookmarks where user_id = ${member.id}`,
    );
    expect(rows[0].n).toBe(0);
  });
});
