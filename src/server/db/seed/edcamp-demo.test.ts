import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import type { EdcampBoard } from '#shared/contracts/edcamp.ts';
import { seedEdcampDemo } from './edcamp-demo.ts';

const t = setupTestApp();

describe('the demo’s edcamp', () => {
  it('opens a board on the district’s edcamp with proposals and votes a teacher sees, once', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db, { name: 'Demo Edcamp District' });
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const teachers = [];
    for (let i = 0; i < 10; i++) teachers.push(await buildUser(db, { districtId: district.id }));
    await seedEdcampDemo(db, 'Demo Edcamp District');

    const { rows } = await db.execute<{ event_id: string }>(sql`select event_id from edcamp_boards`);
    expect(rows).toHaveLength(1);
    const teacher = await signedIn(t, teachers[3].id);
    const res = await teacher.get(`/api/events/${rows[0].event_id}/edcamp`);
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json().data as EdcampBoard;
    expect(board.rooms).toHaveLength(3);
    expect(board.slots).toHaveLength(3);
    expect(board.sessions).toHaveLength(8);
    expect(board.sessions.reduce((n, s) => n + s.votes, 0)).toBeGreaterThan(15);
    expect(
      board.sessions.some((s) => s.proposerName.includes('guest') || s.proposerName.includes('Sam')),
    ).toBe(true);
    const organizer = await signedIn(t, admin.id);
    const proposal = await organizer.get(`/api/edcamp/boards/${board.id}/proposed-schedule`);
    expect(proposal.json().data.placements).toHaveLength(8);

    await seedEdcampDemo(db, 'Demo Edcamp District');
    expect((await db.execute(sql`select 1 from edcamp_sessions`)).rows).toHaveLength(8);
  });
});
