import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { openDatabase } from '#server/db/client.ts';
import { encodeCursor } from '#server/platform/cursor.ts';
import { mobilizationWorld } from '#server/features/mobilization/test-world.ts';
import { type Agent, setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import {
  buildCommunity,
  buildReply,
  buildThread,
  deletePost,
  hidePost,
  setMember,
} from '#server/test/community-builders.ts';
import { FeedResponse, type FeedItem } from '#shared/contracts/feed.ts';
import { feedPageCounts } from './page-cache.ts';

/**
 * A person's first feed page is remembered per instance under the version of everything it depends
 * on (decision 030). Each test reads the page once (remembering it), makes one change, straight in
 * the database or through the APIs, and reads again: the change shows at once. Each fails when the
 * version leaves out what it tests.
 */
const t = setupTestApp();

async function feed(agent: Agent, query = '') {
  const response = await agent.get(`/api/feed${query}`);
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { data: FeedItem[]; nextCursor: string | null; seenAt: string | null };
  // Sent as text: the page still is exactly what the response schema describes.
  expect(FeedResponse.parse(body)).toEqual(body);
  return body;
}

const ids = async (agent: Agent) => (await feed(agent)).data.map((i) => i.id);

/** A district community with a viewer, a member who posts, and an author the viewer follows. */
async function world() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const viewer = await buildUser(db, { districtId: district.id, name: 'Viewer' });
  const member = await buildUser(db, { districtId: district.id, name: 'Member' });
  const author = await buildUser(db, { districtId: district.id, name: 'Author' });
  const community = await buildCommunity(db, {
    createdBy: member.id,
    districtId: district.id,
    joinPolicy: 'request',
    members: [{ userId: viewer.id }, { userId: member.id, role: 'facilitator' }, { userId: author.id }],
  });
  // Where the author posts: open to the district, the viewer not a member.
  const open = await buildCommunity(db, {
    createdBy: author.id,
    districtId: district.id,
    joinPolicy: 'open',
    members: [{ userId: author.id }],
  });
  await db.execute(sql`insert into follows (follower_id, followee_id) values (${viewer.id}, ${author.id})`);
  const thread = await buildThread(db, {
    communityId: community.id,
    authorId: member.id,
    title: 'Number talks',
  });
  const followed = await buildThread(db, { communityId: open.id, authorId: author.id, title: 'Fractions' });
  const agent = await signedIn(t, viewer.id);
  const seen = await ids(agent);
  expect(seen.sort()).toEqual([thread.statementId, followed.statementId].sort());
  return { db, district, viewer, member, author, community, open, thread, followed, agent };
}

