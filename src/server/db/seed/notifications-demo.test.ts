import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { seedDemo } from './demo.ts';

const t = setupTestApp();

describe('notifications demo', () => {
  it('gives the demo district’s first teacher notification settings to look at', async () => {
    await seedDemo(t.database.db);
    const { rows } = await t.database.db.execute<{ user_id: string }>(
      sql`select distinct user_id from notification_preferences`,
    );
    expect(rows).toHaveLength(1);
    const settings = (await (await signedIn(t, rows[0].user_id)).get('/api/notification-settings')).json()
      .data;
    expect(settings).toMatchObject({ digest: 'weekly', quietHours: { start: '21:00', end: '07:00' } });
    expect(settings.kinds.find((k: { kind: string }) => k.kind === 'reply').delivery).toBe('email');
    expect(settings.communities).toHaveLength(1);
  });
});
