/**
 * Runs once before the journeys: a throwaway PostgreSQL (embedded, or TEST_DATABASE_URL when
 * TRELLIS_TEST_DB=external), a fresh database in it, and the real Trellis process serving the built
 * web app over that database.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '#server/db/embedded.ts';
import { adminQuery, withDatabase } from '#server/test/database.ts';
import { freePort, repoRoot, startTrellis, type TrellisProcess } from '../support/trellis-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where Trellis listens, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
    /** Trellis's database, for builders that create what a journey needs. */
    databaseUrl: string;
    /** Trellis's DATA_DIR (its mail outbox is in `outbox/`). */
    dataDir: string;
    /** The port of Trellis's SMTP listener for replies by email (reply domain reply.trellis.test). */
    inboundSmtpPort: number;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(repoRoot, 'dist/web/index.html')))
    throw new Error('The web app is not built: run `npx vite build` before the journeys.');

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'trellis-e2e-'));
  // The embedded server runs as an unprivileged user when tests run as root: it must reach its folder.
  chmodSync(tmp, 0o755);
  let embedded: EmbeddedPostgresHandle | null = null;
  let trellis: TrellisProcess | null = null;
  let adminUrl: string;
  if (process.env.TRELLIS_TEST_DB === 'external') {
    if (!process.env.TEST_DATABASE_URL) throw new Error('TRELLIS_TEST_DB=external needs TEST_DATABASE_URL');
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    embedded = await startEmbeddedPostgres({
      databaseDir: path.join(tmp, 'postgres'),
      port: await freePort(),
      persistent: false,
    });
    adminUrl = embedded.adminUrl;
  }
  const database = `trellis_e2e_${process.pid}_${Date.now()}`;
  const databaseUrl = withDatabase(adminUrl, database);
  const dataDir = path.join(tmp, 'data');

  const teardown = async () => {
    await trellis?.stop();
    await adminQuery(adminUrl, `drop database if exists ${database} with (force)`).catch(() => {});
    await embedded?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await adminQuery(adminUrl, `create database ${database}`);
    const inboundSmtpPort = await freePort();
    project.provide('inboundSmtpPort', inboundSmtpPort);
    trellis = await startTrellis({
      dataDir,
      env: {
        DATABASE_URL: databaseUrl,
        // Every journey signs in from 127.0.0.1; the per-address limit is tested elsewhere.
        AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        RATE_LIMIT_PER_MINUTE: '100000',
        // The single sign-on journey's OpenID provider runs on this machine, over plain http.
        SIGN_ON_LOOPBACK_HTTP: '1',
        // Replies to notification emails arrive over SMTP on this machine.
        INBOUND_SMTP_PORT: String(inboundSmtpPort),
        REPLY_DOMAIN: 'reply.trellis.test',
      },
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('baseUrl', trellis.url);
  project.provide('databaseUrl', databaseUrl);
  project.provide('dataDir', dataDir);
  return teardown;
}
