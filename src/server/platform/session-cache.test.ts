import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { type Database, openDatabase } from '#server/db/client.ts';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { SessionCache } from './session-cache.ts';

// The cache on, as in production: tests elsewhere run with it off.
const t = setupTestApp({ SESSION_CACHE: '1' });

/** A second Trellis instance on the same database, as behind a load balancer. */
const other = {} as { app: FastifyInstance; database: Database };
beforeAll(async () => {
  other.database = openDatabase(t.databaseUrl, 3);
  other.app = await buildApp({ config: t.config, db: other.database.db, pool: other.database.pool });
  await other.app.ready();
  // Both instances listen once ready: onReady awaits the LISTEN.
  if (!t.app.sessionCache.listening || !other.app.sessionCache.listening) throw new Error('not listening');
});
afterAll(async () => {
  await other.app?.close();
  await other.database?.close();
});

/** The same browser (same cookie and CSRF token) talking to the other instance. */
const onOther = (browser: Agent): Agent => {
  const copy = agent({ ...t, app: other.app });
  copy.cookie = browser.cookie;
  copy.csrfToken = browser.csrfToken;
  return copy;
};

async function teacher() {
  const district = await buildDistrict(t.database.db);
  const school = await buildSchool(t.database.db, district.id);
  const user = await buildUser(t.database.db, { districtId: district.id, schoolId: school.id });
  return { district, school, user, browser: await signedIn(t, user.id) };
}

/** Reads the person's school as the simplest signed-in read, and says whether it was let in. */
const letIn = async (browser: Agent, schoolId: string) =>
  (await browser.get(`/api/organizations/${schoolId}`)).statusCode === 200;

/** How long a change takes to reach an instance: NOTIFY arrives at commit, within milliseconds. */
const atOnce = { timeout: 1_000, interval: 2 };

