import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo network’s direct messages', () => {
  it('give a demo teacher a mentoring conversation across districts with unread messages, and a group, once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    const { rows } = await db.execute<{ user_id: string }>(sql`
      select cp.user_id from conversation_participants cp join conversations c on c.id = cp.conversation_id
       where c.created_by = cp.user_id order by cp.user_id limit 1`);
    const teacher = await signedIn(t, rows[0].user_id);
    const inbox = (await teacher.get('/api/conversations')).json().data;
    expect(inbox).toHaveLength(2);
    expect(inbox.map((c: { people: unknown[] }) => c.people.length).sort()).toEqual([1, 2]);
    const mentoring = inbox.find((c: { people: unknown[] }) => c.people.length === 1);
    expect(mentoring.unreadCount).toBe(2);
    expect((await teacher.get('/api/messages/unread')).json().data.count).toBeGreaterThanOrEqual(1);
    const messages = (await teacher.get(`/api/conversations/${mentoring.id}/messages`)).json().data;
    expect(messages).toHaveLength(5);
    expect(messages.at(-1).html).toContain('<strong>number talks</strong>');
    expect((await teacher.get(`/api/conversations/${mentoring.id}`)).json().abilities.send).toBe(true);
    expect(await seedDemo(db)).toBeNull();
    const { rows: count } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from conversations`,
    );
    expect(count[0].n).toBe(4);
  });
});
