import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { ThreadListResponse } from '#shared/contracts/discussion.ts';
import { buildCast, count, startThread } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

describe('thread list', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const { community } = await buildCast(t.database.db);
    expect((await agent(t).get(`/api/communities/${community.id}/threads`)).statusCode).toBe(401);
  });

  it('is 404 to non-members of a by-request community and for unknown ids', async () => {
    const { community, colleague, stranger } = await buildCast(t.database.db);
    for (const person of [colleague, stranger]) {
      const as = await signedIn(t, person.id);
      expect((await as.get(`/api/communities/${community.id}/threads`)).statusCode).toBe(404);
    }
    const as = await signedIn(t, colleague.id);
    expect((await as.get(`/api/communities/${MISSING}/threads`)).statusCode).toBe(404);
    expect((await as.get('/api/communities/not-a-uuid/threads')).statusCode).toBe(400);
  });

  it('lists pinned threads first, then the most recently active, a page at a time, filtered by type', async () => {
    const { community, member, facilitator } = await buildCast(t.database.db);
    const as = await signedIn(t, member.id);
    const first = await startThread(as, community.id, { title: 'First', type: 'question' });
    const second = await startThread(as, community.id, { title: 'Second', type: 'reflection' });
    const third = await startThread(as, community.id, { title: 'Third', type: 'practice' });
    await as.post(`/api/threads/${first.threadId}/posts`, { body: 'bump' });
    const lead = await signedIn(t, facilitator.id);
    expect((await lead.patch(`/api/threads/${second.threadId}`, { pinned: true })).statusCode).toBe(200);

    const page1 = (await as.get(`/api/communities/${community.id}/threads?limit=2`)).json();
    // The list is sent as JSON text without the serializer's check: it is held to the contract
    // here, no field missing, none more (parsing would drop one the contract does not name).
    expect(ThreadListResponse.parse(page1)).toEqual(page1);
    expect(page1.data.map((th: { title: string }) => th.title)).toEqual(['Second', 'First']);
    expect(page1.data[0]).toMatchObject({ pinned: true, locked: false, type: 'reflection', replyCount: 0 });
    expect(page1.data[1]).toMatchObject({ replyCount: 1, author: { id: member.id, name: member.name } });
    const page2 = (
      await as.get(`/api/communities/${community.id}/threads?limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.data.map((th: { id: string }) => th.id)).toEqual([third.threadId]);
    expect(page2.nextCursor).toBeNull();

    const practices = (await as.get(`/api/communities/${community.id}/threads?type=practice`)).json();
    expect(practices.data.map((th: { id: string }) => th.id)).toEqual([third.threadId]);
    const bad = await as.get(`/api/communities/${community.id}/threads?type=rumour`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/querystring/type');
  });

  it('writes each thread as the thread page does: names, counts, times to the millisecond, pinned, locked, insight', async () => {
    const { community, member, facilitator } = await buildCast(t.database.db);
    const as = await signedIn(t, member.id);
    const lead = await signedIn(t, facilitator.id);
    const plain = await startThread(as, community.id, { title: 'Plain “quoted” \\ title', type: 'question' });
    const busy = await startThread(lead, community.id, { title: 'Busy', type: 'practice' });
    const reply = (await as.post(`/api/threads/${busy.threadId}/posts`, { body: 'A reply' })).json().data;
    expect(
      (await lead.patch(`/api/threads/${busy.threadId}`, { pinned: true, locked: true })).statusCode,
    ).toBe(200);
    expect((await lead.put(`/api/threads/${busy.threadId}/insight`, { postId: reply.id })).statusCode).toBe(
      200,
    );

    const list = (await as.get(`/api/communities/${community.id}/threads`)).json();
    expect(ThreadListResponse.parse(list)).toEqual(list);
    for (const id of [busy.threadId, plain.threadId]) {
      const summary = (await as.get(`/api/threads/${id}`)).json().data.thread;
      expect(list.data.find((th: { id: string }) => th.id === id)).toEqual(summary);
    }
    expect(list.data[0]).toMatchObject({ id: busy.threadId, pinned: true, locked: true, hasInsight: true });
    expect(list.data[1]).toMatchObject({
      title: 'Plain “quoted” \\ title',
      pinned: false,
      hasInsight: false,
    });
  });

  it('keeps its pages in place when a thread on the page just read becomes active again', async () => {
    const { community, member } = await buildCast(t.database.db);
    const as = await signedIn(t, member.id);
    const older = await startThread(as, community.id, { title: 'Older' });
    const middle = await startThread(as, community.id, { title: 'Middle' });
    await startThread(as, community.id, { title: 'Newest' });
    const page1 = (await as.get(`/api/communities/${community.id}/threads?limit=2`)).json();
    expect(page1.data.map((th: { title: string }) => th.title)).toEqual(['Newest', 'Middle']);
    // The last thread of the page read gets a reply before the next page is asked for.
    await as.post(`/api/threads/${middle.threadId}/posts`, { body: 'bump' });
    const page2 = (
      await as.get(`/api/communities/${community.id}/threads?limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.data.map((th: { id: string }) => th.id)).toEqual([older.threadId]);
    const forged = await as.get(`/api/communities/${community.id}/threads?cursor=${older.threadId}`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].path).toBe('/querystring/cursor');
  });

  it('shows every change to a page it remembers at once, and decides who may read it on every request', async () => {
    const db = t.database.db;
    const { community, member, colleague } = await buildCast(db);
    const as = await signedIn(t, member.id);
    const first = await startThread(as, community.id, { title: 'First' });
    const second = await startThread(as, community.id, { title: 'Second' });
    const list = async () => (await as.get(`/api/communities/${community.id}/threads?limit=5`)).json().data;
    const titles = async () => (await list()).map((th: { title: string }) => th.title);
    expect(await titles()).toEqual(['Second', 'First']);
    expect(await titles()).toEqual(['Second', 'First']);
    // A reply: its thread's count and last post, and so the order.
    await as.post(`/api/threads/${first.threadId}/posts`, { body: 'bump' });
    const afterReply = await list();
    expect(afterReply.map((th: { title: string }) => th.title)).toEqual(['First', 'Second']);
    expect(afterReply[0].replyCount).toBe(1);
    // Changes made straight in the database, through no route of Trellis: a title, and an author's name.
    await db.execute(sql`update threads set title = 'First, renamed' where id = ${first.threadId}`);
    expect(await titles()).toEqual(['First, renamed', 'Second']);
    await db.execute(sql`update users set name = 'Renamed Author' where id = ${member.id}`);
    expect((await list()).map((th: { author: { name: string } }) => th.author.name)).toEqual([
      'Renamed Author',
      'Renamed Author',
    ]);
    // A new thread, and one deleted.
    const third = await startThread(as, community.id, { title: 'Third' });
    expect(await titles()).toEqual(['Third', 'First, renamed', 'Second']);
    await db.execute(sql`delete from thread_page_versions where thread_id = ${third.threadId}`);
    await db.execute(sql`delete from posts where thread_id = ${third.threadId}`);
    await db.execute(sql`delete from threads where id = ${third.threadId}`);
    expect(await titles()).toEqual(['First, renamed', 'Second']);
    // The page is remembered, but a non-member of this by-request community is still refused.
    const outsider = await signedIn(t, colleague.id);
    expect((await outsider.get(`/api/communities/${community.id}/threads?limit=5`)).statusCode).toBe(404);
    void second;
  });

  it('shows an open community’s threads to everyone in its district, not beyond', async () => {
    const { community, member, colleague, stranger } = await buildCast(t.database.db, { joinPolicy: 'open' });
    await startThread(await signedIn(t, member.id), community.id);
    const seen = await (await signedIn(t, colleague.id)).get(`/api/communities/${community.id}/threads`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().data).toHaveLength(1);
    expect(
      (await (await signedIn(t, stranger.id)).get(`/api/communities/${community.id}/threads`)).statusCode,
    ).toBe(404);
  });
});

