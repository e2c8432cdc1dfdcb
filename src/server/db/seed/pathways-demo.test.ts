import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo’s pathways', () => {
  it('shows a teacher of the first district her ladder and opportunities, and its administrator the stipends, once', {
    timeout: 180_000,
  }, async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    const { rows } = await db.execute<{ user_id: string; district_id: string }>(
      sql`select user_id, district_id from pathway_role_holders where title = 'Teacher leader' order by user_id limit 1`,
    );
    expect(rows).toHaveLength(1);
    const teacher = await signedIn(t, rows[0].user_id);
    const page = (await teacher.get('/api/pathways')).json().data;
    const ladder = page.ladders.find((l: { title: string }) => l.title === 'Teacher leadership');
    expect(ladder.roles).toHaveLength(3);
    expect(ladder.roles[0].held).toBe(true);
    expect(ladder.nextStep).not.toBeNull();
    expect((await teacher.get('/api/opportunities')).json().data.length).toBeGreaterThanOrEqual(2);

    const { rows: admins } = await db.execute<{ id: string }>(sql`
      select user_id as id from memberships where organization_id = ${rows[0].district_id} and role = 'district_admin' limit 1`);
    const admin = await signedIn(t, admins[0].id);
    const today = new Date().toISOString().slice(0, 10);
    const csv = await admin.get(
      `/api/districts/${rows[0].district_id}/stipends.csv?from=${today.slice(0, 8)}01&to=${today}`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('STIP-TL');

    expect(await seedDemo(db)).toBeNull();
    const { rows: ladders } = await db.execute(sql`select 1 from pathway_ladders`);
    expect(ladders).toHaveLength(1);
  });
});
