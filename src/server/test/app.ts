import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '#server/app.ts';
import { type Database, openDatabase } from '#server/db/client.ts';
import { sessions } from '#server/db/schema.ts';
import { sessionCookieName } from '#server/platform/auth.ts';
import { type Config, loadConfig } from '#server/platform/config.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { adminQuery, withDatabase } from './database.ts';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** This test file's own database URL. */
  databaseUrl: string;
}

/**
 * Gives a test file its own database (cloned from the migrated template) and a built app over it.
 * Call at the top level of a test file; read the fields inside tests.
 */
export function setupTestApp(env: Record<string, string> = {}): TestContext {
  const context = {} as TestContext;
  const name = `trellis_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  let dataDir = '';
  beforeAll(async () => {
    const adminUrl = inject('adminUrl');
    await adminQuery(adminUrl, `create database ${name} template ${inject('templateDatabase')}`);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'trellis-data-'));
    context.databaseUrl = withDatabase(adminUrl, name);
    context.config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: context.databaseUrl,
      PUBLIC_URL: 'http://trellis.test',
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      // Tests change sessions, accounts and memberships straight in the database and ask again at
      // once; the session cache forgets within the time a NOTIFY takes to arrive, which is tested
      // where the cache is on (platform/session-cache.test.ts).
      SESSION_CACHE: '0',
      ...env,
    });
    context.database = openDatabase(context.databaseUrl, 5);
    context.app = await buildApp({
      config: context.config,
      db: context.database.db,
      pool: context.database.pool,
    });
    await context.app.ready();
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.close();
    await adminQuery(inject('adminUrl'), `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return context;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token and Origin on writes. */
export interface Agent {
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  cookie: string | null;
  csrfToken: string | null;
}

export function agent(context: TestContext, session?: { token: string; csrfToken: string }): Agent {
  const cookieName = sessionCookieName(context.config);
  const self: Agent = {
    cookie: session ? `${cookieName}=${session.token}` : null,
    csrfToken: session?.csrfToken ?? null,
    async request(options) {
      const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
      if (self.cookie) headers.cookie = self.cookie;
      if (options.method && options.method !== 'GET') {
        headers.origin ??= context.config.PUBLIC_URL;
        if (self.csrfToken) headers['x-csrf-token'] ??= self.csrfToken;
      }
      const response = await context.app.inject({ ...options, headers });
      const setCookie = response.cookies.find((c) => c.name === cookieName);
      if (setCookie) {
        self.cookie = setCookie.value ? `${cookieName}=${setCookie.value}` : null;
        if (setCookie.value) {
          const session = await context.app.inject({
            method: 'GET',
            url: '/api/session',
            headers: { cookie: self.cookie! },
          });
          self.csrfToken = session.json().data?.csrfToken ?? null;
        } else self.csrfToken = null;
      }
      return response;
    },
    get: (url) => self.request({ method: 'GET', url }),
    post: (url, payload) =>
      self.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    patch: (url, payload) =>
      self.request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] }),
    put: (url, payload) => self.request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] }),
    delete: (url) => self.request({ method: 'DELETE', url }),
  };
  return self;
}

/** A signed-in agent for a user, with the session written straight to the database (no password round trip). */
export async function signedIn(context: TestContext, userId: string): Promise<Agent> {
  const token = newToken();
  const csrfToken = newToken();
  await context.database.db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return agent(context, { token, csrfToken });
}
