import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '#server/db/client.ts';
import { setupTestApp } from '#server/test/app.ts';
import { runNamed } from './named-query.ts';

const t = setupTestApp();

describe('named statements run through the pool', () => {
  // One connection: what it prepared is what the next query on the pool sees.
  let single: Database;
  beforeAll(() => {
    single = openDatabase(t.databaseUrl, 1);
  });
  afterAll(() => single.close());

  const text = `select $1::text as word, $2::int as n, cardinality($3::uuid[]) as ids, $4::text is null as none`;
  const values = [
    'a"b\\c',
    7,
    ['0190f0c0-0000-7000-8000-000000000001', '0190f0c0-0000-7000-8000-000000000002'],
    null,
  ];

  it('answers as pg does for the same name, text and values, prepared under the name', async () => {
    const named = await runNamed(single.pool, 'run-named-test', text, values);
    const plain = await single.pool.query({ name: 'run-named-test', text, values });
    expect(named.rows).toEqual([{ word: 'a"b\\c', n: 7, ids: 2, none: true }]);
    expect(named.rows).toEqual(plain.rows);
    expect(named.fields.map((f) => f.name)).toEqual(plain.fields.map((f) => f.name));
    expect(named.rowCount).toBe(1);
    const { rows } = await single.pool.query<{ statement: string }>(
      `select statement from pg_prepared_statements where name = 'run-named-test'`,
    );
    expect(rows).toEqual([{ statement: text }]);
  });

  it('rejects with the database error, its stack leading back to the caller, and frees the connection', async () => {
    async function readsTheMissingTable() {
      return await runNamed(
        single.pool,
        'run-named-missing',
        'select * from no_such_table where id = $1',
        [1],
      );
    }
    const error = await readsTheMissingTable().catch((e: unknown) => e as Error & { code?: string });
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe('42P01');
    expect((error as Error).stack).toContain('readsTheMissingTable');
    // The pool's one connection was given back: the next query runs.
    const { rows } = await runNamed(single.pool, 'run-named-after', 'select $1::int + 1 as n', [1]);
    expect(rows).toEqual([{ n: 2 }]);
  });
});
