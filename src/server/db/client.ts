import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction or the database itself: services accept either and run their writes in it. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

const migrationsFolder = new URL('./migrations', import.meta.url).pathname;

/** Opens a connection pool; a lost database makes queries fail fast rather than queue. */
export function openDatabase(url: string, poolSize = 20): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    // A statement that runs away must not hold a connection forever.
    statement_timeout: 30_000,
    // Trellis's reads are short and many: compiling a query (JIT) costs more than running it, and
    // its cost estimates over large tables would switch it on for the hottest searches.
    options: '-c jit=off',
  });
  // An idle client losing its server (a restart, a failover) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  return { db, pool, close: () => pool.end() };
}

/** Applies committed migrations; an advisory lock lets several instances start at once. */
export async function migrateDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(727274)');
    await migrate(drizzle(client), { migrationsFolder });
    await client.query('select pg_advisory_unlock(727274)');
  } finally {
    await client.end();
  }
}