describe('the remembered first feed page', () => {
  it('is served from memory while nothing it shows changes', async () => {
    const w = await world();
    const before = { ...feedPageCounts };
    const first = await feed(w.agent);
    expect(await feed(w.agent)).toEqual(first);
    expect(feedPageCounts.hits - before.hits).toBe(2);
    expect(feedPageCounts.misses).toBe(before.misses);
  });

  it('shows a new item in one of the viewer’s communities at once', async () => {
    const w = await world();
    const reply = await buildReply(w.db, {
      threadId: w.thread.threadId,
      communityId: w.community.id,
      authorId: w.member.id,
    });
    expect(await ids(w.agent)).toContain(reply.statementId);
  });

  it('shows what a followed person says at once, and loses it when they are unfollowed', async () => {
    const w = await world();
    const said = await buildThread(w.db, { communityId: w.open.id, authorId: w.author.id });
    expect(await ids(w.agent)).toContain(said.statementId);
    await w.db.execute(sql`delete from follows where follower_id = ${w.viewer.id}`);
    expect(await ids(w.agent)).toEqual([w.thread.statementId]);
    await w.db.execute(
      sql`insert into follows (follower_id, followee_id) values (${w.viewer.id}, ${w.author.id})`,
    );
    expect(await ids(w.agent)).toContain(said.statementId);
  });

  it('loses a community’s items at once when the viewer is removed from it, and has them when they come back', async () => {
    const w = await world();
    await setMember(w.db, w.community.id, w.viewer.id, 'removed');
    expect(await ids(w.agent)).toEqual([w.followed.statementId]);
    await setMember(w.db, w.community.id, w.viewer.id, 'active');
    expect(await ids(w.agent)).toContain(w.thread.statementId);
  });

  it('loses a hidden or deleted post at once, and shows it again when restored', async () => {
    const w = await world();
    await hidePost(w.db, w.thread.postId);
    expect(await ids(w.agent)).toEqual([w.followed.statementId]);
    await w.db.execute(sql`update posts set hidden_at = null where id = ${w.thread.postId}`);
    expect(await ids(w.agent)).toContain(w.thread.statementId);

    // A followed person's post, seen through them rather than a community.
    await deletePost(w.db, w.followed.postId);
    expect(await ids(w.agent)).toEqual([w.thread.statementId]);
  });

  it('loses a reply hidden through the moderation API at once', async () => {
    const w = await world();
    const reply = await buildReply(w.db, {
      threadId: w.thread.threadId,
      communityId: w.community.id,
      authorId: w.author.id,
      body: 'Unkind words',
    });
    expect(await ids(w.agent)).toContain(reply.statementId);
    const lead = await signedIn(t, w.member.id);
    const hidden = await lead.post(`/api/posts/${reply.postId}/hide`, { reason: 'Unkind' });
    expect(hidden.statusCode, hidden.body).toBe(204);
    expect(await ids(w.agent)).not.toContain(reply.statementId);
  });

  it('shows an edited post’s words, a renamed thread, community and author at once', async () => {
    const w = await world();
    const item = async () => (await feed(w.agent)).data.find((i) => i.id === w.thread.statementId);

    await w.db.execute(sql`update posts set body_md = 'Kinder words' where id = ${w.thread.postId}`);
    expect((await item())?.post?.excerpt).toBe('Kinder words');
    await w.db.execute(sql`update threads set title = 'Dot talks' where id = ${w.thread.threadId}`);
    expect((await item())?.thread?.title).toBe('Dot talks');
    await w.db.execute(sql`update communities set name = 'Renamed' where id = ${w.community.id}`);
    expect((await item())?.community?.name).toBe('Renamed');
    await w.db.execute(sql`update users set name = 'Renamed Member' where id = ${w.member.id}`);
    expect((await item())?.actor.name).toBe('Renamed Member');
  });

  it('loses a followed person’s item at once when its community closes to the viewer', async () => {
    const w = await world();
    await w.db.execute(sql`update communities set join_policy = 'request' where id = ${w.open.id}`);
    expect(await ids(w.agent)).toEqual([w.thread.statementId]);
  });

  it('marks items read at once when the viewer marks the feed seen', async () => {
    const w = await world();
    expect((await feed(w.agent)).data.every((i) => i.unread)).toBe(true);
    expect((await w.agent.post('/api/feed/seen', {})).statusCode).toBe(200);
    const page = await feed(w.agent);
    expect(page.seenAt).not.toBeNull();
    expect(page.data.some((i) => i.unread)).toBe(false);
  });

  it('loses an item brought home at once when its resource is deleted or no longer visible', async () => {
    const w = await mobilizationWorld(t.database.db);
    const sharer = await signedIn(t, w.sharer.id);
    const shared = await sharer.post(`/api/resources/${w.resource.id}/home-shares`, {
      targetKind: 'school',
      note: 'Try it',
    });
    expect(shared.statusCode, shared.body).toBe(201);
    const colleague = await signedIn(t, w.colleague.id);
    expect((await feed(colleague)).data.map((i) => i.verb)).toEqual(['brought_home']);
    await w.db.execute(sql`update resources set deleted_at = now() where id = ${w.resource.id}`);
    expect((await feed(colleague)).data).toEqual([]);
  });

  it('reads a page afresh for a cursor, one past every item giving the first page (the benchmark’s cold read)', async () => {
    const w = await world();
    const first = await feed(w.agent);
    const before = { ...feedPageCounts };
    const past = encodeCursor(['9999-12-31 00:00:00+00', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);
    expect(await feed(w.agent, `?cursor=${past}`)).toEqual(first);
    expect(feedPageCounts).toEqual(before);
  });

  it('lets two writers bump one community’s version at once, each on a row of its own', async () => {
    const w = await world();
    const versionRows = async () =>
      (
        await w.db.execute<{ n: number; total: number }>(
          sql`select count(*)::int as n, sum(version)::int as total from feed_audience_versions
               where audience_id = ${w.community.id}`,
        )
      ).rows[0];
    expect(await versionRows()).toEqual({ n: 1, total: 1 });
    const first = await t.database.pool.connect();
    const second = await t.database.pool.connect();
    try {
      await first.query('begin');
      await first.query('select trellis_feed_audience_bump($1)', [w.community.id]);
      await second.query('begin');
      // Waiting for the first writer's row would fail here instead of queueing.
      await second.query("set local lock_timeout = '1s'");
      await second.query('select trellis_feed_audience_bump($1)', [w.community.id]);
      await second.query('commit');
      await first.query('commit');
    } finally {
      first.release();
      second.release();
    }
    expect(await versionRows()).toEqual({ n: 2, total: 3 });
    const before = { ...feedPageCounts };
    await feed(w.agent);
    expect(feedPageCounts.misses - before.misses).toBe(1);
  });

  it('is remembered per person: two people never share a page', async () => {
    const w = await world();
    const other = await buildUser(w.db, { districtId: w.district.id });
    expect(await ids(await signedIn(t, other.id))).toEqual([]);
    expect((await ids(w.agent)).length).toBe(2);
  });

  describe('on two instances over one database', () => {
    const second = {} as TestContext;
    afterAll(async () => {
      await second.app?.close();
      await second.database?.close();
    });

    it('shows a change made through one instance at once through the other', async () => {
      second.database = openDatabase(t.databaseUrl, 2);
      second.config = t.config;
      second.databaseUrl = t.databaseUrl;
      second.app = await buildApp({ config: t.config, db: second.database.db, pool: second.database.pool });
      await second.app.ready();
      const w = await world();
      const elsewhere = await signedIn(second, w.viewer.id);
      expect((await ids(elsewhere)).length).toBe(2);

      const lead = await signedIn(t, w.member.id);
      const removed = await lead.delete(`/api/communities/${w.community.id}/members/${w.viewer.id}`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect(await ids(elsewhere)).toEqual([w.followed.statementId]);
    });
  });
});
