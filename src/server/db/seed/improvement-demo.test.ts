import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { seedImprovementDemo } from './improvement-demo.ts';

const t = setupTestApp();

describe('the demo network’s improvement community', () => {
  it('has an aim, a driver diagram, measures, two schools’ run charts with a shift, and a ramp of PDSA cycles, once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db)).not.toBeNull();
    const { rows } = await db.execute<{ community_id: string; user_id: string }>(sql`
      select m.community_id, m.user_id from community_members m join communities c on c.id = m.community_id
       where c.kind = 'improvement_community' and m.role = 'facilitator' and m.status = 'active' limit 1`);
    const facilitator = await signedIn(t, rows[0].user_id);
    const page = (await facilitator.get(`/api/communities/${rows[0].community_id}/improvement`)).json().data;
    expect(page.aim.what).toBe('Students plan their own science investigations');
    expect(page.drivers).toHaveLength(2);
    expect(page.measures.map((m: { kind: string }) => m.kind)).toEqual(['outcome', 'process', 'balancing']);

    const charts = (await facilitator.get(`/api/improvement/measures/${page.measures[0].id}/charts`)).json()
      .data.charts;
    const withData = charts.filter((c: { values: unknown[] }) => c.values.length > 0);
    expect(withData).toHaveLength(2);
    const signals = withData.map((c: { signal: boolean }) => c.signal).sort();
    expect(signals).toEqual([false, true]);
    const shifted = withData.find((c: { signal: boolean }) => c.signal);
    expect(shifted.segments[0].rules.unusuallyLongRun).toBe(true);
    expect(shifted.annotations).toHaveLength(2);

    const { rows: cycles } = await db.execute<{ id: string; previous_cycle_id: string | null }>(
      sql`select id, previous_cycle_id from inquiry_cycles where kind = 'pdsa' order by created_at`,
    );
    expect(cycles[1].previous_cycle_id).toBe(cycles[0].id);
    const pdsa = (await facilitator.get(`/api/inquiry/cycles/${cycles[0].id}/pdsa`)).json().data;
    expect(pdsa.pdsa.decision).toBe('adapt');
    expect(pdsa.ramp).toHaveLength(2);

    // The other school's adopted change idea is found in search by the community's readers.
    const found = (await facilitator.get('/api/search?q=notice%20wonder&kind=change_idea')).json().data;
    expect(found.changeIdeas.items.map((i: { label: string }) => i.label)).toEqual([
      'Notice-and-wonder openers',
    ]);

    expect(await seedImprovementDemo(db)).toBe(false);
  });
});
