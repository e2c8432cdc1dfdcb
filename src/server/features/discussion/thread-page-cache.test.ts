import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { openDatabase } from '#server/db/client.ts';
import { type Agent, setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { ThreadResponse } from '#shared/contracts/discussion.ts';
import { buildCast, startThread } from './test-support.ts';
import { threadPageCache } from './thread-page-cache.ts';

/**
 * The thread page is remembered per instance under the thread's page version and the directory
 * version (thread-page-cache.ts). Every test reads a page first, so that it is remembered, then
 * changes something it shows and reads again: a page served from memory would fail them.
 */
const t = setupTestApp();

type PostView = {
  id: string;
  bodyHtml: string | null;
  deleted: boolean;
  hidden: { reason: string | null } | null;
  author: { name: string; roleTitle: string | null; districtName: string | null };
  reactions: { helpful: number; tried: number; mine: string[] };
};

async function page(as: Agent, threadId: string) {
  const response = await as.get(`/api/threads/${threadId}`);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  // The route sends its JSON without the serializer's check: every page read here is held to the
  // contract, no field missing, none more (parsing would drop one the contract does not name).
  const body = response.json();
  expect(ThreadResponse.parse(body)).toEqual(body);
  return body.data as { opening: PostView; replies: PostView[] };
}
const replyOf = (data: { replies: PostView[] }, id: string) => {
  const found = data.replies.find((r) => r.id === id);
  if (!found) throw new Error(`reply ${id} is not on the page`);
  return found;
};

async function threadWithReplies(context: TestContext = t) {
  const db = context.database.db;
  const cast = await buildCast(db);
  const reader = await buildUser(db, { districtId: cast.district.id });
  await db.execute(
    sql`insert into community_members (community_id, user_id, status) values (${cast.community.id}, ${reader.id}, 'active')`,
  );
  const member = await signedIn(context, cast.member.id);
  const lead = await signedIn(context, cast.facilitator.id);
  const readerAgent = await signedIn(context, reader.id);
  const { threadId } = await startThread(lead, cast.community.id);
  const first = (await member.post(`/api/threads/${threadId}/posts`, { body: 'First reply' })).json().data;
  const second = (await lead.post(`/api/threads/${threadId}/posts`, { body: 'Second reply' })).json().data;
  return { ...cast, readerId: reader.id, member, lead, reader: readerAgent, threadId, first, second };
}

describe('the thread page, remembered', () => {
  it('takes a hidden reply off every reader’s page at once, and puts a restored one back', async () => {
    const { member, lead, reader, threadId, first } = await threadWithReplies();
    expect(replyOf(await page(reader, threadId), first.id).bodyHtml).toContain('First reply');
    expect(replyOf(await page(reader, threadId), first.id).bodyHtml).toContain('First reply');
    await page(member, threadId);

    expect((await lead.post(`/api/posts/${first.id}/hide`, { reason: 'Off topic' })).statusCode).toBe(204);
    const seen = replyOf(await page(reader, threadId), first.id);
    expect(seen.bodyHtml).toBeNull();
    expect(seen.hidden).toEqual({ reason: null });
    // Its author and facilitators still see its words, with the reason.
    const own = replyOf(await page(member, threadId), first.id);
    expect(own.bodyHtml).toContain('First reply');
    expect(own.hidden).toEqual({ reason: 'Off topic' });

    expect((await lead.post(`/api/posts/${first.id}/restore`, { reason: 'Fine' })).statusCode).toBe(204);
    const back = replyOf(await page(reader, threadId), first.id);
    expect(back.bodyHtml).toContain('First reply');
    expect(back.hidden).toBeNull();
  });

  it('shows an edit, a deletion, a new reply and reaction counts at once, and each viewer’s own reactions to them alone', async () => {
    const { member, lead, reader, threadId, first, second } = await threadWithReplies();
    await page(reader, threadId);
    await page(lead, threadId);

    expect((await member.patch(`/api/posts/${first.id}`, { body: 'First reply, edited' })).statusCode).toBe(
      200,
    );
    expect(replyOf(await page(reader, threadId), first.id).bodyHtml).toContain('First reply, edited');

    expect((await lead.put(`/api/posts/${first.id}/reactions/helpful`)).statusCode).toBe(200);
    const forReader = replyOf(await page(reader, threadId), first.id);
    expect(forReader.reactions).toEqual({ helpful: 1, tried: 0, mine: [] });
    expect(replyOf(await page(lead, threadId), first.id).reactions).toEqual({
      helpful: 1,
      tried: 0,
      mine: ['helpful'],
    });
    // The same remembered page, read again by the reader: still not the lead's reaction.
    expect(replyOf(await page(reader, threadId), first.id).reactions.mine).toEqual([]);
    expect((await reader.put(`/api/posts/${first.id}/reactions/tried`)).statusCode).toBe(200);
    expect(replyOf(await page(reader, threadId), first.id).reactions).toEqual({
      helpful: 1,
      tried: 1,
      mine: ['tried'],
    });
    expect(replyOf(await page(lead, threadId), first.id).reactions.mine).toEqual(['helpful']);

    const third = (await member.post(`/api/threads/${threadId}/posts`, { body: 'Third reply' })).json().data;
    expect(replyOf(await page(reader, threadId), third.id).bodyHtml).toContain('Third reply');

    expect((await lead.delete(`/api/posts/${second.id}`)).statusCode).toBe(204);
    const gone = replyOf(await page(reader, threadId), second.id);
    expect(gone.deleted).toBe(true);
    expect(gone.bodyHtml).toBeNull();
  });

  it('shows an author’s new name, role and district name at once, however they were changed', async () => {
    const db = t.database.db;
    const cast = await threadWithReplies();
    const { reader, threadId, first, district } = cast;
    const memberAgent = cast.member;
    const member = { id: first.author.id as string };
    const before = replyOf(await page(reader, threadId), first.id).author;
    expect(before.name).not.toBe('Renamed Teacher');
    await page(memberAgent, threadId);
    const memberId = member.id;

    await db.execute(sql`update users set name = 'Renamed Teacher' where id = ${memberId}`);
    expect(replyOf(await page(reader, threadId), first.id).author.name).toBe('Renamed Teacher');

    await db.execute(sql`update profiles set role_title = 'Math coach' where user_id = ${memberId}`);
    expect(replyOf(await page(reader, threadId), first.id).author.roleTitle).toBe('Math coach');

    await db.execute(sql`update organizations set name = 'Renamed District' where id = ${district.id}`);
    expect(replyOf(await page(reader, threadId), first.id).author.districtName).toBe('Renamed District');
  });

  it('writes each post as each viewer’s standing sees it: facilitator, member, own posts, a locked thread, the insight', async () => {
    const { member, lead, reader, threadId, first, second } = await threadWithReplies();
    const viewers = { member, lead, reader };
    /** Every viewer's page from memory is the page read afresh, byte for byte. */
    const same = async () => {
      for (const [name, as] of Object.entries(viewers)) {
        const remembered = (await as.get(`/api/threads/${threadId}`)).body;
        threadPageCache(t.database.db).clear();
        const fresh = (await as.get(`/api/threads/${threadId}`)).body;
        expect(remembered, name).toBe(fresh);
        // Once more from memory, now that another viewer's texts are remembered too.
        for (const other of Object.values(viewers)) await page(other, threadId);
        expect((await as.get(`/api/threads/${threadId}`)).body, name).toBe(fresh);
      }
    };
    await same();
    const abilities = async (as: Agent, id: string) =>
      (replyOf(await page(as, threadId), id) as PostView & { abilities: Record<string, boolean> }).abilities;
    expect(await abilities(lead, first.id)).toMatchObject({ moderate: true, react: true, reply: true });
    expect(await abilities(reader, first.id)).toMatchObject({ moderate: false, react: true, reply: true });
    expect(await abilities(member, first.id)).toMatchObject({ edit: true, react: false });

    expect((await lead.patch(`/api/threads/${threadId}`, { locked: true })).statusCode).toBe(200);
    expect(await abilities(reader, second.id)).toMatchObject({ reply: false, react: true });
    expect(await abilities(member, first.id)).toMatchObject({ edit: false, delete: true });
    await same();

    expect((await lead.put(`/api/threads/${threadId}/insight`, { postId: second.id })).statusCode).toBe(200);
    const insight = replyOf(await page(reader, threadId), second.id) as PostView & { isInsight: boolean };
    expect(insight.isInsight).toBe(true);
    await same();
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
      const { lead, member, threadId, first, readerId } = await threadWithReplies();
      const elsewhere = await signedIn(second, readerId);
      expect(replyOf(await page(elsewhere, threadId), first.id).bodyHtml).toContain('First reply');

      expect((await member.patch(`/api/posts/${first.id}`, { body: 'Kinder words' })).statusCode).toBe(200);
      expect(replyOf(await page(elsewhere, threadId), first.id).bodyHtml).toContain('Kinder words');

      expect((await lead.post(`/api/posts/${first.id}/hide`, { reason: 'Unkind' })).statusCode).toBe(204);
      const hidden = replyOf(await page(elsewhere, threadId), first.id);
      expect(hidden.bodyHtml).toBeNull();
      expect(hidden.hidden).toEqual({ reason: null });
    });
  });
});
