import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { buildCast, count, startThread } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

async function threadWithReply() {
  const cast = await buildCast(t.database.db);
  const as = await signedIn(t, cast.member.id);
  const lead = await signedIn(t, cast.facilitator.id);
  const { threadId, openingId } = await startThread(as, cast.community.id);
  const reply = (await lead.post(`/api/threads/${threadId}/posts`, { body: 'A first reply' })).json().data;
  return { ...cast, as, lead, threadId, openingId, reply };
}

describe('replying', () => {
  it('asks a signed-out visitor to sign in and names bad fields', async () => {
    const { threadId, as, openingId } = await threadWithReply();
    expect((await agent(t).post(`/api/threads/${threadId}/posts`, { body: 'x' })).statusCode).toBe(401);
    const empty = await as.post(`/api/threads/${threadId}/posts`, { body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('/body/body');
    for (const parentId of [openingId, MISSING]) {
      const bad = await as.post(`/api/threads/${threadId}/posts`, { body: 'x', parentId });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('/body/parentId');
    }
  });

  it('refuses replies to replies of replies', async () => {
    const { threadId, as, reply } = await threadWithReply();
    const child = (
      await as.post(`/api/threads/${threadId}/posts`, { body: 'child', parentId: reply.id })
    ).json().data;
    const deeper = await as.post(`/api/threads/${threadId}/posts`, { body: 'deeper', parentId: child.id });
    expect(deeper.statusCode).toBe(400);
    expect(deeper.json().errors[0].path).toBe('/body/parentId');
  });

  it('saves a reply, counts it, records it, and tells the thread and parent authors and people mentioned', async () => {
    const db = t.database.db;
    const { threadId, as, lead, reply, member, facilitator, community, district } = await threadWithReply();
    const third = await buildUser(db, { districtId: district.id });
    await db.execute(
      sql`insert into community_members (community_id, user_id, status) values (${community.id}, ${third.id}, 'active')`,
    );
    const outsider = await buildUser(db, { districtId: district.id });
    const thirdAgent = await signedIn(t, third.id);
    const response = await thirdAgent.post(`/api/threads/${threadId}/posts`, {
      body: `Agree with @[Lead](/people/${facilitator.id}), and @[Out](/people/${outsider.id}) <img src=x onerror=alert(1)>`,
      parentId: reply.id,
    });
    expect(response.statusCode).toBe(201);
    const post = response.json().data;
    expect(post).toMatchObject({ parentId: reply.id, author: { id: third.id } });
    expect(post.bodyHtml).not.toContain('<img');
    expect(post.bodyHtml).toContain('class="mention"');
    const { rows } = await db.execute<{ user_id: string; kind: string }>(
      sql`select user_id, kind from notifications where post_id = ${post.id} order by kind, user_id`,
    );
    expect(rows).toEqual(
      [
        { user_id: facilitator.id, kind: 'mention' },
        { user_id: facilitator.id, kind: 'reply' },
        { user_id: member.id, kind: 'reply' },
      ].sort((a, b) => (a.kind + a.user_id).localeCompare(b.kind + b.user_id)),
    );
    const statement = await db.execute<{ body: { context: { extensions: Record<string, string> } } }>(
      sql`select body from statements where object_id = ${post.id} and verb = 'http://adlnet.gov/expapi/verbs/commented'`,
    );
    expect(statement.rows[0].body.context.extensions['https://trellis.dev/xapi/extensions/thread']).toBe(
      threadId,
    );
    expect(statement.rows[0].body.context.extensions['https://trellis.dev/xapi/extensions/community']).toBe(
      community.id,
    );
    const page = (await as.get(`/api/threads/${threadId}`)).json().data;
    expect(page.thread.replyCount).toBe(2);
    void lead;
  });

  it('creates one reply for a double submit with the same idempotency key', async () => {
    const { threadId, as } = await threadWithReply();
    const body = { body: 'only once', idempotencyKey: 'reply-draft-1234' };
    const [a, b] = await Promise.all([
      as.post(`/api/threads/${threadId}/posts`, body),
      as.post(`/api/threads/${threadId}/posts`, body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().data.id).toBe(b.json().data.id);
    const again = await as.post(`/api/threads/${threadId}/posts`, body);
    expect(again.statusCode).toBe(200);
    expect(await count(t.database.db, 'posts', sql`thread_id = ${threadId} and body_md = 'only once'`)).toBe(
      1,
    );
  });

  it('refuses a locked thread, an archived community, outsiders and removed members, changing nothing', async () => {
    const db = t.database.db;
    const { threadId, as, lead, community, colleague, member } = await threadWithReply();
    const before = await count(db, 'posts', sql`thread_id = ${threadId}`);
    expect(
      (await (await signedIn(t, colleague.id)).post(`/api/threads/${threadId}/posts`, { body: 'x' }))
        .statusCode,
    ).toBe(404);

    await lead.patch(`/api/threads/${threadId}`, { locked: true });
    const locked = await as.post(`/api/threads/${threadId}/posts`, { body: 'x' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().detail).toMatch(/locked/);
    await lead.patch(`/api/threads/${threadId}`, { locked: false });

    await db.execute(sql`update communities set archived_at = now() where id = ${community.id}`);
    const archived = await as.post(`/api/threads/${threadId}/posts`, { body: 'x' });
    expect(archived.statusCode).toBe(409);
    expect(archived.json().detail).toMatch(/archived/);
    await db.execute(sql`update communities set archived_at = null where id = ${community.id}`);

    await db.execute(
      sql`update community_members set status = 'removed' where community_id = ${community.id} and user_id = ${member.id}`,
    );
    expect((await as.post(`/api/threads/${threadId}/posts`, { body: 'x' })).statusCode).toBe(404);
    expect((await as.get(`/api/threads/${threadId}`)).statusCode).toBe(404);
    expect(await count(db, 'posts', sql`thread_id = ${threadId}`)).toBe(before);
  });

  it('lets readers of an open community see but not reply (403)', async () => {
    const db = t.database.db;
    const { district, facilitator, colleague } = await buildCast(db);
    const open = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      joinPolicy: 'open',
      members: [{ userId: facilitator.id, role: 'facilitator' }],
    });
    const { threadId } = await startThread(await signedIn(t, facilitator.id), open.id);
    const reader = await signedIn(t, colleague.id);
    const page = (await reader.get(`/api/threads/${threadId}`)).json().data;
    expect(page.permissions.canReply).toBe(false);
    const refused = await reader.post(`/api/threads/${threadId}/posts`, { body: 'x' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/join/i);

    // A removed member still reads an open community, but is told plainly they may not take part.
    await db.execute(sql`insert into community_members (community_id, user_id, role, status)
      values (${open.id}, ${colleague.id}, 'member', 'removed')`);
    const removed = await reader.post(`/api/threads/${threadId}/posts`, { body: 'x' });
    expect(removed.statusCode).toBe(403);
    expect(removed.headers['content-type']).toMatch(/problem\+json/);
    expect(removed.json().detail).toMatch(/removed you/);
    expect(removed.json().detail).not.toMatch(/join/i);
  });
});

describe('editing, history and deleting', () => {
  it('lets the author edit, keeps the old wording, and shows the history to readers', async () => {
    const { threadId, as, lead, openingId, reply, colleague } = await threadWithReply();
    expect((await agent(t).patch(`/api/posts/${openingId}`, { body: 'x' })).statusCode).toBe(401);
    expect((await lead.patch(`/api/posts/${openingId}`, { body: 'not mine' })).statusCode).toBe(403);
    expect(
      (await (await signedIn(t, colleague.id)).patch(`/api/posts/${openingId}`, { body: 'x' })).statusCode,
    ).toBe(404);
    const noTitle = await lead.patch(`/api/posts/${reply.id}`, { body: 'x', title: 'no' });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().errors[0].path).toBe('/body/title');
    const edited = await as.patch(`/api/posts/${openingId}`, {
      body: 'New *words* <script>x</script>',
      title: 'Better title',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().data.bodyHtml).toBe('<p>New <em>words</em> &lt;script&gt;x&lt;/script&gt;</p>');
    expect(edited.json().data.editedAt).not.toBeNull();
    const page = (await lead.get(`/api/threads/${threadId}`)).json().data;
    expect(page.thread.title).toBe('Better title');
    const history = await lead.get(`/api/posts/${openingId}/revisions`);
    expect(history.statusCode).toBe(200);
    expect(history.json().data).toEqual([
      expect.objectContaining({
        title: 'How do you start a lesson?',
        bodyHtml: '<p>I would love to hear your <strong>openers</strong>.</p>',
      }),
    ]);
    expect((await agent(t).get(`/api/posts/${openingId}/revisions`)).statusCode).toBe(401);
    expect(
      (await (await signedIn(t, colleague.id)).get(`/api/posts/${openingId}/revisions`)).statusCode,
    ).toBe(404);
    expect((await lead.get(`/api/posts/${MISSING}/revisions`)).statusCode).toBe(404);
  });

  it('soft-deletes: the post keeps its place without words, its replies stay', async () => {
    const { threadId, as, lead, reply } = await threadWithReply();
    const child = (
      await as.post(`/api/threads/${threadId}/posts`, { body: 'child', parentId: reply.id })
    ).json().data;
    expect((await agent(t).delete(`/api/posts/${reply.id}`)).statusCode).toBe(401);
    expect((await as.delete(`/api/posts/${reply.id}`)).statusCode).toBe(403);
    expect((await lead.delete(`/api/posts/${MISSING}`)).statusCode).toBe(404);
    expect((await lead.delete(`/api/posts/${reply.id}`)).statusCode).toBe(204);
    const page = (await as.get(`/api/threads/${threadId}`)).json().data;
    expect(page.replies[0]).toMatchObject({ id: reply.id, deleted: true, bodyHtml: null });
    expect(page.replies[0].children[0].id).toBe(child.id);
  });
});

describe('writing beside others', () => {
  it('edits and deletes a reply while a reply to it is being saved, without waiting for it', async () => {
    const { threadId, lead, reply, member, community } = await threadWithReply();
    const saving = await t.database.pool.connect();
    const settle = (request: Promise<{ statusCode: number }>) =>
      Promise.race([
        request.then((r) => r.statusCode),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000)),
      ]);
    let edit: Promise<{ statusCode: number }> | null = null;
    try {
      await saving.query('begin');
      // A reply being saved holds key-share locks on its parent post and its thread until it commits.
      await saving.query(
        `insert into posts (id, thread_id, community_id, author_id, parent_id, is_opening, body_md, body_html)
         values ($1, $2, $3, $4, $5, false, 'x', '<p>x</p>')`,
        [uuidv7(), threadId, community.id, member.id, reply.id],
      );
      edit = lead.patch(`/api/posts/${reply.id}`, { body: 'Reworded' });
      expect(await settle(edit)).toBe(200);
      expect(await settle(lead.delete(`/api/posts/${reply.id}`))).toBe(204);
    } finally {
      await saving.query('rollback');
      saving.release();
      await edit;
    }
  });
});

describe('reactions', () => {
  it('counts helpful and tried once per person, records them, and refuses outsiders and own posts', async () => {
    const db = t.database.db;
    const { as, lead, reply, openingId, colleague } = await threadWithReply();
    expect((await agent(t).put(`/api/posts/${reply.id}/reactions/helpful`)).statusCode).toBe(401);
    expect((await as.put(`/api/posts/${reply.id}/reactions/love`)).statusCode).toBe(400);
    expect(
      (await (await signedIn(t, colleague.id)).put(`/api/posts/${reply.id}/reactions/helpful`)).statusCode,
    ).toBe(404);
    expect((await lead.put(`/api/posts/${reply.id}/reactions/helpful`)).statusCode).toBe(403);
    await as.put(`/api/posts/${reply.id}/reactions/helpful`);
    const twice = await as.put(`/api/posts/${reply.id}/reactions/helpful`);
    expect(twice.json().data).toEqual({ helpful: 1, tried: 0, mine: ['helpful'] });
    const tried = await as.put(`/api/posts/${reply.id}/reactions/tried`);
    expect(tried.json().data).toEqual({ helpful: 1, tried: 1, mine: ['helpful', 'tried'] });
    const undone = await as.delete(`/api/posts/${reply.id}/reactions/helpful`);
    expect(undone.json().data).toEqual({ helpful: 0, tried: 1, mine: ['tried'] });
    expect(
      await count(
        db,
        'statements',
        sql`verb = 'http://activitystrea.ms/schema/1.0/like' and object_id = ${reply.id}`,
      ),
    ).toBe(2);
    expect((await lead.put(`/api/posts/${openingId}/reactions/tried`)).statusCode).toBe(200);
  });
});
