import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Pool } from 'pg';
import type { Db } from './client.ts';

const dialect = new PgDialect();

/**
 * Runs a read of fixed shape as a named prepared statement, so each connection plans it once: for
 * pages read on every visit (a profile, a thread, the home feed) planning can cost more than
 * executing. Names must be unique across Trellis; prefix them with the feature.
 */
export async function namedQuery<T>(db: Db, name: string, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  // The pool drizzle was opened on (client.ts): named statements need the driver itself.
  const pool = (db as Db & { $client: Pool }).$client;
  const { rows } = await pool.query({ name: `trellis-${name}`, text, values: params });
  return rows as T[];
}
