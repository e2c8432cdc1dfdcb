import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildCast, count, startThread } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

async function reportedReply() {
  const db = t.database.db;
  const cast = await buildCast(db);
  const as = await signedIn(t, cast.member.id);
  const lead = await signedIn(t, cast.facilitator.id);
  const writer = await buildUser(db, { districtId: cast.district.id });
  await db.execute(
    sql`insert into community_members (community_id, user_id, status) values (${cast.community.id}, ${writer.id}, 'active')`,
  );
  const writerAgent = await signedIn(t, writer.id);
  const { threadId } = await startThread(as, cast.community.id);
  const reply = (
    await writerAgent.post(`/api/threads/${threadId}/posts`, { body: 'Something unkind' })
  ).json().data;
  return { ...cast, as, lead, writer, writerAgent, threadId, reply };
}

describe('reporting', () => {
  it('lets a reader report a post once, and refuses outsiders, bad reasons and unknown posts', async () => {
    const { as, reply, colleague, writerAgent } = await reportedReply();
    expect((await agent(t).post(`/api/posts/${reply.id}/reports`, { reason: 'x' })).statusCode).toBe(401);
    const empty = await as.post(`/api/posts/${reply.id}/reports`, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('/body/reason');
    expect((await as.post(`/api/posts/${MISSING}/reports`, { reason: 'x' })).statusCode).toBe(404);
    expect(
      (await (await signedIn(t, colleague.id)).post(`/api/posts/${reply.id}/reports`, { reason: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await writerAgent.post(`/api/posts/${reply.id}/reports`, { reason: 'x' })).statusCode).toBe(403);
    expect((await as.post(`/api/posts/${reply.id}/reports`, { reason: 'Unkind' })).statusCode).toBe(201);
    expect((await as.post(`/api/posts/${reply.id}/reports`, { reason: 'Again' })).statusCode).toBe(409);
  });
});

describe('the queue', () => {
  it('shows facilitators open reports grouped by post, and no one else', async () => {
    const { as, lead, reply, community, member, writerAgent, threadId } = await reportedReply();
    await as.post(`/api/posts/${reply.id}/reports`, { reason: 'Unkind' });
    const other = (await writerAgent.post(`/api/threads/${threadId}/posts`, { body: 'more' })).json().data;
    await as.post(`/api/posts/${other.id}/reports`, { reason: 'Off topic' });
    await lead.post(`/api/posts/${other.id}/reports`, { reason: 'Spam' });
    expect((await agent(t).get(`/api/communities/${community.id}/reports`)).statusCode).toBe(401);
    expect((await as.get(`/api/communities/${community.id}/reports`)).statusCode).toBe(403);
    expect((await lead.get(`/api/communities/${MISSING}/reports`)).statusCode).toBe(404);
    const queue = await lead.get(`/api/communities/${community.id}/reports`);
    expect(queue.statusCode).toBe(200);
    const data = queue.json().data;
    expect(data.map((i: { post: { id: string } }) => i.post.id)).toEqual([reply.id, other.id]);
    expect(data[0]).toMatchObject({
      post: { excerpt: 'Something unkind', threadId, hidden: false },
      reports: [{ reason: 'Unkind', reporter: { id: member.id } }],
    });
    expect(data[1].reports.map((r: { reason: string }) => r.reason)).toEqual(['Off topic', 'Spam']);
  });
});

describe('hiding, restoring and dismissing', () => {
  it('hides with a reason the author sees, resolves reports, audits and notifies; restores likewise', async () => {
    const db = t.database.db;
    const { as, lead, reply, community, writer, writerAgent, threadId, colleague } = await reportedReply();
    await as.post(`/api/posts/${reply.id}/reports`, { reason: 'Unkind' });
    expect((await agent(t).post(`/api/posts/${reply.id}/hide`, { reason: 'x' })).statusCode).toBe(401);
    expect((await as.post(`/api/posts/${reply.id}/hide`, { reason: 'x' })).statusCode).toBe(403);
    expect(
      (await (await signedIn(t, colleague.id)).post(`/api/posts/${reply.id}/hide`, { reason: 'x' }))
        .statusCode,
    ).toBe(404);
    const noReason = await lead.post(`/api/posts/${reply.id}/hide`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('/body/reason');
    expect(
      (await lead.post(`/api/posts/${reply.id}/hide`, { reason: 'Please keep it kind' })).statusCode,
    ).toBe(204);
    expect((await lead.post(`/api/posts/${reply.id}/hide`, { reason: 'again' })).statusCode).toBe(409);

    const seenByOthers = (await as.get(`/api/threads/${threadId}`)).json().data.replies[0];
    expect(seenByOthers).toMatchObject({ bodyHtml: null, hidden: { reason: null } });
    const seenByAuthor = (await writerAgent.get(`/api/threads/${threadId}`)).json().data.replies[0];
    expect(seenByAuthor).toMatchObject({
      bodyHtml: '<p>Something unkind</p>',
      hidden: { reason: 'Please keep it kind' },
    });
    const seenByLead = (await lead.get(`/api/threads/${threadId}`)).json().data.replies[0];
    expect(seenByLead.bodyHtml).toBe('<p>Something unkind</p>');

    expect((await lead.get(`/api/communities/${community.id}/reports`)).json().data).toEqual([]);
    const notes = await db.execute<{ data: Record<string, string> }>(
      sql`select data from notifications where user_id = ${writer.id} and kind = 'moderation'`,
    );
    expect(notes.rows[0].data).toMatchObject({ action: 'hidden', reason: 'Please keep it kind' });
    expect(await count(db, 'audit_events', sql`action = 'post.hidden' and target_id = ${reply.id}`)).toBe(1);

    expect((await lead.post(`/api/posts/${reply.id}/restore`, { reason: 'Edited since' })).statusCode).toBe(
      204,
    );
    expect((await as.get(`/api/threads/${threadId}`)).json().data.replies[0].bodyHtml).toBe(
      '<p>Something unkind</p>',
    );
    expect(await count(db, 'audit_events', sql`action = 'post.restored' and target_id = ${reply.id}`)).toBe(
      1,
    );
    expect(await count(db, 'notifications', sql`user_id = ${writer.id} and kind = 'moderation'`)).toBe(2);
  });

  it('dismisses a report for facilitators only', async () => {
    const db = t.database.db;
    const { as, lead, reply } = await reportedReply();
    const report = (await as.post(`/api/posts/${reply.id}/reports`, { reason: 'Unkind' })).json().data;
    expect((await agent(t).post(`/api/reports/${report.id}/dismiss`)).statusCode).toBe(401);
    expect((await as.post(`/api/reports/${report.id}/dismiss`)).statusCode).toBe(404);
    expect((await lead.post(`/api/reports/${MISSING}/dismiss`)).statusCode).toBe(404);
    expect((await lead.post(`/api/reports/${report.id}/dismiss`)).statusCode).toBe(204);
    expect((await lead.post(`/api/reports/${report.id}/dismiss`)).statusCode).toBe(409);
    expect(await count(db, 'post_reports', sql`id = ${report.id} and resolution = 'dismissed'`)).toBe(1);
    expect(
      await count(db, 'audit_events', sql`action = 'report.dismissed' and target_id = ${report.id}`),
    ).toBe(1);
  });
});
