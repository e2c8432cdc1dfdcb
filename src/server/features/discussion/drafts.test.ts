import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildCast, count, startThread } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

async function castWithThread() {
  const cast = await buildCast(t.database.db);
  const as = await signedIn(t, cast.member.id);
  const lead = await signedIn(t, cast.facilitator.id);
  const { threadId } = await startThread(lead, cast.community.id);
  return { ...cast, as, lead, threadId };
}

describe('drafts', () => {
  it('keeps a reply draft on the server for its writer, continued from another session', async () => {
    const { as, threadId, member } = await castWithThread();
    expect((await as.get(`/api/drafts/thread/${threadId}`)).json()).toEqual({ data: null });
    const first = await as.put(`/api/drafts/thread/${threadId}`, { body: 'Half a thought', baseVersion: 0 });
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toMatchObject({
      kind: 'thread',
      targetId: threadId,
      body: 'Half a thought',
      version: 1,
    });
    // The same person on another device (another session) finds it and continues.
    const phone = await signedIn(t, member.id);
    const found = (await phone.get(`/api/drafts/thread/${threadId}`)).json().data;
    expect(found).toMatchObject({ body: 'Half a thought', version: 1 });
    const second = await phone.put(`/api/drafts/thread/${threadId}`, {
      body: 'Half a thought, finished',
      baseVersion: 1,
    });
    expect(second.json().data.version).toBe(2);
  });

  it('tells the later of two devices and shows it the other text, overwriting nothing', async () => {
    const { as, threadId, member } = await castWithThread();
    const laptop = as;
    const phone = await signedIn(t, member.id);
    await laptop.put(`/api/drafts/thread/${threadId}`, { body: 'v1', baseVersion: 0 });
    expect(
      (await phone.put(`/api/drafts/thread/${threadId}`, { body: 'from the phone', baseVersion: 1 }))
        .statusCode,
    ).toBe(200);
    const stale = await laptop.put(`/api/drafts/thread/${threadId}`, {
      body: 'from the laptop',
      baseVersion: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({
      code: 'draft_conflict',
      errors: [{ path: '/body/baseVersion' }],
      current: { body: 'from the phone', version: 2 },
    });
    // A new draft over one that exists is a conflict too.
    const fresh = await laptop.put(`/api/drafts/thread/${threadId}`, { body: 'again', baseVersion: 0 });
    expect(fresh.statusCode).toBe(409);
    expect((await phone.get(`/api/drafts/thread/${threadId}`)).json().data.body).toBe('from the phone');
    // Keeping one's own text is a save over the version now shown.
    const kept = await laptop.put(`/api/drafts/thread/${threadId}`, {
      body: 'from the laptop',
      baseVersion: 2,
    });
    expect(kept.json().data).toMatchObject({ body: 'from the laptop', version: 3 });
  });

  it('discards a sent draft only at the version sent, and says when it was sent elsewhere', async () => {
    const { as, threadId } = await castWithThread();
    await as.put(`/api/drafts/thread/${threadId}`, { body: 'v1', baseVersion: 0 });
    await as.put(`/api/drafts/thread/${threadId}`, { body: 'v2', baseVersion: 1 });
    const old = await as.delete(`/api/drafts/thread/${threadId}?version=1`);
    expect(old.statusCode).toBe(409);
    expect(old.json().current.body).toBe('v2');
    expect((await as.delete(`/api/drafts/thread/${threadId}?version=2`)).statusCode).toBe(204);
    const gone = await as.put(`/api/drafts/thread/${threadId}`, { body: 'late', baseVersion: 2 });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().current).toBeNull();
  });

  it('keeps a new thread draft per community with its title and type', async () => {
    const { as, community } = await castWithThread();
    const saved = await as.put(`/api/drafts/community/${community.id}`, {
      body: '',
      title: 'Exit tickets',
      threadType: 'practice',
      baseVersion: 0,
    });
    expect(saved.statusCode).toBe(200);
    expect((await as.get(`/api/drafts/community/${community.id}`)).json().data).toMatchObject({
      title: 'Exit tickets',
      threadType: 'practice',
      body: '',
    });
  });

  it('never shows a draft to anyone else, and refuses places the writer may not post in', async () => {
    const { as, threadId, colleague, stranger, lead, community } = await castWithThread();
    await as.put(`/api/drafts/thread/${threadId}`, { body: 'private words', baseVersion: 0 });
    expect((await lead.get(`/api/drafts/thread/${threadId}`)).json().data).toBeNull();
    // Not readable (a by-request community): 404, whether or not a draft exists.
    for (const who of [colleague, stranger]) {
      const other = await signedIn(t, who.id);
      expect((await other.get(`/api/drafts/thread/${threadId}`)).statusCode).toBe(404);
      expect(
        (await other.put(`/api/drafts/thread/${threadId}`, { body: 'x', baseVersion: 0 })).statusCode,
      ).toBe(404);
      expect((await other.get(`/api/drafts/community/${community.id}`)).statusCode).toBe(404);
    }
    expect((await agent(t).get(`/api/drafts/thread/${threadId}`)).statusCode).toBe(401);
    expect((await as.get(`/api/drafts/thread/${MISSING}`)).statusCode).toBe(404);
  });

  it('gives 404 once the writer has lost access to the thread', async () => {
    const db = t.database.db;
    const { as, threadId, member, community } = await castWithThread();
    await as.put(`/api/drafts/thread/${threadId}`, { body: 'mine', baseVersion: 0 });
    await db.execute(
      sql`update community_members set status = 'removed' where user_id = ${member.id} and community_id = ${community.id}`,
    );
    expect((await as.get(`/api/drafts/thread/${threadId}`)).statusCode).toBe(404);
  });

  it('names bad fields and changes nothing', async () => {
    const db = t.database.db;
    const { as, threadId, member } = await castWithThread();
    const cases: Array<[string, unknown, string]> = [
      [`/api/drafts/thread/${threadId}`, { body: 'x' }, '/body/baseVersion'],
      [`/api/drafts/thread/${threadId}`, { body: 'x', baseVersion: -1 }, '/body/baseVersion'],
      [`/api/drafts/thread/${threadId}`, { body: 'x'.repeat(20_001), baseVersion: 0 }, '/body/body'],
      [`/api/drafts/thread/${threadId}`, { body: 'x', baseVersion: 0, extra: 1 }, '/body'],
      [`/api/drafts/post/${threadId}`, { body: 'x', baseVersion: 0 }, '/params/kind'],
      [`/api/drafts/thread/nope`, { body: 'x', baseVersion: 0 }, '/params/id'],
    ];
    for (const [url, payload, path] of cases) {
      const response = await as.put(url, payload);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(
        response
          .json()
          .errors.map((e: { path: string }) => e.path)
          .join(' '),
      ).toContain(path);
    }
    expect((await as.delete(`/api/drafts/thread/${threadId}?version=0`)).statusCode).toBe(400);
    expect(await count(db, 'discussion_drafts', sql`user_id = ${member.id}`)).toBe(0);
  });
});

describe('the composer preview', () => {
  it('renders with the server renderer and sanitizer, for signed-in people only', async () => {
    const { as, facilitator } = await castWithThread();
    const response = await as.post('/api/markdown/preview', {
      body: `**Bold** @[Lead](/people/${facilitator.id}) <script>alert(1)</script>`,
    });
    expect(response.statusCode).toBe(200);
    const html: string = response.json().data.html;
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).toContain(`<a href="/people/${facilitator.id}" class="mention">@Lead</a>`);
    expect(html).not.toContain('<script');
    expect((await agent(t).post('/api/markdown/preview', { body: 'x' })).statusCode).toBe(401);
    const bad = await as.post('/api/markdown/preview', { body: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/body');
  });
});
