/**
 * The real Trellis process when its database fails under it: killed, frozen, seeded by two instances
 * at once; and what a crash during an upload leaves behind. Each test spawns
 * `node --import tsx src/server/main.ts` as an operator would.
 */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '#server/db/client.ts';
import { ensureDatabase, startEmbeddedPostgres } from '#server/db/embedded.ts';
import {
  createTeacher,
  embeddedUrl,
  eventually,
  processDrill,
  requestSignIn,
  type SignInOptions,
  sessionEmail,
  signIn,
} from '../../tests/support/process-drill.ts';
import {
  childProcesses,
  freePort,
  postmasterPid,
  processIsAlive,
  sleep,
  startTrellis,
  type TrellisProcess,
} from '../../tests/support/trellis-process.ts';

const drill = processDrill('trellis-faults-');
const { cleanups, freshDir } = drill;

/** Trellis on its embedded database in `dataDir`, and that database's connection string. */
async function startEmbeddedTrellis(dataDir: string) {
  const pgPort = await freePort();
  const trellis = await drill.startEmbeddedTrellis(dataDir, pgPort, {
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  });
  return { trellis, databaseUrl: embeddedUrl(dataDir, pgPort) };
}

/** Sign-ins give up after 15 s: the database under them may hang. */
const signInTimeout: SignInOptions = { timeoutMs: 15_000 };

/** The postmaster and every process it started (backends, checkpointer, writers). */
function serverProcesses(postmaster: number): number[] {
  return [postmaster, ...childProcesses(postmaster)];
}

/** An open event stream, collecting the signals it hears. */
async function openStream(trellis: TrellisProcess, cookie: string, topic: string) {
  const controller = new AbortController();
  cleanups.push(() => controller.abort());
  const response = await fetch(`${trellis.url}/api/events?topics=${encodeURIComponent(topic)}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const signals: string[] = [];
  let ready = false;
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = block.match(/^event: (.*)$/m)?.[1];
        const data = block.match(/^data: (.*)$/m)?.[1];
        if (event === 'ready') ready = true;
        if (event === 'signal' && data) signals.push((JSON.parse(data) as { type: string }).type);
      }
    }
  })().catch(() => {});
  expect(await eventually(() => ready, 10_000)).toBe(true);
  return { signals };
}

describe('Trellis when its embedded database fails', () => {
  it('stays up through a kill -9 of PostgreSQL under requests, answers 503 meanwhile, restarts it and writes again', async () => {
    const dataDir = freshDir();
    const { trellis, databaseUrl } = await startEmbeddedTrellis(dataDir);
    const teacher = await createTeacher(databaseUrl);
    const cookie = await signIn(trellis, teacher.email, signInTimeout);
    const stream = await openStream(trellis, cookie, `user:${teacher.id}`);
    const killed = postmasterPid(path.join(dataDir, 'postgres'))!;

    // Requests keep coming from a few clients while the server dies and comes back.
    const statuses: number[] = [];
    // Each 503 with its body read at once: a body read later may outlive its request's deadline.
    const unavailable: Array<{ headers: Headers; body: { code?: string } }> = [];
    const keep503 = async (response: Response) =>
      unavailable.push({ headers: response.headers, body: (await response.json()) as { code?: string } });
    const failures: unknown[] = [];
    let stop = false;
    let recoveredAfterOutage = false;
    const client = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${trellis.url}/api/session`, {
            headers: { cookie },
            signal: AbortSignal.timeout(10_000),
          });
          statuses.push(response.status);
          if (response.status === 503) await keep503(response);
          else await response.arrayBuffer();
          if (response.status === 200 && unavailable.length > 0) recoveredAfterOutage = true;
        } catch (error) {
          failures.push(error);
        }
        await sleep(25);
      }
    };
    // And one signs in again and again: each 204 is a session row the database acknowledged.
    const acknowledged: string[] = [];
    const writer = async () => {
      while (!stop) {
        try {
          const response = await requestSignIn(trellis, teacher.email, signInTimeout);
          statuses.push(response.status);
          if (response.status === 204) acknowledged.push(response.headers.get('set-cookie')!.split(';')[0]!);
          if (response.status === 503) await keep503(response);
          else await response.arrayBuffer();
        } catch (error) {
          failures.push(error);
        }
        await sleep(25);
      }
    };
    const clients = [client(), client(), writer()];
    await eventually(() => statuses.length >= 6, 10_000);

    process.kill(killed, 'SIGKILL');
    const recovered = await eventually(() => recoveredAfterOutage, 45_000);
    stop = true;
    await Promise.all(clients);

    expect(trellis.child.exitCode, trellis.output()).toBeNull();
    const counts = [...new Set(statuses)].map((s) => `${s}×${statuses.filter((t) => t === s).length}`);
    expect(recovered, `answers: ${counts.join(', ')}\n${trellis.output().slice(-3_000)}`).toBe(true);
    expect(failures).toEqual([]);
    // Only answers, and while the database was away a 503 a client can act on.
    expect(new Set(statuses)).toEqual(new Set([200, 204, 503]));
    for (const response of unavailable) {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body.code).toBe('unavailable');
    }

    // The guardian brought a new server up, and said so.
    const replacement = postmasterPid(path.join(dataDir, 'postgres'));
    expect(replacement).not.toBe(killed);
    expect(processIsAlive(replacement!)).toBe(true);
    expect(trellis.output()).toMatch(/PostgreSQL exited unexpectedly \(SIGKILL\); restarting it in/);
    expect(trellis.output()).toContain('PostgreSQL restarted');

    // Writes succeed again, and what was acknowledged before the kill is still there.
    const again = await requestSignIn(trellis, teacher.email, signInTimeout);
    expect(again.status).toBe(204);
    expect(await sessionEmail(trellis, cookie)).toBe(teacher.email);
    for (const session of acknowledged) expect(await sessionEmail(trellis, session)).toBe(teacher.email);
    // The stream opened before the kill still hears its topic: the LISTEN connection came back.
    expect(await eventually(() => stream.signals.includes('resync'), 30_000)).toBe(true);
  }, 120_000);

  it('answers 503 within 4 s while PostgreSQL is frozen, and recovers when it resumes', async () => {
    const dataDir = freshDir();
    const { trellis, databaseUrl } = await startEmbeddedTrellis(dataDir);
    const teacher = await createTeacher(databaseUrl);
    const cookie = await signIn(trellis, teacher.email, signInTimeout);
    // Pooled connections exist and sit idle: the requests below go to connections that hang.
    for (let i = 0; i < 3; i++) expect(await sessionEmail(trellis, cookie)).toBe(teacher.email);

    const frozen = serverProcesses(postmasterPid(path.join(dataDir, 'postgres'))!);
    const resume = () => {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
    };
    cleanups.push(resume);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');

    const read = async () => {
      const started = Date.now();
      // A read that needs the database (a signed-in session alone may be answered from the session cache).
      const response = await fetch(`${trellis.url}/api/home`, {
        headers: { cookie },
        signal: AbortSignal.timeout(15_000),
      });
      return { response, took: Date.now() - started };
    };
    const first = await read();
    expect(first.took).toBeLessThan(4_000);
    expect(first.response.status).toBe(503);
    expect(first.response.headers.get('content-type')).toContain('application/problem+json');
    expect(first.response.headers.get('retry-after')).toBe('5');

    // A write (sign-in) answers in time too.
    const signInStarted = Date.now();
    const write = await requestSignIn(trellis, teacher.email, signInTimeout);
    expect(Date.now() - signInStarted).toBeLessThan(4_000);
    expect(write.status).toBe(503);

    const probeStarted = Date.now();
    const ready = await fetch(`${trellis.url}/readyz`, { signal: AbortSignal.timeout(15_000) });
    expect(Date.now() - probeStarted).toBeLessThan(3_000);
    expect(ready.status).toBe(503);

    resume();
    expect(await eventually(async () => (await fetch(`${trellis.url}/readyz`)).status === 200, 20_000)).toBe(
      true,
    );
    expect(await sessionEmail(trellis, cookie)).toBe(teacher.email);
    expect((await requestSignIn(trellis, teacher.email, signInTimeout)).status).toBe(204);
    expect(trellis.child.exitCode).toBeNull();
  }, 120_000);
});

