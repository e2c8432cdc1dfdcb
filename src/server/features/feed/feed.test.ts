import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import {
  buildCommunity,
  buildReply,
  buildThread,
  deletePost,
  hidePost,
  setMember,
} from '#server/test/community-builders.ts';

const t = setupTestApp();

type Item = {
  id: string;
  verb: string;
  at: string;
  unread: boolean;
  actor: { id: string };
  community: { id: string; name: string };
  thread: { id: string; title: string } | null;
  post: { id: string; excerpt: string } | null;
};

async function world() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const viewer = await buildUser(db, { districtId: home.id, name: 'Viewer' });
  const member = await buildUser(db, { districtId: home.id, name: 'Ana Díaz' });
  const followee = await buildUser(db, { districtId: partner.id, name: 'Followed Teacher' });
  const mine = await buildCommunity(db, {
    ownerKind: 'district',
    ownerId: home.id,
    districtId: home.id,
    joinPolicy: 'request',
    createdBy: member.id,
    name: 'Grade 5 Math',
  });
  const privateOne = await buildCommunity(db, {
    ownerKind: 'network',
    ownerId: network.id,
    districtId: null,
    joinPolicy: 'request',
    createdBy: followee.id,
  });
  const openOne = await buildCommunity(db, {
    ownerKind: 'network',
    ownerId: network.id,
    districtId: null,
    joinPolicy: 'open',
    createdBy: followee.id,
  });
  await setMember(db, mine.id, viewer.id);
  await setMember(db, mine.id, member.id);
  await setMember(db, privateOne.id, followee.id);
  await setMember(db, openOne.id, followee.id);
  await db.execute(sql`insert into follows (follower_id, followee_id) values (${viewer.id}, ${followee.id})`);
  return { db, viewer, member, followee, mine, privateOne, openOne };
}

