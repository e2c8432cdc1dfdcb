import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp } from '#server/test/app.ts';
import { seedLrsDemo } from './lrs-demo.ts';

const t = setupTestApp();

describe('the demo district’s learning record store', () => {
  it('holds an LMS client’s statements on first start, some of people Trellis does not know yet, once', async () => {
    const db = t.database.db;
    await seedDemo(db, t.app.storage, t.app.credentialIssuer);
    const counts = async () =>
      (
        await db.execute<{ statements: number; unmatched: number; matched: number; keys: number }>(sql`
          select count(*)::int as statements,
                 count(*) filter (where s.actor_id is null)::int as unmatched,
                 count(*) filter (where s.actor_id is not null)::int as matched,
                 (select count(*)::int from lrs_statement_keys k where k.client_id = c.id) as keys
            from api_clients c join statements s on s.client_id = c.id
           where c.name = 'Cedar Hollow LMS (sample)' group by c.id`)
      ).rows[0];
    const first = await counts();
    expect(first.statements).toBe(8);
    expect(first.unmatched).toBe(2);
    expect(first.matched).toBe(6);
    expect(first.keys).toBeGreaterThan(first.statements * 4);
    const { rows } = await db.execute<{ district: string }>(
      sql`select d.name as district from api_clients c join organizations d on d.id = c.district_id where c.name = 'Cedar Hollow LMS (sample)'`,
    );
    await seedLrsDemo(db, rows[0].district);
    expect(await counts()).toEqual(first);
  });
});