describe('Trellis starting on a shared database and storage', () => {
  /** A PostgreSQL of the operator's own (DATABASE_URL), with a fresh database of `name`. */
  async function externalDatabase(dataDir: string, name: string): Promise<string> {
    const server = await startEmbeddedPostgres({
      databaseDir: path.join(dataDir, 'external'),
      port: await freePort(),
      persistent: false,
    });
    cleanups.push(() => server.stop());
    await ensureDatabase(server.adminUrl, name);
    return server.urlFor(name);
  }

  it('seeds an empty database once when two instances seed it at once, and prints no password hash', async () => {
    const dataDir = freshDir();
    const databaseUrl = await externalDatabase(dataDir, 'trellis');
    const seed = () =>
      drill.runMain(['seed'], {
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
      });

    const [first, second] = await Promise.all([seed(), seed()]);
    for (const run of [first, second]) {
      expect(run.code, run.output).toBe(0);
      expect(run.output).not.toMatch(/scrypt\$|params:/);
    }
    // One of them seeded; the other found the demo there.
    expect([first, second].filter((run) => run.output.includes('Demo accounts')).length).toBe(1);
    const database = openDatabase(databaseUrl, 1);
    try {
      const { rows } = await database.pool.query<{ n: number }>(
        "select count(*)::int as n from organizations where kind = 'network'",
      );
      expect(rows[0]!.n).toBe(1);
    } finally {
      await database.close();
    }
  }, 180_000);

  it('removes at start the partial files of uploads cut short an hour ago or more, and no others', async () => {
    const dataDir = freshDir();
    const databaseUrl = await externalDatabase(dataDir, 'trellis');
    const folder = path.join(dataDir, 'files', 'resources');
    mkdirSync(folder, { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const file = (name: string, modified?: Date) => {
      const full = path.join(folder, name);
      writeFileSync(full, 'some bytes');
      if (modified) utimesSync(full, modified, modified);
      return full;
    };
    // Left by a kill -9 during an upload, long ago: gone after the start.
    const abandoned = file('0193a1b2-aaaa.4242.1733400000000.partial', twoHoursAgo);
    const abandonedPut = file('0193a1b2-bbbb.4242.partial', twoHoursAgo);
    // Another instance sharing the storage may be writing this one now: kept.
    const inProgress = file('0193a1b2-cccc.4343.1733490000000.partial');
    // A stored file, however old, is never touched.
    const stored = file('0193a1b2-dddd', twoHoursAgo);

    const trellis = await startTrellis({ dataDir, env: { DATABASE_URL: databaseUrl } });
    cleanups.push(() => trellis.stop());
    expect(
      await eventually(() => !existsSync(abandoned) && !existsSync(abandonedPut), 10_000),
      trellis.output(),
    ).toBe(true);
    expect(existsSync(inProgress)).toBe(true);
    expect(existsSync(stored)).toBe(true);
  }, 120_000);
});