describe('starting a thread', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const { community } = await buildCast(t.database.db);
    const response = await agent(t).post(`/api/communities/${community.id}/threads`, {
      type: 'question',
      title: 'x',
      body: 'y',
    });
    expect(response.statusCode).toBe(401);
  });

  it('names the bad field', async () => {
    const { community, member } = await buildCast(t.database.db);
    const as = await signedIn(t, member.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'gossip', title: 'x', body: 'y' }, '/body/type'],
      [{ type: 'question', title: '   ', body: 'y' }, '/body/title'],
      [{ type: 'question', title: 'x', body: '' }, '/body/body'],
      [{ type: 'question', title: 'x'.repeat(201), body: 'y' }, '/body/title'],
      // A title reads as written: no direction override, and something visible.
      [{ type: 'question', title: 'Grading \u202Esecitcarp', body: 'y' }, '/body/title'],
      [{ type: 'question', title: '\u200B\u200D', body: 'y' }, '/body/title'],
      [{ type: 'question', title: 'x', body: 'y', extra: 1 }, '/body'],
      [{ type: 'question', title: 'x', body: 'y', attachmentIds: [MISSING] }, '/body/attachmentIds'],
    ];
    for (const [body, path] of cases) {
      const response = await as.post(`/api/communities/${community.id}/threads`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await count(t.database.db, 'threads', sql`community_id = ${community.id}`)).toBe(0);
  });

  it('starts a thread with its opening post, counts it and records it with context', async () => {
    const { community, member, school, district } = await buildCast(t.database.db);
    const as = await signedIn(t, member.id);
    const response = await as.post(`/api/communities/${community.id}/threads`, {
      type: 'question',
      title: 'Exit tickets?',
      body: 'Do you use <script>alert(1)</script> **exit tickets**?',
    });
    expect(response.statusCode).toBe(201);
    const thread = response.json().data;
    expect(thread).toMatchObject({ title: 'Exit tickets?', type: 'question', communityId: community.id });
    const page = (await as.get(`/api/threads/${thread.id}`)).json().data;
    expect(page.opening.bodyHtml).toBe(
      '<p>Do you use &lt;script&gt;alert(1)&lt;/script&gt; <strong>exit tickets</strong>?</p>',
    );
    const db = t.database.db;
    const { rows } = await db.execute<{ thread_count: number }>(
      sql`select thread_count from communities where id = ${community.id}`,
    );
    expect(rows[0].thread_count).toBe(1);
    const statements = await db.execute<{
      verb: string;
      community_id: string;
      school_id: string;
      district_id: string;
      object_id: string;
    }>(
      sql`select verb, community_id, school_id, district_id, object_id from statements where actor_id = ${member.id}`,
    );
    expect(statements.rows).toEqual([
      {
        verb: 'http://activitystrea.ms/schema/1.0/post',
        community_id: community.id,
        school_id: school.id,
        district_id: district.id,
        object_id: thread.id,
      },
    ]);
    expect(await count(db, 'posts', sql`thread_id = ${thread.id} and is_opening`)).toBe(1);
  });

  it('returns the first thread when the same idempotency key is sent again', async () => {
    const { community, member } = await buildCast(t.database.db);
    const as = await signedIn(t, member.id);
    const body = { type: 'question', title: 'Once', body: 'only once', idempotencyKey: 'draft-key-0001' };
    const first = await as.post(`/api/communities/${community.id}/threads`, body);
    const again = await as.post(`/api/communities/${community.id}/threads`, body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().data.id).toBe(first.json().data.id);
    expect(await count(t.database.db, 'threads', sql`community_id = ${community.id}`)).toBe(1);
  });

  it('refuses non-members, archived communities and removed members, changing nothing', async () => {
    const db = t.database.db;
    const { community, colleague, stranger, district, facilitator } = await buildCast(db);
    const body = { type: 'question', title: 'x', body: 'y' };
    const removed = await buildUser(db, { districtId: district.id });
    await db.execute(sql`insert into community_members (community_id, user_id, status)
      values (${community.id}, ${removed.id}, 'removed')`);
    for (const person of [colleague, stranger, removed])
      expect(
        (await (await signedIn(t, person.id)).post(`/api/communities/${community.id}/threads`, body))
          .statusCode,
      ).toBe(404);

    const open = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      joinPolicy: 'open',
    });
    const reader = await (await signedIn(t, colleague.id)).post(`/api/communities/${open.id}/threads`, body);
    expect(reader.statusCode).toBe(403);

    const archived = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      archived: true,
      members: [{ userId: facilitator.id, role: 'facilitator' }],
    });
    const late = await (await signedIn(t, facilitator.id)).post(
      `/api/communities/${archived.id}/threads`,
      body,
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/archived/);
    expect(
      await count(db, 'threads', sql`community_id in (${community.id}, ${open.id}, ${archived.id})`),
    ).toBe(0);
    expect(await count(db, 'posts', sql`community_id in (${community.id}, ${open.id}, ${archived.id})`)).toBe(
      0,
    );
  });

  it('notifies people mentioned who may read the community, and no one else', async () => {
    const db = t.database.db;
    const { community, member, facilitator, colleague } = await buildCast(db);
    const as = await signedIn(t, member.id);
    const { threadId } = await startThread(as, community.id, {
      body: `Thoughts @[Lead](/people/${facilitator.id}) and @[Colleague](/people/${colleague.id})?`,
    });
    const { rows } = await db.execute<{ user_id: string; kind: string; thread_id: string }>(
      sql`select user_id, kind, thread_id from notifications where thread_id = ${threadId}`,
    );
    expect(rows).toEqual([{ user_id: facilitator.id, kind: 'mention', thread_id: threadId }]);
  });
});

