import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildCommunity, setMember } from '#server/test/community-builders.ts';
import { UnreadCountsResponse } from '#shared/contracts/reading.ts';
import { buildCast, startThread } from './test-support.ts';

const t = setupTestApp();

/** A facilitator's thread in a by-request community, the member who reads it, and a busy colleague. */
async function world() {
  const db = t.database.db;
  const cast = await buildCast(db);
  const lead = await signedIn(t, cast.facilitator.id);
  const reader = await signedIn(t, cast.member.id);
  const thirdUser = await buildUser(db, { districtId: cast.district.id });
  await setMember(db, cast.community.id, thirdUser.id);
  const third = await signedIn(t, thirdUser.id);
  const { threadId, openingId } = await startThread(lead, cast.community.id, { title: 'Number talks' });
  return { ...cast, db, lead, reader, third, thirdUser, threadId, openingId };
}

const reply = async (as: Awaited<ReturnType<typeof signedIn>>, threadId: string, body: string) => {
  const response = await as.post(`/api/threads/${threadId}/posts`, { body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data.id as string;
};

const notified = async (db: Awaited<ReturnType<typeof world>>['db'], userId: string, kind: string) => {
  const { rows } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from notifications where user_id = ${userId} and kind = ${kind}`,
  );
  return rows[0].n;
};

describe('unread tracking', () => {
  it('counts new posts per thread for a member, jumps to the first, and marks read', async () => {
    const { reader, lead, threadId, openingId, community } = await world();
    // Never opened: the whole thread is new to a member.
    const list = (await reader.get(`/api/communities/${community.id}/threads`)).json();
    expect(list.reading[threadId]).toEqual({ unread: 1, level: 'tracking' });
    let reading = (await reader.get(`/api/threads/${threadId}/reading`)).json().data;
    expect(reading).toMatchObject({
      unreadCount: 1,
      firstUnreadPostId: openingId,
      level: 'tracking',
      threadLevel: null,
    });
    // Read to the opening post; two replies come.
    await reader.post(`/api/threads/${threadId}/read`, { postId: openingId });
    const first = await reply(lead, threadId, 'First new reply');
    await reply(lead, threadId, 'Second new reply');
    reading = (await reader.get(`/api/threads/${threadId}/reading`)).json().data;
    expect(reading).toMatchObject({ unreadCount: 2, firstUnreadPostId: first });
    expect(
      (await reader.get(`/api/communities/${community.id}/threads`)).json().reading[threadId].unread,
    ).toBe(2);
    // Read up to the first: one is left; reading never goes back.
    expect(
      (await reader.post(`/api/threads/${threadId}/read`, { postId: first })).json().data.unreadCount,
    ).toBe(1);
    expect(
      (await reader.post(`/api/threads/${threadId}/read`, { postId: openingId })).json().data.unreadCount,
    ).toBe(1);
    const done = (await reader.post(`/api/threads/${threadId}/read`, {})).json().data;
    expect(done).toMatchObject({ unreadCount: 0, firstUnreadPostId: null });
  });

  it("counts nothing of a person's own posts, and tracks threads they start or reply to", async () => {
    const { lead, third, threadId } = await world();
    expect((await lead.get(`/api/threads/${threadId}/reading`)).json().data).toMatchObject({
      unreadCount: 0,
      threadLevel: 'tracking',
    });
    await reply(third, threadId, 'Mine');
    expect((await third.get(`/api/threads/${threadId}/reading`)).json().data).toMatchObject({
      unreadCount: 0,
      threadLevel: 'tracking',
    });
    expect((await lead.get(`/api/threads/${threadId}/reading`)).json().data.unreadCount).toBe(1);
  });

  it('sums new posts per community, lists new and unread threads, and marks a community or all read', async () => {
    const { reader, lead, threadId, community } = await world();
    const other = await startThread(lead, community.id, { title: 'Exit tickets' });
    await reply(lead, threadId, 'More');
    const counts = (await reader.get('/api/unread/counts')).json().data;
    expect(counts.totalPosts).toBe(3);
    expect(counts.communities).toEqual([
      expect.objectContaining({
        communityId: community.id,
        unreadPosts: 3,
        unreadThreads: 2,
        level: 'tracking',
      }),
    ]);
    const unread = (await reader.get('/api/unread?limit=1')).json();
    expect(unread.data).toHaveLength(1);
    expect(unread.data[0]).toMatchObject({
      id: threadId,
      unreadCount: 2,
      isNew: true,
      community: { id: community.id },
    });
    const next = (await reader.get(`/api/unread?limit=1&cursor=${unread.nextCursor}`)).json();
    expect(next.data.map((x: { id: string }) => x.id)).toEqual([other.threadId]);
    expect(next.nextCursor).toBeNull();
    // Marking the community read clears both; a later post is new again.
    expect((await reader.post(`/api/communities/${community.id}/read`)).statusCode).toBe(200);
    expect((await reader.get('/api/unread/counts')).json().data.totalPosts).toBe(0);
    await reply(lead, other.threadId, 'Later');
    expect((await reader.get('/api/unread')).json().data).toEqual([
      expect.objectContaining({ id: other.threadId, unreadCount: 1, isNew: false }),
    ]);
    // A second community of the reader's; "mark all read" clears both.
    await reader.get(`/api/threads/${other.threadId}/reading`);
    await reader.post(`/api/threads/${threadId}/read`, {});
    await reply(lead, threadId, 'Again');
    await startThread(lead, community.id, { title: 'Third' });
    expect((await reader.post('/api/unread/read', {})).json().data.threads).toBeGreaterThanOrEqual(1);
    expect((await reader.get('/api/unread')).json().data).toEqual([]);
    expect((await reader.get('/api/unread/counts')).json().data.totalPosts).toBe(0);
  });

  it('counts each community of a person over threads read to the end, read partly and never opened, within 30 days', async () => {
    const { reader, lead, db, community, district, facilitator, member, threadId } = await world();
    const second = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      members: [
        { userId: facilitator.id, role: 'facilitator' },
        { userId: member.id, role: 'member' },
      ],
    });
    const backdate = (threadId: string, days: number) =>
      db.execute(sql`with p as (update posts set created_at = now() - make_interval(days => ${days})
                                 where thread_id = ${threadId} returning 1)
                     update threads set created_at = now() - make_interval(days => ${days}),
                                        last_post_at = now() - make_interval(days => ${days})
                      where id = ${threadId}`);
    // First community: one read to the end with a reply since (1), one read to its opening post of
    // four (3), one never opened with a reply (2), besides world()'s own thread, never opened (1).
    const readThrough = await startThread(lead, community.id, { title: 'Read through' });
    await reply(lead, readThrough.threadId, 'One');
    await reader.post(`/api/threads/${readThrough.threadId}/read`, {});
    await reply(lead, readThrough.threadId, 'Since');
    const partly = await startThread(lead, community.id, { title: 'Partly' });
    for (const body of ['One', 'Two', 'Three']) await reply(lead, partly.threadId, body);
    await reader.post(`/api/threads/${partly.threadId}/read`, { postId: partly.openingId });
    const unopened = await startThread(lead, community.id, { title: 'Unopened' });
    await reply(lead, unopened.threadId, 'One');
    // Second community: one never opened (3); one quiet for 40 days (0); one started 40 days ago and
    // taken up again today, never opened: only its new reply (1).
    const fresh = await startThread(lead, second.id, { title: 'Fresh' });
    for (const body of ['One', 'Two']) await reply(lead, fresh.threadId, body);
    const quiet = await startThread(lead, second.id, { title: 'Quiet' });
    await reply(lead, quiet.threadId, 'Old');
    await backdate(quiet.threadId, 40);
    const revived = await startThread(lead, second.id, { title: 'Revived' });
    await reply(lead, revived.threadId, 'Old');
    await backdate(revived.threadId, 40);
    await reply(lead, revived.threadId, 'New');

    const countsResponse = await reader.get('/api/unread/counts');
    expect(countsResponse.headers['content-type']).toBe('application/json; charset=utf-8');
    // Sent as the text its statement writes: held to the documented schema here.
    expect(UnreadCountsResponse.strict().safeParse(countsResponse.json()).success).toBe(true);
    const counts = countsResponse.json().data;
    const byCommunity = Object.fromEntries(
      counts.communities.map((c: { communityId: string }) => [c.communityId, c]),
    );
    expect(byCommunity[community.id]).toMatchObject({ unreadPosts: 7, unreadThreads: 4 });
    expect(byCommunity[second.id]).toMatchObject({ unreadPosts: 4, unreadThreads: 2 });
    expect(counts.totalPosts).toBe(11);

    const list = (await reader.get(`/api/communities/${community.id}/threads`)).json().reading;
    expect(list[readThrough.threadId].unread).toBe(1);
    expect(list[partly.threadId].unread).toBe(3);
    expect(list[unopened.threadId].unread).toBe(2);
    const secondList = (await reader.get(`/api/communities/${second.id}/threads`)).json().reading;
    expect(secondList[quiet.threadId].unread).toBe(0);
    expect(secondList[revived.threadId].unread).toBe(1);

    // The new and unread view, two at a time across both communities, newest activity first.
    const seen: Array<{ id: string; unreadCount: number; lastPostAt: string }> = [];
    let cursor: string | null = null;
    do {
      const page: { data: typeof seen; nextCursor: string | null } = (
        await reader.get(`/api/unread?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((x) => x.lastPostAt)).toEqual(
      seen
        .map((x) => x.lastPostAt)
        .sort()
        .reverse(),
    );
    expect(Object.fromEntries(seen.map((x) => [x.id, x.unreadCount]))).toEqual({
      [readThrough.threadId]: 1,
      [partly.threadId]: 3,
      [unopened.threadId]: 2,
      [fresh.threadId]: 3,
      [revived.threadId]: 1,
      [threadId]: 1,
    });
    expect(seen).toHaveLength(6);
    // One community's own view holds only its threads.
    const secondUnread = (await reader.get(`/api/unread?communityId=${second.id}`)).json().data;
    expect(secondUnread.map((x: { id: string }) => x.id).sort()).toEqual(
      [fresh.threadId, revived.threadId].sort(),
    );
  });

  it('keeps read state private, and gives 404 with no counts for a thread one lost access to', async () => {
    const { reader, lead, third, threadId, community, member, db, stranger, colleague } = await world();
    await reader.post(`/api/threads/${threadId}/read`, {});
    await reply(lead, threadId, 'New');
    // The third member's reading is theirs alone: the reader's marks change nothing of it.
    expect((await third.get(`/api/threads/${threadId}/reading`)).json().data.unreadCount).toBe(2);
    expect((await reader.get(`/api/threads/${threadId}/reading`)).json().data.unreadCount).toBe(1);
    for (const who of [stranger, colleague]) {
      const other = await signedIn(t, who.id);
      expect((await other.get(`/api/threads/${threadId}/reading`)).statusCode).toBe(404);
      expect((await other.post(`/api/threads/${threadId}/read`, {})).statusCode).toBe(404);
      expect((await other.put(`/api/threads/${threadId}/watch`, { level: 'muted' })).statusCode).toBe(404);
      expect((await other.get('/api/unread/counts')).json().data.communities).toEqual([]);
    }
    await db.execute(
      sql`update community_members set status = 'removed' where user_id = ${member.id} and community_id = ${community.id}`,
    );
    expect((await reader.get(`/api/threads/${threadId}/reading`)).statusCode).toBe(404);
    expect((await reader.get('/api/unread/counts')).json().data).toEqual({ totalPosts: 0, communities: [] });
    expect((await reader.get('/api/unread')).json().data).toEqual([]);
    expect((await reader.get(`/api/unread?communityId=${community.id}`)).statusCode).toBe(404);
    expect((await reader.post(`/api/communities/${community.id}/read`)).statusCode).toBe(404);
    expect((await agent(t).get('/api/unread/counts')).statusCode).toBe(401);
  });

  it('names bad fields and changes nothing', async () => {
    const { reader, threadId, community, db, member } = await world();
    const otherThread = await startThread(reader, community.id, { title: 'Another' });
    const bad: Array<[Promise<{ statusCode: number; json: () => { errors: { path: string }[] } }>, string]> =
      [
        [reader.post(`/api/threads/${threadId}/read`, { postId: otherThread.openingId }), '/body/postId'],
        [reader.post(`/api/threads/${threadId}/read`, { postId: 'x' }), '/body/postId'],
        [reader.put(`/api/threads/${threadId}/watch`, { level: 'loud' }), '/body/level'],
        [reader.put(`/api/threads/${threadId}/watch`, {}), '/body/level'],
        [reader.put(`/api/communities/${community.id}/watch`, { level: 'sometimes' }), '/body/level'],
        [reader.get('/api/unread?cursor=nope'), '/querystring/cursor'],
        [reader.get('/api/unread?limit=0'), '/querystring/limit'],
        [reader.post('/api/unread/read', { communityId: 'x' }), '/body/communityId'],
      ];
    for (const [request, path] of bad) {
      const response = await request;
      expect(response.statusCode, path).toBe(400);
      expect(response.json().errors.map((e) => e.path)).toContain(path);
    }
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from thread_reads where user_id = ${member.id} and thread_id = ${threadId}`,
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('watching levels', () => {
  it('tells watchers of every post, and muting silences a thread and takes it out of counts and the feed', async () => {
    const { reader, lead, third, threadId, member, facilitator, db } = await world();
    // The reader watches the thread; the facilitator (its author) mutes it.
    expect(
      (await reader.put(`/api/threads/${threadId}/watch`, { level: 'watching' })).json().data,
    ).toMatchObject({
      level: 'watching',
      threadLevel: 'watching',
    });
    expect((await lead.put(`/api/threads/${threadId}/watch`, { level: 'muted' })).json().data).toMatchObject({
      level: 'muted',
      unreadCount: 0,
    });
    await reply(third, threadId, `A reply for @[Lead](/people/${facilitator.id})`);
    expect(await notified(db, member.id, 'watching')).toBe(1);
    expect(await notified(db, facilitator.id, 'reply')).toBe(0);
    expect(await notified(db, facilitator.id, 'mention')).toBe(0);
    expect((await lead.get(`/api/threads/${threadId}/reading`)).json().data.unreadCount).toBe(0);
    expect((await lead.get('/api/unread/counts')).json().data.totalPosts).toBe(0);
    const feed = (await lead.get('/api/feed')).json();
    expect(JSON.stringify(feed.data)).not.toContain(threadId);
    // Back to the community's level: told again, and the thread is back in the feed.
    await lead.put(`/api/threads/${threadId}/watch`, { level: null });
    await reply(third, threadId, 'Another');
    expect(await notified(db, facilitator.id, 'reply')).toBe(1);
    expect(JSON.stringify((await lead.get('/api/feed')).json().data)).toContain(threadId);
  });

  it('takes a muted thread out of the home feed a reader already read, posts before the mute included', async () => {
    const { reader, third, threadId, community } = await world();
    await reply(third, threadId, 'Before anyone muted');
    const inFeed = async () => JSON.stringify((await reader.get('/api/feed')).json().data).includes(threadId);
    expect(await inFeed()).toBe(true);

    await reader.put(`/api/threads/${threadId}/watch`, { level: 'muted' });
    expect(await inFeed()).toBe(false);
    await reader.put(`/api/threads/${threadId}/watch`, { level: null });
    expect(await inFeed()).toBe(true);

    // Muted through its community, unless the reader chose the thread's own level; the page follows
    // each change of the thread's level too.
    await reader.put(`/api/communities/${community.id}/watch`, { level: 'muted' });
    expect(await inFeed()).toBe(false);
    await reader.put(`/api/threads/${threadId}/watch`, { level: 'tracking' });
    expect(await inFeed()).toBe(true);
    await reader.put(`/api/threads/${threadId}/watch`, { level: null });
    expect(await inFeed()).toBe(false);
  });

  it('watches or mutes a whole community; a thread level chosen still wins', async () => {
    const { reader, lead, third, threadId, member, db, community } = await world();
    expect((await reader.get(`/api/communities/${community.id}/watch`)).json().data.level).toBe('tracking');
    expect(
      (await reader.put(`/api/communities/${community.id}/watch`, { level: 'watching' })).json().data.level,
    ).toBe('watching');
    const started = await startThread(lead, community.id, { title: 'Fresh' });
    expect(await notified(db, member.id, 'watching')).toBe(1);
    await reader.put(`/api/communities/${community.id}/watch`, { level: 'muted' });
    await reply(third, started.threadId, 'Quiet');
    expect(await notified(db, member.id, 'watching')).toBe(1);
    expect((await reader.get('/api/unread/counts')).json().data).toMatchObject({
      totalPosts: 0,
      communities: [expect.objectContaining({ level: 'muted', unreadPosts: 0 })],
    });
    // A thread the reader chose to track in the muted community is still counted.
    await reader.put(`/api/threads/${threadId}/watch`, { level: 'tracking' });
    await reply(third, threadId, 'Counted');
    expect((await reader.get('/api/unread/counts')).json().data.totalPosts).toBe(1);
    expect(
      (await reader.put(`/api/communities/${community.id}/watch`, { level: null })).json().data.level,
    ).toBe('tracking');
  });
});

/**
 * Counts are remembered per person and community under versions read with every request (decision
 * 070): each change a count depends on must show on the next request, never the remembered number.
 */
describe('remembered unread counts', () => {
  const counts = async (as: Awaited<ReturnType<typeof signedIn>>) => {
    const data = (await as.get('/api/unread/counts')).json().data as {
      totalPosts: number;
      communities: Array<{ communityId: string; level: string; unreadPosts: number; unreadThreads: number }>;
    };
    return {
      total: data.totalPosts,
      by: Object.fromEntries(data.communities.map((c) => [c.communityId, c])),
    };
  };
  const listed = async (as: Awaited<ReturnType<typeof signedIn>>, communityId: string) =>
    (await as.get(`/api/communities/${communityId}/threads`)).json().reading as Record<
      string,
      { unread: number; level: string }
    >;

  it('follow a new post, a new thread, a read mark, a muted thread or community and a community marked read', async () => {
    const { reader, lead, third, threadId, community } = await world();
    expect((await counts(reader)).by[community.id]).toMatchObject({ unreadPosts: 1, unreadThreads: 1 });
    expect((await listed(reader, community.id))[threadId].unread).toBe(1);

    await reply(lead, threadId, 'A reply');
    expect((await counts(reader)).by[community.id]).toMatchObject({ unreadPosts: 2, unreadThreads: 1 });
    expect((await listed(reader, community.id))[threadId].unread).toBe(2);

    await reader.post(`/api/threads/${threadId}/read`, {});
    expect((await counts(reader)).total).toBe(0);
    expect((await listed(reader, community.id))[threadId].unread).toBe(0);

    await reply(third, threadId, 'Another');
    expect((await counts(reader)).total).toBe(1);
    expect((await listed(reader, community.id))[threadId].unread).toBe(1);

    await reader.put(`/api/threads/${threadId}/watch`, { level: 'muted' });
    expect((await counts(reader)).total).toBe(0);
    expect((await listed(reader, community.id))[threadId]).toEqual({ unread: 0, level: 'muted' });
    await reader.put(`/api/threads/${threadId}/watch`, { level: null });
    expect((await counts(reader)).total).toBe(1);
    expect((await listed(reader, community.id))[threadId]).toEqual({ unread: 1, level: 'tracking' });

    const started = await startThread(lead, community.id, { title: 'Second' });
    expect((await counts(reader)).by[community.id]).toMatchObject({ unreadPosts: 2, unreadThreads: 2 });
    expect((await listed(reader, community.id))[started.threadId].unread).toBe(1);

    await reader.put(`/api/communities/${community.id}/watch`, { level: 'muted' });
    expect((await counts(reader)).by[community.id]).toMatchObject({ level: 'muted', unreadPosts: 0 });
    expect((await listed(reader, community.id))[started.threadId]).toEqual({ unread: 0, level: 'muted' });
    await reader.put(`/api/communities/${community.id}/watch`, { level: null });
    expect((await counts(reader)).total).toBe(2);

    await reader.post(`/api/communities/${community.id}/read`);
    expect((await counts(reader)).total).toBe(0);
    expect((await listed(reader, community.id))[started.threadId].unread).toBe(0);
    // The other member's counts are theirs alone: the second thread, since they replied to the first.
    expect((await counts(third)).total).toBe(1);
  });

  it('follow a thread moved between communities, hidden and deleted posts, and leaving a community', async () => {
    const { reader, lead, threadId, community, district, facilitator, member, db } = await world();
    const second = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      joinPolicy: 'open',
      members: [
        { userId: facilitator.id, role: 'facilitator' },
        { userId: member.id, role: 'member' },
      ],
    });
    // The reader joined the second community before the thread was started: it counts there once moved.
    await db.execute(sql`update community_members set joined_at = now() - interval '1 day'
                          where user_id = ${member.id} and community_id = ${second.id}`);
    const before = await counts(reader);
    expect(before.by[community.id].unreadPosts).toBe(1);
    expect(before.by[second.id].unreadPosts).toBe(0);

    const moved = await lead.patch(`/api/threads/${threadId}`, { communityId: second.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await counts(reader);
    expect(after.by[community.id].unreadPosts).toBe(0);
    expect(after.by[second.id]).toMatchObject({ unreadPosts: 1, unreadThreads: 1 });

    // Hiding or deleting a post changes no count (a count is of the posts a thread has had), and the
    // remembered counts agree with the thread's own reading, read afresh.
    const hidden = await reply(lead, threadId, 'Off topic');
    const deleted = await reply(lead, threadId, 'Oops');
    expect((await counts(reader)).by[second.id].unreadPosts).toBe(3);
    await lead.post(`/api/posts/${hidden}/hide`, { reason: 'off topic' });
    await lead.delete(`/api/posts/${deleted}`);
    const reading = (await reader.get(`/api/threads/${threadId}/reading`)).json().data.unreadCount;
    expect((await counts(reader)).by[second.id].unreadPosts).toBe(reading);
    expect((await listed(reader, second.id))[threadId].unread).toBe(reading);

    expect((await reader.post(`/api/communities/${second.id}/leave`)).statusCode).toBe(200);
    const left = await counts(reader);
    expect(left.by[second.id]).toBeUndefined();
    expect(Object.keys(left.by)).toEqual([community.id]);
  });

  it('forget remembered counts when the clock takes a post out of the 30 days', async () => {
    const { reader, lead, community, member, db } = await world();
    const { threadId } = await startThread(lead, community.id, { title: 'Nearly a month old' });
    // The reader joined long ago; the thread is 30 days old less two seconds, never opened by them.
    await db.execute(sql`update community_members set joined_at = now() - interval '60 days'
                          where user_id = ${member.id} and community_id = ${community.id}`);
    await db.execute(sql`with p as (update posts set created_at = now() - interval '30 days' + interval '2 seconds'
                                     where thread_id = ${threadId} returning 1)
                         update threads set created_at = now() - interval '30 days' + interval '2 seconds',
                                            last_post_at = now() - interval '30 days' + interval '2 seconds'
                          where id = ${threadId}`);
    expect((await counts(reader)).by[community.id].unreadPosts).toBe(2);
    expect((await listed(reader, community.id))[threadId].unread).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await counts(reader)).by[community.id].unreadPosts).toBe(1);
    expect((await listed(reader, community.id))[threadId].unread).toBe(0);
  });
});
