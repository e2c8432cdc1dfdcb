/**
 * Durability of the real Trellis process: each test spawns `node --import tsx src/server/main.ts`
 * as an operator would, kills or stops it, and checks what survives.
 */
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDatabase, startEmbeddedPostgres } from '#server/db/embedded.ts';
import {
  createTeacher,
  embeddedUrl,
  eventually,
  processDrill,
  requestSignIn,
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
} from '../../tests/support/trellis-process.ts';

const { cleanups, freshDir, startEmbeddedTrellis } = processDrill('trellis-process-');

/** The embedded-database guardian forked by a Trellis process. */
function guardianOf(trellisPid: number): number | null {
  for (const child of childProcesses(trellisPid)) {
    try {
      if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('embedded-guardian')) return child;
    } catch {
      // the process went away while we looked
    }
  }
  return null;
}

describe('the Trellis process', () => {
  it('keeps a write acknowledged to the client through a hard kill and leaves no database server behind', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const first = await startEmbeddedTrellis(dataDir, pgPort);
    const teacher = await createTeacher(embeddedUrl(dataDir, pgPort));

    // Signing in writes a session row; the 204 is the acknowledgement.
    const cookie = await signIn(first, teacher.email);
    const serverPid = postmasterPid(path.join(dataDir, 'postgres'));
    expect(serverPid).not.toBeNull();

    first.child.kill('SIGKILL');
    await first.exited;
    // The server removes its lock file a moment before it exits, so wait on the process itself.
    const released = await eventually(() => !processIsAlive(serverPid!), 8_000);
    expect(released, 'the database server outlived Trellis').toBe(true);

    const second = await startEmbeddedTrellis(dataDir, pgPort);
    expect(await sessionEmail(second, cookie)).toBe(teacher.email);
  }, 180_000);

  it('replaces a database server orphaned by a hard kill of Trellis and its guardian', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const first = await startEmbeddedTrellis(dataDir, pgPort);
    const teacher = await createTeacher(embeddedUrl(dataDir, pgPort));
    const cookie = await signIn(first, teacher.email);

    const guardian = guardianOf(first.pid);
    expect(guardian, 'no guardian process found').not.toBeNull();
    const orphan = postmasterPid(path.join(dataDir, 'postgres'));
    expect(orphan).not.toBeNull();
    // The guardian first, so it has no moment to stop the server when Trellis goes.
    process.kill(guardian!, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.exited;
    await eventually(() => !processIsAlive(guardian!), 5_000);
    // Nobody is left to stop it: the server still holds the data directory.
    expect(processIsAlive(orphan!)).toBe(true);

    const second = await startEmbeddedTrellis(dataDir, pgPort);
    const ready = await fetch(`${second.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(processIsAlive(orphan!)).toBe(false);
    const replacement = postmasterPid(path.join(dataDir, 'postgres'));
    expect(replacement).not.toBe(orphan);
    // A fast shutdown of the orphan keeps what it had committed.
    expect(await sessionEmail(second, cookie)).toBe(teacher.email);
  }, 180_000);

  it('on SIGTERM answers 503 from /readyz at once, finishes the request in flight, stops its database and exits 0', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const trellis = await startEmbeddedTrellis(dataDir, pgPort);
    const serverPid = postmasterPid(path.join(dataDir, 'postgres'));
    expect(serverPid).not.toBeNull();

    // A request in flight: a sign-in whose body is still arriving when the signal comes.
    const body = JSON.stringify({ email: 'nobody@example.test', password: 'not the password at all' });
    const socket = connect(trellis.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${trellis.port}\r\nOrigin: ${trellis.url}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await sleep(200);

    trellis.child.kill('SIGTERM');
    await sleep(100);
    // A load balancer's probe sees at once that this instance is going away.
    const probe = await fetch(`${trellis.url}/readyz`);
    expect(probe.status).toBe(503);
    await sleep(300);
    // Still running: it waits for the request in flight.
    expect(trellis.child.exitCode).toBeNull();

    socket.write(body.slice(10));
    await eventually(() => /\r\n\r\n\{/.test(received), 10_000);
    socket.destroy();
    // The sign-in was answered in full: a wrong password, 401.
    expect(received).toMatch(/^HTTP\/1\.1 401/);
    expect(received).toContain('application/problem+json');

    expect(await trellis.exited).toBe(0);
    expect(processIsAlive(serverPid!)).toBe(false);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 180_000);

  it('answers 503 fast while its database is gone and recovers by itself when it returns', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const clusterDir = path.join(dataDir, 'external');
    let database = await startEmbeddedPostgres({ databaseDir: clusterDir, port: pgPort });
    cleanups.push(() => database.stop());
    await ensureDatabase(database.adminUrl, 'trellis');
    const databaseUrl = database.urlFor('trellis');

    const trellis = await startTrellis({ dataDir, env: { DATABASE_URL: databaseUrl } });
    cleanups.push(() => trellis.stop());
    const teacher = await createTeacher(databaseUrl);
    const cookie = await signIn(trellis, teacher.email);

    await database.stop();

    const started = Date.now();
    const session = await fetch(`${trellis.url}/api/session`, { headers: { cookie } });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(session.status).toBe(503);
    expect(session.headers.get('content-type')).toContain('application/problem+json');
    expect(((await session.json()) as { code: string }).code).toBe('unavailable');

    const signInStarted = Date.now();
    const signInAttempt = await requestSignIn(trellis, teacher.email);
    expect(Date.now() - signInStarted).toBeLessThan(4_000);
    expect(signInAttempt.status).toBe(503);

    const ready = await fetch(`${trellis.url}/readyz`);
    expect(ready.status).toBe(503);

    database = await startEmbeddedPostgres({ databaseDir: clusterDir, port: pgPort });
    expect((await fetch(`${trellis.url}/readyz`)).status).toBe(200);
    expect(await sessionEmail(trellis, cookie)).toBe(teacher.email);
    // Still the same process: it recovered without a restart.
    expect(trellis.child.exitCode).toBeNull();
  }, 180_000);
});
