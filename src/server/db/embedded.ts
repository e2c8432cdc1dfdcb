import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresHandle {
  /** Connection string of the server's `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface StartOptions {
  /** Folder holding the cluster (`<DATA_DIR>/postgres`). */
  databaseDir: string;
  port: number;
  /** Keep the data when stopped (false for throwaway test clusters). */
  persistent?: boolean;
}

const guardianPath = new URL('./embedded-guardian.ts', import.meta.url).pathname;
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

/** Reads the cluster's password, creating a random one for a new cluster; kept beside the cluster, readable by its owner only. */
function clusterPassword(databaseDir: string): string {
  const file = path.join(path.dirname(databaseDir), `.${path.basename(databaseDir)}-password`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * Starts Trellis's own PostgreSQL server (loopback only) in a guardian process that stops it when
 * this process exits or is killed, and resolves once it accepts connections.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgresHandle> {
  const password = clusterPassword(options.databaseDir);
  const child: ChildProcess = fork(
    guardianPath,
    [
      JSON.stringify({
        databaseDir: options.databaseDir,
        port: options.port,
        password,
        persistent: options.persistent ?? true,
      }),
    ],
    { execArgv: ['--import', tsxLoader], detached: true, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('message', (message: { type: string; message?: string }) => {
      if (message.type === 'ready') resolve();
      else
        reject(
          new Error(`The embedded PostgreSQL server did not start: ${message.message ?? 'unknown error'}`),
        );
    });
    child.once('exit', (code) =>
      reject(new Error(`The embedded PostgreSQL server exited during start (code ${code})`)),
    );
  });
  // The guardian must not keep this process alive on its own.
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${database}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || !child.connected) return resolve();
        child.ref();
        (child.channel as { ref?: () => void } | undefined)?.ref?.();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
