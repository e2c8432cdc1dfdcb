import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '#server/db/client.ts';
import { setupTestApp } from '#server/test/app.ts';
import { namedQuery } from './named-query.ts';

const t = setupTestApp();

describe('named statements planned for any input', () => {
  it('runs with a generic plan and returns the connection to the pool as it found it', async () => {
    // One connection, so the statement and the checks after it share a session.
    const one = openDatabase(t.databaseUrl, 1);
    try {
      const read = (n: number) =>
        namedQuery<{ mode: string; n: number }>(
          one.db,
          'test-generic-plan',
          sql`select current_setting('plan_cache_mode') as mode, ${n}::int as n`,
          { genericPlan: true },
        );
      expect(await read(1)).toEqual([{ mode: 'force_generic_plan', n: 1 }]);
      expect(await read(2)).toEqual([{ mode: 'force_generic_plan', n: 2 }]);
      const { rows } = await one.pool.query<{ mode: string; generic: string; custom: string }>(
        `select current_setting('plan_cache_mode') as mode, generic_plans::text as generic,
                custom_plans::text as custom
           from pg_prepared_statements where name = 'trellis-test-generic-plan'`,
      );
      expect(rows).toEqual([{ mode: 'auto', generic: '2', custom: '0' }]);
    } finally {
      await one.close();
    }
  });
});
