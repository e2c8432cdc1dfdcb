import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { users } from '#server/db/schema.ts';
import { statementOf } from './named-query.ts';

const dialect = new PgDialect();
let n = 0;
const fresh = () => `named-query-test-${n++}`;

/** A statement of the shapes Trellis's named reads use, with the given values. */
const shaped = (a: { id: string; limit: number; ids: string[]; at: Date | null; flag: boolean }) =>
  sql`select ${sql`x.id, ${a.flag}::boolean as flag`} from t x
       where x.id = ${a.id} and x.id = any(${sql.param(a.ids)}::uuid[])
         and (${a.at}::timestamptz is null or x.at > ${a.at}) ${sql``}
       limit ${a.limit + 1}`;

describe('named statements', () => {
  it("gives Drizzle's own text and values, built once per name and walked for values afterwards", () => {
    const name = fresh();
    const inputs = [
      { id: 'a', limit: 20, ids: ['p', 'q'], at: null, flag: true },
      { id: 'b', limit: 50, ids: [], at: new Date('2026-01-02T03:04:05Z'), flag: false },
      { id: 'c', limit: 0, ids: ['r'], at: new Date(0), flag: true },
    ];
    for (const input of inputs) {
      const query = shaped(input);
      const built = dialect.sqlToQuery(query);
      expect(statementOf(name, query)).toEqual({ text: built.sql, values: built.params });
    }
  });

  it('builds in full what it cannot walk: columns, lists spread from arrays', () => {
    const name = fresh();
    const withColumn = (id: string): SQL => sql`select ${users.name} from users where ${users.id} = ${id}`;
    for (const id of ['x', 'y']) {
      const built = dialect.sqlToQuery(withColumn(id));
      expect(statementOf(name, withColumn(id))).toEqual({ text: built.sql, values: built.params });
    }
    const spread = fresh();
    const list = (ids: string[]): SQL => sql`select 1 where id in ${ids}`;
    for (const ids of [
      ['a', 'b'],
      ['c', 'd'],
    ]) {
      const built = dialect.sqlToQuery(list(ids));
      expect(statementOf(spread, list(ids))).toEqual({ text: built.sql, values: built.params });
    }
  });

  it('refuses, under test, a name whose text changed (PostgreSQL would refuse it too)', () => {
    const name = fresh();
    statementOf(name, sql`select ${1}`);
    expect(() => statementOf(name, sql`select ${1} + 1`)).toThrow(/differs/);
  });
});
