import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedCommunitiesDemo } from '#server/db/seed/communities-demo.ts';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('demo communities', () => {
  it('seeds communities with members across districts, once, visible as the policy allows', async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    expect(await seedCommunitiesDemo(db)).toBe(0);
    expect(await seedDemo(db)).toBeNull();
    const { rows } = await db.execute<{
      id: string;
      name: string;
      join_policy: string;
      member_count: number;
      active: number;
      districts: number;
      facilitators: number;
      pending: number;
    }>(sql`
      select c.id, c.name, c.join_policy, c.member_count,
             count(*) filter (where m.status = 'active')::int as active,
             count(distinct u.district_id) filter (where m.status = 'active')::int as districts,
             count(*) filter (where m.status = 'active' and m.role = 'facilitator')::int as facilitators,
             count(*) filter (where m.status in ('requested', 'invited'))::int as pending
        from communities c join community_members m on m.community_id = c.id join users u on u.id = m.user_id
       group by c.id order by c.name`);
    expect(rows.map((r) => r.name)).toEqual([
      'Cedar Hollow Fractions Lesson Study',
      'Grade 5 Math Across the Plains',
      'High Plains New Teacher Cohort',
      'Rural Science Improvement Community',
      'Willow Creek Literacy Network',
    ]);
    for (const row of rows) {
      expect(row.member_count, row.name).toBe(row.active);
      expect(row.facilitators, row.name).toBe(1);
      expect(row.active, row.name).toBeGreaterThanOrEqual(3);
    }
    const math = rows.find((r) => r.name === 'Grade 5 Math Across the Plains');
    expect(math).toMatchObject({ join_policy: 'request', pending: 1 });
    expect(math?.districts).toBeGreaterThan(2);
    const study = rows.find((r) => r.name === 'Cedar Hollow Fractions Lesson Study');
    expect(study).toMatchObject({ join_policy: 'invitation', pending: 1 });

    // A teacher of another district sees the network communities but not the invitation-only team.
    const { rows: outsider } = await db.execute<{ id: string }>(sql`
      select u.id from users u join organizations d on d.id = u.district_id
       where d.name = 'Granite Falls District'
         and not exists (select 1 from community_members m where m.user_id = u.id)
       limit 1`);
    const list = (await (await signedIn(t, outsider[0].id)).get('/api/communities?limit=50')).json();
    const names = list.data.map((c: { name: string }) => c.name);
    expect(names).toContain('Grade 5 Math Across the Plains');
    expect(names).not.toContain('Cedar Hollow Fractions Lesson Study');
    expect(names).not.toContain('Willow Creek Literacy Network');
    const { rows: threads } = await db.execute<{ n: number }>(sql`select count(*)::int as n from threads`);
    expect(threads[0].n).toBeGreaterThan(0);
  });
});
