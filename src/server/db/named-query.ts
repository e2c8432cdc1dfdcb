import { createHash } from 'node:crypto';
import { Param, Placeholder, SQL, StringChunk } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from './client.ts';

const dialect = new PgDialect();

/** The text of each named statement, built by Drizzle the first time the name is run. */
const texts = new Map<string, { text: string; params: number }>();

/**
 * The values of a statement's parameters in the order Drizzle numbers them, for the chunks every
 * named statement is made of (text, nested `sql`, parameters and plain values); `null` for anything
 * else (columns, tables, arrays spread into lists, placeholders), which Drizzle then builds in full.
 * Walking the chunks for values alone costs a small part of building the text again: for the
 * resource page, building it took more Node time than reading and sending the page.
 */
function paramValues(chunks: readonly unknown[], out: unknown[]): boolean {
  for (const chunk of chunks) {
    if (chunk instanceof StringChunk || chunk === undefined) continue;
    if (chunk instanceof SQL) {
      // `sql.raw`-like inlining (private in Drizzle's types) writes values into the text: build in full.
      if ((chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams) return false;
      if (!paramValues(chunk.queryChunks, out)) return false;
    } else if (chunk instanceof Param) {
      if (chunk.value instanceof Placeholder) return false;
      const value = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
      if (value instanceof SQL) {
        if (!paramValues([value], out)) return false;
      } else out.push(value);
    } else if (
      chunk === null ||
      typeof chunk === 'string' ||
      typeof chunk === 'number' ||
      typeof chunk === 'boolean' ||
      typeof chunk === 'bigint' ||
      chunk instanceof Date
    )
      out.push(chunk);
    else return false;
  }
  return true;
}

function sameValues(a: unknown[], b: unknown[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      if (Object.is(x, y)) return true;
      if (x instanceof Date && y instanceof Date) return x.getTime() === y.getTime();
      return typeof x === 'object' && typeof y === 'object' && JSON.stringify(x) === JSON.stringify(y);
    })
  );
}

/** The statement's text and values: the text remembered by name, the values walked for. */
export function statementOf(name: string, query: SQL): { text: string; values: unknown[] } {
  const known = texts.get(name);
  if (known) {
    const values: unknown[] = [];
    if (paramValues([query], values) && values.length === known.params) {
      // Tests check every statement against Drizzle's own build, so a difference fails there.
      if (process.env.NODE_ENV === 'test') {
        const built = dialect.sqlToQuery(query);
        if (built.sql !== known.text || !sameValues(built.params, values))
          throw new Error(`Named statement ${name} differs from Drizzle's build of it.`);
      }
      return { text: known.text, values };
    }
  }
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (!known) texts.set(name, { text, params: params.length });
  return { text, values: params };
}

/**
 * Runs a read of fixed shape as a named prepared statement, so each connection plans it once: for
 * pages read on every visit (a profile, a thread, the home feed) planning can cost more than
 * executing. Names must be unique across Trellis; prefix them with the feature. A name's text never
 * changes (PostgreSQL refuses a prepared name with another text), so it is built once per process.
 */
export async function namedQuery<T>(db: Db, name: string, query: SQL): Promise<T[]> {
  const { text, values } = statementOf(`trellis-${name}`, query);
  // The pool drizzle was opened on (client.ts): named statements need the driver itself.
  const pool = (db as Db & { $client: pg.Pool }).$client;
  const { rows } = await runNamed(pool, `trellis-${name}`, text, values);
  return rows as T[];
}

/**
 * Runs a named (prepared) statement through the pool: `pool.query({ name, text, values })`, with
 * the same result and errors, without pg copying the configuration object through its property
 * descriptors on every query (4–5 µs each, decision 034): the query is handed over built from its
 * text, with its name set.
 */
export function runNamed<T extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<pg.QueryResult<T>> {
  const query = new pg.Query(text, values as unknown[]) as pg.Query & { name: string };
  query.name = name;
  // A query handed over whole gets the pool's promise, with the same rows, fields and errors.
  return pool.query(query) as unknown as Promise<pg.QueryResult<T>>;
}

/**
 * Runs a read whose text has too many shapes to name by hand (a filter set of many optional parts)
 * as a named statement per text: Drizzle builds it on every call, and the name is `prefix` and a
 * hash of the text, so each connection still plans each shape once. The shapes must be bounded
 * (optional parts, never values written into the text).
 */
export async function namedByText<T>(db: Db, prefix: string, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `trellis-${prefix}-${createHash('sha1').update(text).digest('base64url').slice(0, 16)}`;
  const pool = (db as Db & { $client: pg.Pool }).$client;
  const { rows } = await runNamed(pool, name, text, params);
  return rows as T[];
}
