import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '#server/db/schema.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';

const t = setupTestApp();

async function newUser() {
  const district = await buildDistrict(t.database.db);
  return buildUser(t.database.db, { districtId: district.id });
}

/** Signs in through the real sign-in route, as a browser with the given user agent would. */
async function signIn(email: string, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0') {
  const browser = agent(t);
  const response = await browser.request({
    method: 'POST',
    url: '/api/session',
    payload: { email, password: TEST_PASSWORD },
    headers: { 'user-agent': userAgent },
  });
  expect(response.statusCode).toBe(204);
  const token = response.cookies.find((c) => c.name === 'trellis_session')?.value;
  if (!token) throw new Error('no session cookie');
  return { browser, token };
}

const sessionUser = async (browser: ReturnType<typeof agent>) =>
  (await browser.get('/api/session')).json().data?.user.id ?? null;

describe('session rules', () => {
  it('stores only a hash of the session token, never the cookie value', async () => {
    const user = await newUser();
    const { token } = await signIn(user.email);
    const rows = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).not.toBe(token);
    const found = await t.database.pool.query(
      'select count(*)::int as n from sessions where token_hash = $1 or csrf_token = $1 or id::text = $1',
      [token],
    );
    expect(found.rows[0].n).toBe(0);
  });

  it('gives tokens of at least 128 random bits', async () => {
    const user = await newUser();
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) tokens.add((await signIn(user.email)).token);
    expect(tokens.size).toBe(3);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      // base64url carries 6 bits per character.
      expect(token.length * 6).toBeGreaterThanOrEqual(128);
    }
  });

  it('signs a person out after the idle limit, enforced by the server', async () => {
    const user = await newUser();
    const { browser, token } = await signIn(user.email);
    expect(await sessionUser(browser)).toBe(user.id);
    await t.database.db
      .update(sessions)
      .set({
        lastSeenAt: sql`now() - make_interval(mins => ${t.config.SESSION_IDLE_MINUTES + 1})`,
      })
      .where(eq(sessions.userId, user.id));
    expect(await sessionUser(browser)).toBeNull();
    expect(token).toBeTruthy();
  });

  it('keeps an active session alive within the idle limit', async () => {
    const user = await newUser();
    const { browser } = await signIn(user.email);
    await t.database.db
      .update(sessions)
      .set({
        lastSeenAt: sql`now() - make_interval(mins => ${t.config.SESSION_IDLE_MINUTES - 5})`,
      })
      .where(eq(sessions.userId, user.id));
    expect(await sessionUser(browser)).toBe(user.id);
    // The request touched the session, so it is fresh again.
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(Date.now() - row.lastSeenAt.getTime()).toBeLessThan(60_000);
  });

  it('signs a person out at the absolute expiry however active they are', async () => {
    const user = await newUser();
    const { browser } = await signIn(user.email);
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1_000), lastSeenAt: new Date() })
      .where(eq(sessions.userId, user.id));
    expect(await sessionUser(browser)).toBeNull();
  });

  it('sets the absolute expiry from configuration at sign-in', async () => {
    const user = await newUser();
    await signIn(user.email);
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    const hours = (row.expiresAt.getTime() - row.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(t.config.SESSION_ABSOLUTE_HOURS, 1);
  });

  it('rotates the token when a signed-in person signs in again, and the old token stops working', async () => {
    const user = await newUser();
    const { browser, token: first } = await signIn(user.email);
    const oldCookie = browser.cookie;
    const again = await browser.post('/api/session', { email: user.email, password: TEST_PASSWORD });
    expect(again.statusCode).toBe(204);
    const second = again.cookies.find((c) => c.name === 'trellis_session')?.value;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(await sessionUser(browser)).toBe(user.id);
    const stale = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: oldCookie ?? '' },
    });
    expect(stale.json().data).toBeNull();
    const rows = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
  });

  it('ignores an absurdly long or forged cookie', async () => {
    for (const value of ['x'.repeat(5_000), 'forged-token', '']) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: `trellis_session=${value}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toBeNull();
    }
  });
});

describe('the devices a person is signed in on', () => {
  it('requires a session to list or revoke', async () => {
    const anonymous = agent(t);
    expect((await anonymous.get('/api/sessions')).statusCode).toBe(401);
    expect((await anonymous.delete('/api/sessions/0190a000-0000-7000-8000-000000000000')).statusCode).toBe(
      401,
    );
    expect((await anonymous.post('/api/sessions/revoke-others')).statusCode).toBe(401);
  });

  it('lists only the caller\u2019s sessions, newest first, marking this device', async () => {
    const user = await newUser();
    const stranger = await newUser();
    await signIn(stranger.email);
    const { browser: laptop } = await signIn(user.email, 'Mozilla/5.0 (Windows NT 10.0) Chrome/139.0');
    const { browser: phone } = await signIn(
      user.email,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1',
    );
    const response = await laptop.get('/api/sessions');
    expect(response.statusCode).toBe(200);
    const { data, nextCursor } = response.json();
    expect(nextCursor).toBeNull();
    expect(data).toHaveLength(2);
    expect(data[0].userAgent).toContain('iPhone');
    expect(data[0].current).toBe(false);
    expect(data[1]).toMatchObject({ current: true, userAgent: expect.stringContaining('Chrome') });
    expect(data[1].ip).toBeTruthy();
    expect(Object.keys(data[0]).sort()).toEqual([
      'createdAt',
      'current',
      'id',
      'ip',
      'lastSeenAt',
      'userAgent',
    ]);
    const fromPhone = (await phone.get('/api/sessions')).json().data;
    expect(fromPhone[0].current).toBe(true);
  });

  it('pages through many sessions by cursor', async () => {
    const user = await newUser();
    const browser = await signedIn(t, user.id);
    for (let i = 0; i < 4; i++) await signedIn(t, user.id);
    const first = (await browser.get('/api/sessions?limit=3')).json();
    expect(first.data).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await browser.get(`/api/sessions?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.data).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.data, ...second.data].map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(5);
    const bad = await browser.get('/api/sessions?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/querystring/cursor');
    const tooMany = await browser.get('/api/sessions?limit=1000');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].path).toBe('/querystring/limit');
  });

  it('signs out one other device', async () => {
    const user = await newUser();
    const { browser: laptop } = await signIn(user.email);
    const { browser: phone } = await signIn(user.email);
    const list = (await laptop.get('/api/sessions')).json().data as Array<{ id: string; current: boolean }>;
    const phoneSession = list.find((s) => !s.current);
    const response = await laptop.delete(`/api/sessions/${phoneSession?.id}`);
    expect(response.statusCode).toBe(204);
    expect(await sessionUser(phone)).toBeNull();
    expect(await sessionUser(laptop)).toBe(user.id);
    expect((await laptop.get('/api/sessions')).json().data).toHaveLength(1);
  });

  it('treats revoking this device as signing out', async () => {
    const user = await newUser();
    const { browser } = await signIn(user.email);
    const [current] = (await browser.get('/api/sessions')).json().data;
    const response = await browser.delete(`/api/sessions/${current.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === 'trellis_session')?.value).toBe('');
    expect(await sessionUser(browser)).toBeNull();
  });

  it('answers 404 for another person\u2019s session and leaves it alone', async () => {
    const user = await newUser();
    const stranger = await newUser();
    const { browser } = await signIn(user.email);
    const { browser: strangerBrowser } = await signIn(stranger.email);
    const [strangerSession] = (await strangerBrowser.get('/api/sessions')).json().data;
    const response = await browser.delete(`/api/sessions/${strangerSession.id}`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await sessionUser(strangerBrowser)).toBe(stranger.id);
    const unknown = await browser.delete('/api/sessions/0190a000-0000-7000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
  });

  it('names a malformed session id', async () => {
    const user = await newUser();
    const browser = await signedIn(t, user.id);
    const response = await browser.delete('/api/sessions/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/params/id');
  });

  it('signs out everywhere else but keeps this device and other people', async () => {
    const user = await newUser();
    const stranger = await newUser();
    const here = await signedIn(t, user.id);
    const others = [await signedIn(t, user.id), await signedIn(t, user.id)];
    const strangerBrowser = await signedIn(t, stranger.id);
    const response = await here.post('/api/sessions/revoke-others');
    expect(response.statusCode).toBe(204);
    expect(await sessionUser(here)).toBe(user.id);
    for (const other of others) expect(await sessionUser(other)).toBeNull();
    expect(await sessionUser(strangerBrowser)).toBe(stranger.id);
  });

  it('refuses to revoke sessions without the CSRF token', async () => {
    const user = await newUser();
    const here = await signedIn(t, user.id);
    const other = await signedIn(t, user.id);
    const response = await here.request({
      method: 'POST',
      url: '/api/sessions/revoke-others',
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(response.statusCode).toBe(403);
    expect(await sessionUser(other)).toBe(user.id);
  });

  it('returns a hostile user agent as inert data', async () => {
    const user = await newUser();
    const { browser } = await signIn(user.email, '<script>alert(1)</script>');
    const response = await browser.get('/api/sessions');
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json().data[0].userAgent).toBe('<script>alert(1)</script>');
  });
});

describe('behind TLS', () => {
  const tls = setupTestApp({ PUBLIC_URL: 'https://trellis.test' });

  it('sets a __Host- prefixed, Secure, httpOnly, SameSite=Lax cookie for the whole site', async () => {
    const district = await buildDistrict(tls.database.db);
    const user = await buildUser(tls.database.db, { districtId: district.id });
    const browser = agent(tls);
    const response = await browser.post('/api/session', { email: user.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(204);
    const cookie = response.cookies.find((c) => c.name === '__Host-trellis_session');
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie).not.toHaveProperty('domain');
    expect(response.cookies.find((c) => c.name === 'trellis_session')).toBeUndefined();
    expect((await browser.get('/api/session')).json().data.user.id).toBe(user.id);
  });
});
