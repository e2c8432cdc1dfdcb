/**
 * Starts the real Trellis process (`node --import tsx src/server/main.ts`) the way an operator
 * would, for the browser journeys and the durability tests, and waits until it is ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '#server/db/backup.ts';

/** A TCP port nobody listens on right now: the helper a backup starts its temporary server with. */
export { freePort };

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: it exists but belongs to someone else (the server runs as `postgres` under root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a process has exited and only waits to be reaped by its parent. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The processes whose parent is `parent` right now. */
export function childProcesses(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent)
        children.push(Number(entry));
    } catch {
      // the process went away while we looked
    }
  }
  return children;
}

/** The pid recorded in a PostgreSQL data directory's lock file, or null without one. */
export function postmasterPid(databaseDir: string): number | null {
  const file = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isFinite(pid) && pid > 0 ? pid : null;
}

export interface TrellisProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string | null>;
  /** SIGTERM, then SIGKILL if it has not gone after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  port?: number;
  env?: Record<string, string | undefined>;
  /** How long to wait for `/readyz` (starting an embedded cluster for the first time takes a few s). */
  readyTimeoutMs?: number;
}

/** Spawns Trellis and resolves once `/readyz` answers 200; rejects with its output if it dies first. */
export async function startTrellis(options: StartOptions): Promise<TrellisProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    // Vitest's own variables must not leak into the process under test.
    VITEST: undefined,
    VITEST_POOL_ID: undefined,
    VITEST_WORKER_ID: undefined,
    TEST: undefined,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: options.dataDir,
    PUBLIC_URL: url,
    SEED_DEMO: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoRoot,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  let dead = false;
  void exited.then(() => {
    dead = true;
  });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (dead) throw new Error(`Trellis exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Trellis was not ready in time:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }

  return {
    child,
    pid: child.pid!,
    port,
    url,
    output: () => output,
    exited,
    async stop(graceMs = 15_000) {
      if (dead) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
