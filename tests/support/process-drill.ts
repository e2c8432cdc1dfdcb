/**
 * What the tests of the real Trellis process share (src/server/{backup,data-dir,database-faults,
 * process}.test.ts): throwaway data folders, Trellis on its embedded database, `main.ts` verbs run to
 * their end, and signing in through the API, each cleaned up after the test.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { openDatabase } from '#server/db/client.ts';
import { buildDistrict, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';
import {
  postmasterPid,
  processIsAlive,
  repoRoot,
  sleep,
  startTrellis,
  type TrellisProcess,
} from './trellis-process.ts';

export interface ProcessDrill {
  /** Run after each test, the last one added first. */
  cleanups: Array<() => Promise<void> | void>;
  /** A fresh folder (`<tmp>/<prefix>XXXXXX`) the embedded server, an unprivileged user under root, can reach. */
  freshDir(): string;
  /** Trellis on its embedded database in `dataDir` (listening on `pgPort`), with `env` added. */
  startEmbeddedTrellis(
    dataDir: string,
    pgPort: number,
    env?: Record<string, string>,
  ): Promise<TrellisProcess>;
  /** Runs `main.ts <args>` to its end with only PATH, HOME and `env` set; its exit code and output. */
  runMain(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }>;
}

/** Registers an afterEach that runs the cleanups; `prefix` names the folders of `freshDir`. */
export function processDrill(prefix: string): ProcessDrill {
  const cleanups: ProcessDrill['cleanups'] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  return {
    cleanups,

    freshDir() {
      const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
      chmodSync(dir, 0o755);
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },

    async startEmbeddedTrellis(dataDir, pgPort, env = {}) {
      const trellis = await startTrellis({
        dataDir,
        env: { DATABASE_URL: undefined, EMBEDDED_PG_PORT: String(pgPort), ...env },
      });
      cleanups.push(async () => {
        await trellis.stop();
        // Whatever happened in the test, leave no server behind.
        const pid = postmasterPid(path.join(dataDir, 'postgres'));
        if (pid && processIsAlive(pid)) process.kill(pid, 'SIGKILL');
      });
      return trellis;
    },

    runMain(args, env) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
          cwd: repoRoot,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        cleanups.push(() => {
          if (child.exitCode === null) child.kill('SIGKILL');
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.once('exit', (code) => resolve({ code, output }));
      });
    },
  };
}

/** The connection string of the embedded `trellis` database, read as Trellis itself reads it. */
export function embeddedUrl(dataDir: string, pgPort: number): string {
  const password = readFileSync(path.join(dataDir, '.postgres-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/trellis`;
}

/** A teacher (password TEST_PASSWORD) in a new district of the database at `databaseUrl`. */
export async function createTeacher(databaseUrl: string) {
  const database = openDatabase(databaseUrl, 2);
  try {
    const district = await buildDistrict(database.db);
    return await buildUser(database.db, { districtId: district.id });
  } finally {
    await database.close();
  }
}

export interface SignInOptions {
  /** Give up on the answer after this long (none by default). */
  timeoutMs?: number;
}

/** A sign-in through the API with TEST_PASSWORD, whatever it answers. */
export function requestSignIn(
  trellis: TrellisProcess,
  email: string,
  options: SignInOptions = {},
): Promise<Response> {
  return fetch(`${trellis.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: trellis.url },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
    signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
  });
}

/** Signs in through the API (it must answer 204) and returns the session cookie. */
export async function signIn(
  trellis: TrellisProcess,
  email: string,
  options: SignInOptions = {},
): Promise<string> {
  const response = await requestSignIn(trellis, email, options);
  expect(response.status, response.status === 204 ? 'sign-in' : await response.text()).toBe(204);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toMatch(/^trellis_session=/);
  return cookie!;
}

/** The email of the user whose session `cookie` is, or null when it is no session. */
export async function sessionEmail(trellis: TrellisProcess, cookie: string): Promise<string | null> {
  const response = await fetch(`${trellis.url}/api/session`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { user: { email: string } } | null };
  return body.data?.user.email ?? null;
}

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}