describe('thread page', () => {
  it('asks a signed-out visitor to sign in, and is 404 to outsiders and for unknown ids', async () => {
    const { community, member, colleague, stranger } = await buildCast(t.database.db);
    const { threadId } = await startThread(await signedIn(t, member.id), community.id);
    expect((await agent(t).get(`/api/threads/${threadId}`)).statusCode).toBe(401);
    for (const person of [colleague, stranger])
      expect((await (await signedIn(t, person.id)).get(`/api/threads/${threadId}`)).statusCode).toBe(404);
    expect((await (await signedIn(t, member.id)).get(`/api/threads/${MISSING}`)).statusCode).toBe(404);
    expect((await (await signedIn(t, member.id)).get(`/api/threads/${threadId}?limit=0`)).statusCode).toBe(
      400,
    );
  });

  it('shows replies oldest first with their replies, pages them, and says what the viewer may do', async () => {
    const { community, member, facilitator } = await buildCast(t.database.db);
    const as = await signedIn(t, member.id);
    const lead = await signedIn(t, facilitator.id);
    const { threadId } = await startThread(as, community.id);
    const r1 = (await lead.post(`/api/threads/${threadId}/posts`, { body: 'one' })).json().data;
    const r2 = (await lead.post(`/api/threads/${threadId}/posts`, { body: 'two' })).json().data;
    const r3 = (await lead.post(`/api/threads/${threadId}/posts`, { body: 'three' })).json().data;
    const child = (await as.post(`/api/threads/${threadId}/posts`, { body: 'child', parentId: r1.id })).json()
      .data;

    const page = (await as.get(`/api/threads/${threadId}?limit=2`)).json().data;
    expect(page.replies.map((r: { id: string }) => r.id)).toEqual([r1.id, r2.id]);
    expect(page.replies[0].children.map((r: { id: string }) => r.id)).toEqual([child.id]);
    expect(page.replies[0]).toMatchObject({
      author: { id: facilitator.id, name: facilitator.name },
      bodyHtml: '<p>one</p>',
      abilities: { edit: false, react: true, reply: true, report: true, moderate: false },
    });
    expect(page.permissions).toMatchObject({ canReply: true, canModerate: false, canMarkInsight: true });
    expect(page.thread.replyCount).toBe(4);
    const next = (await as.get(`/api/threads/${threadId}?limit=2&cursor=${page.nextCursor}`)).json().data;
    expect(next.replies.map((r: { id: string }) => r.id)).toEqual([r3.id]);
    expect(next.nextCursor).toBeNull();
  });
});

