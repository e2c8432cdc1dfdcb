/**
 * Runs once per test run: starts a throwaway embedded PostgreSQL (or uses TEST_DATABASE_URL when
 * TRELLIS_TEST_DB=external), migrates one template database, and hands its name to the test files,
 * which each clone it (CREATE DATABASE … TEMPLATE …) so no test ever shares or wipes another's data.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '#server/db/client.ts';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '#server/db/embedded.ts';
import { adminQuery, withDatabase } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgresHandle | null = null;
  let tmp: string | null = null;
  let adminUrl: string;
  if (process.env.TRELLIS_TEST_DB === 'external') {
    if (!process.env.TEST_DATABASE_URL) throw new Error('TRELLIS_TEST_DB=external needs TEST_DATABASE_URL');
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'trellis-test-'));
    // The server runs as an unprivileged user when tests run as root: it must reach its folder.
    chmodSync(tmp, 0o755);
    embedded = await startEmbeddedPostgres({
      databaseDir: path.join(tmp, 'postgres'),
      port: await freePort(),
      persistent: false,
    });
    adminUrl = embedded.adminUrl;
  }
  const templateDatabase = `trellis_tpl_${process.pid}_${Date.now()}`;
  await adminQuery(adminUrl, `create database ${templateDatabase}`);
  await migrateDatabase(withDatabase(adminUrl, templateDatabase));
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await adminQuery(adminUrl, `drop database if exists ${templateDatabase} with (force)`);
    await embedded?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
}
