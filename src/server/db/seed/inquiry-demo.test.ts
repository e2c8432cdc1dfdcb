import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { seedInquiryDemo } from './inquiry-demo.ts';

const t = setupTestApp();

describe('the demo network’s lesson study', () => {
  it('is in its Reflect phase with its study, reading, roles and the teacher’s first words, once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    const { rows } = await db.execute<{ id: string; facilitator_id: string }>(
      sql`select id, facilitator_id from inquiry_cycles where kind = 'lesson_study'`,
    );
    expect(rows).toHaveLength(1);
    const facilitator = await signedIn(t, rows[0].facilitator_id);
    const cycle = (await facilitator.get(`/api/inquiry/cycles/${rows[0].id}`)).json().data;
    expect(cycle).toMatchObject({ currentPhase: 'reflect', status: 'active' });
    expect(cycle.members.length).toBeGreaterThanOrEqual(2);
    const study = (await facilitator.get(`/api/inquiry/cycles/${rows[0].id}/study`)).json().data;
    expect(study.theme).toContain('number line');
    expect(study.readings).toHaveLength(2);
    const reflection = (await facilitator.get(`/api/inquiry/cycles/${rows[0].id}/reflection`)).json().data;
    expect(reflection.remarks.map((r: { role: string }) => r.role)).toEqual(['teacher']);
    expect((await facilitator.get('/api/inquiry/due')).json().data[0]).toMatchObject({ phase: 'reflect' });

    await seedInquiryDemo(db);
    const again = await db.execute(
      sql`select count(*)::int as n from inquiry_cycles where kind = 'lesson_study'`,
    );
    expect(again.rows[0].n).toBe(1);
  });
});