describe('pin, lock and move', () => {
  it('is for facilitators of both communities; moves the thread, its posts and counts, and audits', async () => {
    const db = t.database.db;
    const { community, member, facilitator, district } = await buildCast(db);
    const other = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      members: [{ userId: facilitator.id, role: 'facilitator' }],
    });
    const notMine = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      members: [{ userId: facilitator.id, role: 'member' }],
    });
    const as = await signedIn(t, member.id);
    const { threadId } = await startThread(as, community.id);
    await as.post(`/api/threads/${threadId}/posts`, { body: 'reply' });
    expect((await agent(t).patch(`/api/threads/${threadId}`, { locked: true })).statusCode).toBe(401);
    expect((await as.patch(`/api/threads/${threadId}`, { locked: true })).statusCode).toBe(403);
    const lead = await signedIn(t, facilitator.id);
    const empty = await lead.patch(`/api/threads/${threadId}`, {});
    expect(empty.statusCode).toBe(400);
    const wrong = await lead.patch(`/api/threads/${threadId}`, { communityId: notMine.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('/body/communityId');
    expect((await lead.patch(`/api/threads/${MISSING}`, { locked: true })).statusCode).toBe(404);

    const moved = await lead.patch(`/api/threads/${threadId}`, { communityId: other.id, locked: true });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data).toMatchObject({ communityId: other.id, locked: true });
    expect(await count(db, 'posts', sql`thread_id = ${threadId} and community_id = ${other.id}`)).toBe(2);
    const { rows } = await db.execute<{ id: string; thread_count: number }>(
      sql`select id, thread_count from communities where id in (${community.id}, ${other.id})`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.thread_count]))).toEqual({
      [community.id]: 0,
      [other.id]: 1,
    });
    expect(await count(db, 'audit_events', sql`action = 'thread.moved' and target_id = ${threadId}`)).toBe(1);
    // The member of the old community no longer reads it.
    expect((await as.get(`/api/threads/${threadId}`)).statusCode).toBe(404);
  });
});

