import { describe, expect, it } from 'vitest';
import { agent, signedIn, setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';
import { expectedSecurityHeaders } from '#server/test/security-headers.ts';

const t = setupTestApp();

describe('sessions', () => {
  it('signs a person in with email and password and reports who they are', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id });
    const browser = agent(t);
    const response = await browser.post('/api/session', {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(response.statusCode).toBe(204);
    const cookie = response.cookies.find((c) => c.name === 'trellis_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await browser.get('/api/session');
    expect(me.json().data.user).toMatchObject({ id: user.id, districtId: district.id, roles: ['teacher'] });
  });

  it('gives one answer for a wrong password and an unknown email', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id });
    const wrong = await agent(t).post('/api/session', {
      email: user.email,
      password: 'not the password at all',
    });
    const unknown = await agent(t).post('/api/session', {
      email: 'nobody@example.test',
      password: 'not the password at all',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a deactivated account', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id, status: 'deactivated' });
    const response = await agent(t).post('/api/session', { email: user.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(401);
  });

  it('names each bad field and rejects unknown ones', async () => {
    const response = await agent(t).post('/api/session', { email: 'not-an-email', password: 5, extra: true });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/email', '/body/password']));
  });

  it('refuses a cookie-authenticated write without the CSRF token or from another origin', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, user.id);
    const noToken = await browser.request({
      method: 'DELETE',
      url: '/api/session',
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(noToken.statusCode).toBe(403);
    const crossOrigin = await browser.request({
      method: 'DELETE',
      url: '/api/session',
      headers: { origin: 'https://evil.example' },
    });
    expect(crossOrigin.statusCode).toBe(403);
    expect((await browser.get('/api/session')).json().data.user.id).toBe(user.id);
    const ok = await browser.delete('/api/session');
    expect(ok.statusCode).toBe(204);
    expect((await browser.get('/api/session')).json().data).toBeNull();
  });

  it('rejects an oversized body with problem details', async () => {
    const response = await agent(t).post('/api/session', {
      email: 'a@b.test',
      password: 'x'.repeat(400_000),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers an over-long or malformed address with problem details', async () => {
    const long = await agent(t).get(`/api/organizations/${'a'.repeat(5000)}`);
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toContain('application/problem+json');
    const bad = await agent(t).get('/api/organizations/%E0%A4%A');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('sets the same security headers on a signed-in read, a refusal and a missing route', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, user.id);
    const read = await browser.get(`/api/organizations/${district.id}`);
    expect(read.statusCode).toBe(200);
    const refused = await agent(t).get(`/api/organizations/${district.id}`);
    expect(refused.statusCode).toBe(401);
    const missing = await browser.get('/api/no-such-route');
    expect(missing.statusCode).toBe(404);
    for (const response of [read, refused, missing]) {
      expect(response.headers).toMatchObject({ ...expectedSecurityHeaders, 'cache-control': 'no-store' });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      // Over plain HTTP (as here), browsers are not told to insist on HTTPS.
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
    // Counted per person once signed in, per address before; an address with no route is not counted.
    expect(read.headers['x-ratelimit-limit']).toBe(String(t.config.RATE_LIMIT_PER_MINUTE));
    expect(Number(read.headers['x-ratelimit-remaining'])).toBe(t.config.RATE_LIMIT_PER_MINUTE - 1);
    expect(Number(read.headers['x-ratelimit-reset'])).toBe(60);
    expect(refused.headers['x-ratelimit-limit']).toBe(String(t.config.RATE_LIMIT_PER_MINUTE));
    expect(missing.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('sets security headers on every response', async () => {
    const response = await agent(t).get('/api/session');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
  });
});
