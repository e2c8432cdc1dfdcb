import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo rollout', () => {
  it('shows a rollout under way: sign-ins falling from the first district, a launch date, once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    const read = async () =>
      (
        await db.execute<{ name: string; staff: number; signed_in: number; dormant: number }>(sql`
          select d.name, count(*)::int as staff,
                 count(u.last_signed_in_at)::int as signed_in,
                 count(*) filter (where u.last_signed_in_at < now() - interval '30 days')::int as dormant
            from users u join organizations d on d.id = u.district_id
           group by d.name order by signed_in desc`)
      ).rows;
    const before = await read();
    expect(before[0].signed_in).toBeGreaterThan(before[before.length - 1].signed_in);
    expect(before.every((d) => d.signed_in < d.staff)).toBe(true);
    expect(before.some((d) => d.dormant > 0)).toBe(true);

    const { rows } = await db.execute<{ id: string; mode: string; district_id: string }>(
      sql`select u.id, w.mode, w.district_id from welcome_settings w
            join memberships m on m.organization_id = w.district_id and m.role = 'district_admin'
            join users u on u.id = m.user_id limit 1`,
    );
    expect(rows[0].mode).toBe('launch');
    const admin = await signedIn(t, rows[0].id);
    const settings = (await admin.get('/api/staff/welcome')).json().data;
    expect(settings).toMatchObject({ mode: 'launch', singleSignOn: expect.any(Boolean) });
    expect(settings.notSignedIn).toBeGreaterThan(0);

    // A second start changes nothing.
    expect(await seedDemo(db)).toBeNull();
    expect(await read()).toEqual(before);
  });
});