describe('insight', () => {
  it('lets the thread author or a facilitator mark a reply, records it and tells the reply’s author', async () => {
    const db = t.database.db;
    const { community, member, facilitator, colleague } = await buildCast(db);
    const as = await signedIn(t, member.id);
    const lead = await signedIn(t, facilitator.id);
    const { threadId, openingId } = await startThread(as, community.id);
    const reply = (await lead.post(`/api/threads/${threadId}/posts`, { body: 'try this' })).json().data;
    const other = await buildCast(db);
    const { threadId: elsewhere } = await startThread(await signedIn(t, other.member.id), other.community.id);
    const elsewhereReply = (
      await (await signedIn(t, other.facilitator.id)).post(`/api/threads/${elsewhere}/posts`, { body: 'x' })
    ).json().data;

    expect((await agent(t).put(`/api/threads/${threadId}/insight`, { postId: reply.id })).statusCode).toBe(
      401,
    );
    expect(
      (await (await signedIn(t, colleague.id)).put(`/api/threads/${threadId}/insight`, { postId: reply.id }))
        .statusCode,
    ).toBe(404);
    for (const postId of [openingId, elsewhereReply.id, MISSING]) {
      const bad = await as.put(`/api/threads/${threadId}/insight`, { postId });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('/body/postId');
    }
    const marked = await as.put(`/api/threads/${threadId}/insight`, { postId: reply.id });
    expect(marked.statusCode).toBe(200);
    expect(marked.json().data.hasInsight).toBe(true);
    const page = (await as.get(`/api/threads/${threadId}`)).json().data;
    expect(page.replies[0].isInsight).toBe(true);
    expect(
      await count(
        db,
        'notifications',
        sql`user_id = ${facilitator.id} and kind = 'insight' and post_id = ${reply.id}`,
      ),
    ).toBe(1);
    expect(
      await count(
        db,
        'statements',
        sql`verb = 'https://trellis.dev/xapi/verbs/marked-insight' and object_id = ${reply.id} and community_id = ${community.id}`,
      ),
    ).toBe(1);
    const cleared = await lead.delete(`/api/threads/${threadId}/insight`);
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().data.hasInsight).toBe(false);
  });
});
