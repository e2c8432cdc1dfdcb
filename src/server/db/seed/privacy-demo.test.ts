import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo district’s data and privacy', () => {
  it('shows its administrator one request to be erased, waiting, once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    const { rows } = await db.execute<{ admin: string }>(sql`
      select m.user_id as admin from erasure_requests r
        join memberships m on m.organization_id = r.district_id and m.role = 'district_admin'`);
    expect(rows).toHaveLength(1);
    const admin = await signedIn(t, rows[0].admin);
    const requests = (await admin.get('/api/district/erasure-requests')).json().data;
    expect(requests).toEqual([
      expect.objectContaining({ status: 'pending', note: expect.stringContaining('retire') }),
    ]);
    expect((await admin.get('/api/data-protection')).json().data.source.subprocessors).toBe('None.');
    // A second start changes nothing.
    expect(await seedDemo(db)).toBeNull();
    const { rows: again } = await db.execute(sql`select 1 from erasure_requests`);
    expect(again).toHaveLength(1);
  });
});
