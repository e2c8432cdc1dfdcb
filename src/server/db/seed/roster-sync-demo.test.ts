import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo district’s roster sync', () => {
  it('shows a sample source that is honestly not syncing and cannot be previewed without a secret', async () => {
    const db = t.database.db;
    await seedDemo(db);
    const { rows } = await db.execute<{ admin: string }>(sql`
      select m.user_id as admin from roster_sources s
        join memberships m on m.organization_id = s.district_id and m.role = 'district_admin' limit 1`);
    expect(rows).toHaveLength(1);
    const admin = await signedIn(t, rows[0].admin);
    const source = (await admin.get('/api/roster-sync/source')).json();
    expect(source.data).toMatchObject({ hasClientSecret: false, syncingSince: null });
    expect(source.abilities).toEqual({ preview: false, sync: false });
    const preview = await admin.post('/api/roster-sync/runs', { kind: 'preview' });
    expect(preview.statusCode).toBe(409);
    expect((await admin.get('/api/roster-sync/runs')).json().data).toEqual([]);
    // A second start adds nothing.
    await seedDemo(db);
    const { rows: sources } = await db.execute(sql`select 1 from roster_sources`);
    expect(sources).toHaveLength(1);
  });
});
