/**
 * The data folder of the real Trellis process: one Trellis per DATA_DIR, a copied data folder never
 * touches the original's database, and a root install under a closed home folder fails clearly.
 * Each test spawns `node --import tsx src/server/main.ts` as an operator would.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processDrill } from '../../tests/support/process-drill.ts';
import { freePort, postmasterPid, processIsAlive, sleep } from '../../tests/support/trellis-process.ts';

const { freshDir, startEmbeddedTrellis, runMain } = processDrill('trellis-data-dir-');

/** Runs main.ts to its end (for starts that must fail); returns its exit code and output. */
async function runTrellis(dataDir: string, env: Record<string, string>) {
  const port = await freePort();
  return runMain([], {
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    SEED_DEMO: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

describe('the data folder', () => {
  it('refuses a second Trellis in the same DATA_DIR and leaves the first one and its database running', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const first = await startEmbeddedTrellis(dataDir, pgPort);
    const server = postmasterPid(path.join(dataDir, 'postgres'));
    expect(server).not.toBeNull();

    // Started at http://127.0.0.1:<port>, a local address: credentials issued now would be bound to it.
    await expect
      .poll(() => first.output(), { timeout: 5_000 })
      .toContain(`PUBLIC_URL is ${first.url}, an address only this machine can reach`);

    const second = await runTrellis(dataDir, { EMBEDDED_PG_PORT: String(pgPort) });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`Another Trellis is using DATA_DIR ${dataDir}`);

    expect(processIsAlive(server!)).toBe(true);
    expect(postmasterPid(path.join(dataDir, 'postgres'))).toBe(server);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(first.child.exitCode).toBeNull();
  }, 180_000);

  it('takes DATA_DIR over once the Trellis holding it was killed (the kernel releases the lock)', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const first = await startEmbeddedTrellis(dataDir, pgPort);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startEmbeddedTrellis(dataDir, pgPort, { PUBLIC_URL: 'https://trellis.example.org' });
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    // An address others can reach: nothing to warn about.
    await sleep(500);
    expect(second.output()).not.toContain('PUBLIC_URL is');
  }, 180_000);

  it('starting on a hot copy of a data folder never stops the original instance’s database', async () => {
    const dataDir = freshDir();
    const pgPort = await freePort();
    const first = await startEmbeddedTrellis(dataDir, pgPort);
    const server = postmasterPid(path.join(dataDir, 'postgres'));
    expect(server).not.toBeNull();

    // The copy's postmaster.pid names the original's live server.
    const copy = path.join(freshDir(), 'copy');
    expect(spawnSync('cp', ['-a', dataDir, copy]).status).toBe(0);
    expect(postmasterPid(path.join(copy, 'postgres'))).toBe(server);

    const copyPort = await freePort();
    const second = await startEmbeddedTrellis(copy, copyPort);
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    expect(postmasterPid(path.join(copy, 'postgres'))).not.toBe(server);

    expect(processIsAlive(server!)).toBe(true);
    expect(postmasterPid(path.join(dataDir, 'postgres'))).toBe(server);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
  }, 180_000);

  it.skipIf(process.getuid?.() !== 0)(
    'as root under a folder of mode 0700, says why and what to do and creates nothing',
    async () => {
      const home = freshDir();
      chmodSync(home, 0o700);
      const dataDir = path.join(home, 'trellis', 'data');
      mkdirSync(path.dirname(dataDir));

      const result = await runTrellis(dataDir, { EMBEDDED_PG_PORT: String(await freePort()) });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`cannot pass through ${home} (mode 0700)`);
      expect(result.output).toContain(`chmod o+x ${home}`);
      expect(existsSync(dataDir)).toBe(false);
    },
    60_000,
  );
});
