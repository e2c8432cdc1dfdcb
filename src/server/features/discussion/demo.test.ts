import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDiscussionDemo } from '#server/db/seed/discussion-demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildCast, count } from './test-support.ts';

const t = setupTestApp();

describe('discussion demo data', () => {
  it('gives communities without threads a few conversations, once, readable through the API', async () => {
    const db = t.database.db;
    const { community, member } = await buildCast(db);
    expect(await seedDiscussionDemo(db)).toBeGreaterThan(0);
    expect(await seedDiscussionDemo(db)).toBe(0);
    const list = (
      await (await signedIn(t, member.id)).get(`/api/communities/${community.id}/threads`)
    ).json();
    expect(list.data.length).toBeGreaterThan(0);
    const page = (await (await signedIn(t, member.id)).get(`/api/threads/${list.data[0].id}`)).json().data;
    expect(page.replies.length).toBeGreaterThan(0);
    expect(await count(db, 'statements', sql`community_id = ${community.id}`)).toBeGreaterThan(1);
  });
});
