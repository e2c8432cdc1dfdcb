import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import PgBoss from 'pg-boss';
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
    // Bounds the wait for a connection, whether the pool is full or the server does not answer.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    // A server or network that vanishes without closing the connection is noticed by the kernel.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // A statement that runs away must not hold a connection forever.
    statement_timeout: 30_000,
    // Nor may a transaction whose process stopped talking keep its row locks: the server ends it.
    // Work that legitimately waits inside a transaction (sending mail) raises it for itself.
    idle_in_transaction_session_timeout: 60_000,
    // Trellis's reads are short and many: compiling a query (JIT) costs more than running it, and
    // its cost estimates over large tables would switch it on for the hottest searches.
    options: '-c jit=off',
  });
  // An idle client losing its server (a restart, a failover) must not crash the process: the pool
  // drops it and says so here (the app logs it).
  pool.on('error', () => {});
  // Nor may a client that is checked out (a transaction) when its connection drops: the pool only
  // listens to idle ones. The query under way is rejected with the error, and the broken client is
  // dropped when released.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  return { db, pool, close: () => pool.end() };
}

/** Connects a single client whose lost connection rejects its queries instead of crashing the process. */
export async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, keepAlive: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** The advisory lock every instance takes to change the database's shape or seed it. */
const SCHEMA_LOCK = 727274;

/**
 * Runs `work` while holding the schema lock on a connection of its own, so that several instances
 * starting at once migrate and seed one after another: the second finds the work done.
 */
export async function withSchemaLock<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectClient(url);
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await work(client);
  } finally {
    // Ending the session releases the lock, whatever happened.
    await client.end().catch(() => {});
  }
}

/**
 * A failed query's description safe to print or log: its own message and code, never the query's
 * parameters (Drizzle's message lists them, and they may hold a password hash or private text).
 */
export function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!error.message.startsWith('Failed query:')) return error.message;
  const cause = error.cause as { message?: unknown; code?: unknown } | undefined;
  // PostgreSQL quotes an offending value at the end of some messages: leave it out too.
  const message =
    typeof cause?.message === 'string' ? `: ${cause.message.replace(/: "[\s\S]*"$/, ': "…"')}` : '';
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return `A database query failed${message}${code}`;
}

/** The schema the job queue (pg-boss) keeps its tables in, apart from Trellis's own (decision 016). */
export const JOB_SCHEMA = 'pgboss';

/**
 * Applies committed migrations, then installs or upgrades the job queue's schema; an advisory lock
 * lets several instances start at once.
 */
export async function migrateDatabase(url: string): Promise<void> {
  await withSchemaLock(url, async (client) => {
    await migrate(drizzle(client), { migrationsFolder });
    const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
    await new PgBoss({ db, schema: JOB_SCHEMA, supervise: false, schedule: false }).start();
  });
}
