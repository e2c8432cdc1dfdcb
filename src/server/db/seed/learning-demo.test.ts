import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo district’s learning logs', () => {
  it('show all three sources on first start, a merged activity counted once, and are written once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db, t.app.storage, t.app.credentialIssuer)).not.toBeNull();
    const { rows } = await db.execute<{ user_id: string }>(sql`
      select user_id from learning_entries where source = 'xapi' group by user_id order by user_id limit 1`);
    expect(rows).toHaveLength(1);
    const teacher = await signedIn(t, rows[0].user_id);
    const log = (await teacher.get('/api/learning/entries?limit=100')).json().data as Array<{
      source: string;
      title: string;
      merged: unknown[];
      status: string;
      provider: string;
      durationMinutes: number | null;
    }>;
    const sources = new Set(log.map((e) => e.source));
    expect(sources.has('self')).toBe(true);
    expect(sources.has('xapi')).toBe(true);
    expect(log.some((e) => e.title.includes('Twitter') || e.title.includes('#ELAchat'))).toBe(true);
    expect(log.some((e) => e.status === 'draft')).toBe(true);
    expect(log.find((e) => e.title.includes('webinar'))?.merged).toHaveLength(1);
    expect(log.some((e) => e.title === 'Feedback webinar')).toBe(false);
    // What the tools reported is stored in the LRS as xAPI statements, and logged from there.
    expect(log.find((e) => e.title === 'Formative Assessment 101')).toMatchObject({
      provider: 'PD course catalog (sample)',
      durationMinutes: 180,
    });
    const { rows: stored } = await db.execute(sql`
      select 1 from statements s join learning_entries e on e.statement_id = s.xapi_id
       where e.user_id = ${rows[0].user_id} and e.source = 'xapi'`);
    expect(stored).toHaveLength(2);
    // Trellis recorded the demo's own activity too (resources tried and reviewed, credentials earned).
    const { rows: recorded } = await db.execute(sql`select 1 from learning_entries where source = 'trellis'`);
    expect(recorded.length).toBeGreaterThan(0);
    const totals = (await teacher.get('/api/learning/totals')).json().data;
    expect(totals.totalMinutes).toBeGreaterThan(0);
    // A second start writes nothing more.
    const count = async () =>
      (await db.execute<{ n: number }>(sql`select count(*)::int as n from learning_entries`)).rows[0].n;
    const before = await count();
    expect(await seedDemo(db, t.app.storage, t.app.credentialIssuer)).toBeNull();
    expect(await count()).toBe(before);
  });
});