describe('the session cache', () => {
  it('answers repeated requests of a session from memory', async () => {
    const { school, browser } = await teacher();
    expect(await letIn(browser, school.id)).toBe(true);
    const hits = t.app.sessionCache.hits;
    const misses = t.app.sessionCache.misses;
    for (let i = 0; i < 5; i++) expect(await letIn(browser, school.id)).toBe(true);
    expect(t.app.sessionCache.hits - hits).toBe(5);
    expect(t.app.sessionCache.misses).toBe(misses);
  });

  it('refuses a session signed out on this instance at once', async () => {
    const { school, browser } = await teacher();
    expect(await letIn(browser, school.id)).toBe(true);
    const cookie = browser.cookie;
    const csrfToken = browser.csrfToken;
    expect((await browser.delete('/api/session')).statusCode).toBe(204);
    const replay = agent(t);
    replay.cookie = cookie;
    replay.csrfToken = csrfToken;
    await expect.poll(() => letIn(replay, school.id), atOnce).toBe(false);
  });

  it('refuses a session on every instance once another instance signed it out', async () => {
    const { school, browser } = await teacher();
    // Both instances remember the session.
    expect(await letIn(browser, school.id)).toBe(true);
    expect(await letIn(onOther(browser), school.id)).toBe(true);
    expect(await letIn(browser, school.id)).toBe(true);
    const hits = t.app.sessionCache.hits;
    expect(await letIn(browser, school.id)).toBe(true);
    expect(t.app.sessionCache.hits).toBe(hits + 1);

    expect((await onOther(browser).delete('/api/session')).statusCode).toBe(204);
    await expect.poll(() => letIn(browser, school.id), atOnce).toBe(false);
  });

  it('refuses every other session of a person who signed out everywhere on another instance', async () => {
    const { user, school, browser } = await teacher();
    const phone = await signedIn(t, user.id);
    expect(await letIn(phone, school.id)).toBe(true);
    expect(await letIn(phone, school.id)).toBe(true);
    expect((await onOther(browser).post('/api/sessions/revoke-others')).statusCode).toBe(204);
    await expect.poll(() => letIn(phone, school.id), atOnce).toBe(false);
    expect(await letIn(browser, school.id)).toBe(true);
  });

  it('refuses a deactivated account and sees a changed role at once, whoever wrote the change', async () => {
    const { user, district, school, browser } = await teacher();
    expect(await letIn(browser, school.id)).toBe(true);
    expect((await browser.get('/api/session')).json().data.user.roles).toEqual(['teacher']);
    // Straight in the database, as a roster import or another instance would.
    await t.database.pool.query(
      `update memberships set role = 'district_admin' where user_id = $1 and organization_id = $2`,
      [user.id, district.id],
    );
    await expect
      .poll(async () => (await browser.get('/api/session')).json().data.user.roles, atOnce)
      .toEqual(['district_admin']);
    await t.database.pool.query(`update users set status = 'deactivated' where id = $1`, [user.id]);
    await expect.poll(() => letIn(browser, school.id), atOnce).toBe(false);
  });

  it('remembers nothing while its LISTEN connection is down, and asks the database instead', async () => {
    const { user, school, browser } = await teacher();
    expect(await letIn(browser, school.id)).toBe(true);
    await t.database.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'listen trellis_sessions'`,
    );
    await expect.poll(() => t.app.sessionCache.listening && other.app.sessionCache.listening).toBe(false);
    // With nobody listening, a change is seen on the very next request.
    if (!t.app.sessionCache.listening) {
      expect(t.app.sessionCache.size).toBe(0);
      await t.database.pool.query(`delete from sessions where user_id = $1`, [user.id]);
      expect(await letIn(browser, school.id)).toBe(false);
    }
    await expect
      .poll(() => t.app.sessionCache.listening && other.app.sessionCache.listening, { timeout: 10_000 })
      .toBe(true);
  });
});

describe('SessionCache', () => {
  const log = { warn: () => {}, info: () => {} };

  it('stops remembering when its LISTEN connection goes silent without an error (half-open)', async () => {
    // A proxy to the real database that can stop passing bytes without closing anything, as a
    // failover or a dropped route does.
    const target = new URL(t.databaseUrl);
    let silent = false;
    const sockets: net.Socket[] = [];
    const proxy = net.createServer((incoming) => {
      const outgoing = net.connect(Number(target.port || 5432), target.hostname);
      sockets.push(incoming, outgoing);
      incoming.on('data', (chunk) => silent || outgoing.write(chunk));
      outgoing.on('data', (chunk) => silent || incoming.write(chunk));
      incoming.on('error', () => {});
      outgoing.on('error', () => {});
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const via = new URL(t.databaseUrl);
    via.hostname = '127.0.0.1';
    via.port = String((proxy.address() as net.AddressInfo).port);
    const cache = new SessionCache<string>({ connectionString: via.toString() }, log);
    try {
      await cache.start();
      expect(cache.listening).toBe(true);
      silent = true;
      await expect.poll(() => cache.listening, { timeout: 30_000, interval: 250 }).toBe(false);
    } finally {
      await cache.close();
      for (const socket of sockets) socket.destroy();
      proxy.close();
    }
  }, 40_000);

  const listeningCache = () => {
    const cache = new SessionCache<string>({}, log);
    // As if connected: only listening caches remember.
    Object.assign(cache, { client: {} });
    return cache;
  };
  const session = {
    userId: 'u1',
    value: 'actor',
    expiresInMs: 60_000,
    idleForMs: 60_000,
    touchedAt: Date.now(),
  };

  it('does not keep what a lookup read when an invalidation arrived during the lookup', () => {
    const cache = listeningCache();
    const generation = cache.begin();
    cache.forget('u1');
    cache.set('t1', generation, session);
    expect(cache.get('t1')).toBeUndefined();
    cache.set('t1', cache.begin(), session);
    expect(cache.get('t1')?.value).toBe('actor');
  });

  it('forgets one person, or everyone', () => {
    const cache = listeningCache();
    cache.set('t1', cache.begin(), session);
    cache.set('t2', cache.begin(), { ...session, userId: 'u2' });
    cache.forget('u1');
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t2')).toBeDefined();
    cache.forget('*');
    expect(cache.get('t2')).toBeUndefined();
  });

  it('stops using a session past its expiry or idle deadline', () => {
    const cache = listeningCache();
    cache.set('t1', cache.begin(), { ...session, expiresInMs: -1 });
    cache.set('t2', cache.begin(), { ...session, idleForMs: -1 });
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t2')).toBeUndefined();
  });

  it('remembers nothing when not listening', () => {
    const cache = new SessionCache<string>({}, log);
    cache.set('t1', cache.begin(), session);
    expect(cache.get('t1')).toBeUndefined();
  });
});