async function feedOf(userId: string, query = '') {
  const response = await (await signedIn(t, userId)).get(`/api/feed${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Item[]; nextCursor: string | null; seenAt: string | null };
}

describe('home feed', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/feed')).statusCode).toBe(401);
    expect((await agent(t).post('/api/feed/seen', {})).statusCode).toBe(401);
  });

  it('rejects a bad limit, cursor or time, naming the field', async () => {
    const { viewer } = await world();
    const me = await signedIn(t, viewer.id);
    const limit = await me.get('/api/feed?limit=0');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().errors[0].path).toBe('/querystring/limit');
    const cursor = await me.get('/api/feed?cursor=nonsense');
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors[0].path).toBe('/querystring/cursor');
    const at = await me.post('/api/feed/seen', { at: 'yesterday' });
    expect(at.statusCode).toBe(400);
    expect(at.json().errors[0].path).toBe('/body/at');
  });

  it("shows what happens in one's communities and what followed people say where one may read", async () => {
    const { db, viewer, member, followee, mine, privateOne, openOne } = await world();
    const newcomer = await buildUser(db, { districtId: viewer.districtId, name: 'Newcomer' });
    const started = await buildThread(db, {
      communityId: mine.id,
      authorId: member.id,
      title: 'Number lines',
      body: '**Fractions** on a number line',
    });
    const reply = await buildReply(db, {
      threadId: started.threadId,
      communityId: mine.id,
      authorId: member.id,
      body: 'We tried _this_ today.',
    });
    const own = await buildReply(db, {
      threadId: started.threadId,
      communityId: mine.id,
      authorId: viewer.id,
    });
    await setMember(db, mine.id, newcomer.id, 'active', { record: true });
    const secret = await buildThread(db, {
      communityId: privateOne.id,
      authorId: followee.id,
      title: 'Members only',
    });
    const shared = await buildThread(db, {
      communityId: openOne.id,
      authorId: followee.id,
      title: 'Open talk',
    });

    const { data } = await feedOf(viewer.id);
    expect(data.map((i) => i.verb)).toEqual(['posted', 'joined', 'replied', 'posted']);
    const [open, joined, replied, posted] = data;
    expect(open).toMatchObject({
      actor: { id: followee.id, name: 'Followed Teacher' },
      community: { id: openOne.id },
      thread: { id: shared.threadId, title: 'Open talk', type: 'question' },
      post: { id: shared.postId },
      unread: true,
    });
    expect(joined).toMatchObject({ actor: { id: newcomer.id }, community: { id: mine.id }, thread: null });
    expect(replied).toMatchObject({
      id: reply.statementId,
      actor: { id: member.id, name: 'Ana Díaz' },
      community: { id: mine.id, name: 'Grade 5 Math' },
      thread: { id: started.threadId, title: 'Number lines' },
      post: { id: reply.postId, excerpt: 'We tried this today.' },
    });
    expect(posted.post).toEqual({ id: started.postId, excerpt: 'Fractions on a number line' });
    const ids = data.map((i) => i.id);
    expect(ids).not.toContain(own.statementId);
    expect(ids).not.toContain(secret.statementId);

    // Titles come from the thread as it is now.
    await db.execute(sql`update threads set title = 'Number lines, revised' where id = ${started.threadId}`);
    expect((await feedOf(viewer.id)).data[2].thread?.title).toBe('Number lines, revised');
  });

  it('drops hidden and deleted posts and a community one was removed from', async () => {
    const { db, viewer, member, mine } = await world();
    const thread = await buildThread(db, { communityId: mine.id, authorId: member.id });
    const hidden = await buildReply(db, {
      threadId: thread.threadId,
      communityId: mine.id,
      authorId: member.id,
    });
    const deleted = await buildReply(db, {
      threadId: thread.threadId,
      communityId: mine.id,
      authorId: member.id,
    });
    const kept = await buildReply(db, {
      threadId: thread.threadId,
      communityId: mine.id,
      authorId: member.id,
    });
    await hidePost(db, hidden.postId);
    await deletePost(db, deleted.postId);
    expect((await feedOf(viewer.id)).data.map((i) => i.id)).toEqual([kept.statementId, thread.statementId]);

    await setMember(db, mine.id, viewer.id, 'removed');
    expect((await feedOf(viewer.id)).data).toEqual([]);
  });

  it('keeps a followed person in a by-request community out of a non-member feed', async () => {
    const { db, viewer, followee, privateOne } = await world();
    await buildThread(db, { communityId: privateOne.id, authorId: followee.id, title: 'Secret plans' });
    const feed = await feedOf(viewer.id);
    expect(feed.data).toEqual([]);
    expect(JSON.stringify(feed)).not.toContain('Secret plans');
  });

  it("does not let a followed person's unreadable activity crowd out what one may read", async () => {
    const { db, viewer, followee, privateOne, openOne } = await world();
    const shared = await buildThread(db, { communityId: openOne.id, authorId: followee.id });
    for (let i = 0; i < 6; i++) await buildThread(db, { communityId: privateOne.id, authorId: followee.id });
    const page = await feedOf(viewer.id, '?limit=2');
    expect(page.data.map((i) => i.id)).toEqual([shared.statementId]);
  });

  it('pages by cursor, newest first, without repeats or gaps', async () => {
    const { db, viewer, member, mine } = await world();
    const thread = await buildThread(db, { communityId: mine.id, authorId: member.id });
    const made = [thread.statementId];
    for (let i = 0; i < 6; i++) {
      const r = await buildReply(db, {
        threadId: thread.threadId,
        communityId: mine.id,
        authorId: member.id,
      });
      made.push(r.statementId);
      // Hidden ones among them must not cost a page its place.
      if (i % 2 === 0) await hidePost(db, r.postId);
    }
    const expected = made.filter((_, i) => i === 0 || (i - 1) % 2 === 1).reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await feedOf(viewer.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);
  });

  it('marks items unread until the feed is marked seen, up to a given time or now', async () => {
    const { db, viewer, member, mine } = await world();
    const thread = await buildThread(db, { communityId: mine.id, authorId: member.id });
    await buildReply(db, { threadId: thread.threadId, communityId: mine.id, authorId: member.id });
    const me = await signedIn(t, viewer.id);
    let feed = await feedOf(viewer.id);
    expect(feed.seenAt).toBeNull();
    expect(feed.data.map((i) => i.unread)).toEqual([true, true]);

    const older = feed.data[1].at;
    const upTo = await me.post('/api/feed/seen', { at: older });
    expect(upTo.statusCode).toBe(200);
    feed = await feedOf(viewer.id);
    expect(feed.data.map((i) => i.unread)).toEqual([true, false]);

    const now = await me.post('/api/feed/seen', {});
    expect(now.statusCode).toBe(200);
    feed = await feedOf(viewer.id);
    expect(feed.data.map((i) => i.unread)).toEqual([false, false]);
    expect(feed.seenAt).toBe(now.json().data.seenAt);

    // Marking an earlier time never moves the mark back.
    await me.post('/api/feed/seen', { at: older });
    expect((await feedOf(viewer.id)).data.map((i) => i.unread)).toEqual([false, false]);

    // Nor may a mark be set in the future.
    const future = await me.post('/api/feed/seen', { at: '2999-01-01T00:00:00Z' });
    expect(new Date(future.json().data.seenAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
