import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo’s mentoring', () => {
  it('shows a new teacher her mentor of another district and their two meetings in both learning logs, and her coordinator a waiting request, once', {
    timeout: 180_000,
  }, async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    const { rows } = await db.execute<{
      id: string;
      mentee_id: string;
      mentor_id: string;
      cross: boolean;
    }>(sql`
      select m.id, m.mentee_id, m.mentor_id, m.mentee_district_id <> m.mentor_district_id as cross
        from mentorships m where exists (select 1 from mentorship_meetings mm where mm.mentorship_id = m.id)`);
    expect(rows).toHaveLength(1);
    const pair = rows[0];
    expect(pair.cross).toBe(true);

    const mentee = await signedIn(t, pair.mentee_id);
    const page = (await mentee.get(`/api/mentoring/mentorships/${pair.id}`)).json();
    expect(page.data.status).toBe('active');
    expect(page.data.meetings).toHaveLength(2);
    expect(page.data.goals).toHaveLength(2);
    for (const [person, kind] of [
      [pair.mentee_id, 'mentoring_received'],
      [pair.mentor_id, 'mentoring_given'],
    ]) {
      const { rows: entries } = await db.execute(
        sql`select 1 from learning_entries where user_id = ${person} and kind = ${kind}`,
      );
      expect(entries).toHaveLength(2);
    }

    const { rows: admins } = await db.execute<{ id: string }>(sql`
      select m.user_id as id from memberships m join users u on u.id = ${pair.mentee_id}
       where m.organization_id = u.district_id and m.role = 'district_admin' limit 1`);
    const coordinator = (await (await signedIn(t, admins[0].id)).get('/api/mentoring/coordinator')).json()
      .data;
    expect(coordinator.openRequests.length).toBeGreaterThan(0);
    expect(JSON.stringify(coordinator)).not.toContain('do-now');

    // A second start changes nothing.
    expect(await seedDemo(db)).toBeNull();
    const { rows: again } = await db.execute(sql`select 1 from mentorship_meetings`);
    expect(again).toHaveLength(2);
  });
});
