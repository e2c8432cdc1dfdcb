import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';

const t = setupTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '5' });

// Sign-in is not under the per-address attempt limit (a school shares one address): its failures
// slow it instead, tested in sign-in-throttle.test.ts.
const resetFrom = (remoteAddress: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/password-resets',
    remoteAddress,
    headers: { origin: t.config.PUBLIC_URL },
    payload: { email: 'someone@example.test' },
  });

describe('rate limits', () => {
  it('stops the fourth reset request a minute from one address with problem details', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await resetFrom('198.51.100.7')).statusCode);
    expect(statuses).toEqual([202, 202, 202]);
    const fourth = await resetFrom('198.51.100.7');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers['content-type']).toContain('application/problem+json');
    expect(fourth.json()).toMatchObject({ status: 429, code: 'too_many_requests' });
    expect(fourth.headers['retry-after']).toBeDefined();
    // Another address has its own budget.
    expect((await resetFrom('198.51.100.8')).statusCode).toBe(202);
  });

  it('counts every IPv6 address of one /64 together, and another /64 apart', async () => {
    for (const address of ['2001:db8:aa:bb::1', '2001:db8:aa:bb::2', '2001:db8:aa:bb:abcd:1234:5678:9abc']) {
      expect((await resetFrom(address)).statusCode).toBe(202);
    }
    // Same /64, written differently: still the same budget.
    expect((await resetFrom('2001:0db8:00aa:00bb:ffff::1')).statusCode).toBe(429);
    expect((await resetFrom('2001:db8:aa:bc::1')).statusCode).toBe(202);
  });

  it('limits completing a reset per address too', async () => {
    const complete = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/password-resets/complete',
        remoteAddress,
        headers: { origin: t.config.PUBLIC_URL },
        payload: { token: 'nonsense', password: 'a long enough password' },
      });
    for (let i = 0; i < 3; i++) expect((await complete('203.0.113.21')).statusCode).toBe(400);
    expect((await complete('203.0.113.21')).statusCode).toBe(429);
  });

  it('limits signed-in people each on their own budget, however many share one address', async () => {
    const district = await buildDistrict(t.database.db);
    const first = await buildUser(t.database.db, { districtId: district.id });
    const second = await buildUser(t.database.db, { districtId: district.id });
    const firstBrowser = await signedIn(t, first.id);
    const secondBrowser = await signedIn(t, second.id);
    const from = (browser: typeof firstBrowser): InjectOptions => ({
      method: 'GET',
      url: '/api/session',
      remoteAddress: '192.0.2.50',
      headers: { cookie: browser.cookie ?? '' },
    });
    for (let i = 0; i < 5; i++) expect((await t.app.inject(from(firstBrowser))).statusCode).toBe(200);
    expect((await t.app.inject(from(firstBrowser))).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) expect((await t.app.inject(from(secondBrowser))).statusCode).toBe(200);
    expect((await t.app.inject(from(secondBrowser))).statusCode).toBe(429);
    // Someone signed out at the same school address is not throttled by their colleagues either.
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/session', remoteAddress: '192.0.2.50' });
    expect(anonymous.statusCode).toBe(200);
  });

  it('follows the same person across addresses once signed in', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, user.id);
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/session',
            remoteAddress: `192.0.2.${100 + i}`,
            headers: { cookie: browser.cookie ?? '' },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
