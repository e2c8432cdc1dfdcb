import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { throttleKeys } from '#server/platform/sign-in-throttle.ts';
import { setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';

// The limits Trellis ships with, not the test suite's generous ones.
const t = setupTestApp({ RATE_LIMIT_PER_MINUTE: '600', AUTH_RATE_LIMIT_PER_MINUTE: '10' });
// Behind one load balancer that appends the address it saw to X-Forwarded-For.
const proxied = setupTestApp({ TRUST_PROXY: '1', AUTH_RATE_LIMIT_PER_MINUTE: '3' });

const signIn = (
  context: TestContext,
  email: string,
  password: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
) =>
  context.app.inject({
    method: 'POST',
    url: '/api/session',
    remoteAddress,
    headers: { origin: context.config.PUBLIC_URL, ...headers },
    payload: { email, password },
  });

/** Moves an account's or address's last failure back in time, as if the wait had passed. */
async function waitOut(context: TestContext, key: string, seconds: number) {
  await context.database.db.execute(
    sql`update sign_in_failures set last_failure_at = last_failure_at - make_interval(secs => ${seconds})
         where key = ${key}`,
  );
}

/** Counts failures as if they had just been sent, to reach a threshold without a hundred requests. */
async function setFailures(context: TestContext, key: string, count: number) {
  await context.database.db.execute(
    sql`insert into sign_in_failures (key, failures, last_failure_at) values (${key}, ${count}, now())`,
  );
}

async function failures(context: TestContext, key: string): Promise<number | null> {
  const { rows } = await context.database.db.execute<{ failures: number }>(
    sql`select failures from sign_in_failures where key = ${key}`,
  );
  return rows[0]?.failures ?? null;
}

describe('signing in from one school address', () => {
  it('lets 300 teachers behind one address sign in, and counts no failure for them', async () => {
    const district = await buildDistrict(t.database.db);
    const teachers = [];
    for (let i = 0; i < 300; i++) teachers.push(await buildUser(t.database.db, { districtId: district.id }));
    const statuses: number[] = [];
    const started = Date.now();
    // One after another: the school's address is shared, and no correct sign-in counts against it.
    for (const teacher of teachers)
      statuses.push((await signIn(t, teacher.email, TEST_PASSWORD, '198.51.100.10')).statusCode);
    expect(Date.now() - started).toBeLessThan(5 * 60_000);
    expect(statuses.filter((s) => s !== 204)).toEqual([]);
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from sign_in_failures
           where key = any(${sql.param([
             throttleKeys('x', '198.51.100.10').address,
             ...teachers.map((teacher) => throttleKeys(teacher.email, '198.51.100.10').account),
           ])}::text[])`,
    );
    expect(rows[0].n).toBe(0);
  }, 180_000);
});

describe('wrong passwords for one account', () => {
  it('wait longer after each failure beyond the first five, up to a minute, and never lock the owner out', async () => {
    const district = await buildDistrict(t.database.db);
    const owner = await buildUser(t.database.db, { districtId: district.id });
    const key = throttleKeys(owner.email, '0.0.0.0').account;
    // A colleague guesses from one address.
    for (let i = 0; i < 5; i++)
      expect((await signIn(t, owner.email, `guess number ${i}`, '198.51.100.20')).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const refused = await signIn(t, owner.email, 'another guess', '198.51.100.20');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({
        status: 429,
        code: 'too_many_requests',
        detail: `Too many wrong passwords. Wait ${refused.headers['retry-after']} second${refused.headers['retry-after'] === '1' ? '' : 's'} and try again.`,
      });
      const wait = Number(refused.headers['retry-after']);
      waits.push(wait);
      // Hammering while refused counts for nothing.
      expect((await signIn(t, owner.email, 'hammer', '198.51.100.20')).statusCode).toBe(429);
      await waitOut(t, key, wait);
      expect((await signIn(t, owner.email, `late guess ${i}`, '198.51.100.20')).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    expect(await failures(t, key)).toBe(13);
    // The owner, elsewhere, waits at most a minute after the last wrong guess, then gets in.
    const owners = await signIn(t, owner.email, TEST_PASSWORD, '203.0.113.30');
    expect(owners.statusCode).toBe(429);
    expect(Number(owners.headers['retry-after'])).toBeLessThanOrEqual(60);
    await waitOut(t, key, 60);
    expect((await signIn(t, owner.email, TEST_PASSWORD, '203.0.113.30')).statusCode).toBe(204);
    // A successful sign-in forgets the account's failures.
    expect(await failures(t, key)).toBeNull();
    expect((await signIn(t, owner.email, 'a typo', '203.0.113.30')).statusCode).toBe(401);
  });

  it('counts the same for an address without an account, so the wait reveals nothing', async () => {
    const email = 'nobody.at.all@example.test';
    for (let i = 0; i < 5; i++)
      expect((await signIn(t, email, 'guess', '198.51.100.21')).statusCode).toBe(401);
    const refused = await signIn(t, email, 'guess', '198.51.100.21');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
  });

  it('are counted once for all instances', async () => {
    const district = await buildDistrict(t.database.db);
    const owner = await buildUser(t.database.db, { districtId: district.id });
    const other = await buildApp({ config: t.config, db: t.database.db, pool: t.database.pool });
    await other.ready();
    try {
      for (let i = 0; i < 5; i++)
        expect((await signIn(t, owner.email, 'guess', '198.51.100.22')).statusCode).toBe(401);
      const elsewhere = await other.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: '198.51.100.23',
        headers: { origin: t.config.PUBLIC_URL },
        payload: { email: owner.email, password: 'guess' },
      });
      expect(elsewhere.statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('many failures from one address', () => {
  it('slow every sign-in from that address once they pass a hundred, and no other address', async () => {
    const district = await buildDistrict(t.database.db);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    // 95 failures counted a moment ago, then five more on five more accounts.
    await setFailures(t, throttleKeys('x', '198.51.100.40').address, 95);
    for (let i = 0; i < 5; i++)
      expect((await signIn(t, `sprayed.${i}@example.test`, 'Winter2026!', '198.51.100.40')).statusCode).toBe(
        401,
      );
    expect(await failures(t, throttleKeys('x', '198.51.100.40').address)).toBe(100);
    const refused = await signIn(t, teacher.email, TEST_PASSWORD, '198.51.100.40');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn(t, teacher.email, TEST_PASSWORD, '198.51.100.41')).statusCode).toBe(204);
  });
});

describe('changing a password', () => {
  it('slows guesses of the current password like sign-in', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, user.id);
    for (let i = 0; i < 5; i++) {
      const wrong = await browser.put('/api/password', {
        currentPassword: `guess ${i}`,
        newPassword: 'a brand new passphrase',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0].path).toBe('/body/currentPassword');
    }
    const refused = await browser.put('/api/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    await waitOut(t, throttleKeys(user.email, '0.0.0.0').account, 1);
    const changed = await browser.put('/api/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.statusCode).toBe(204);
  });
});

describe('behind a proxy trusted for one hop', () => {
  const viaProxy = (clientWrote: string, proxySaw: string) => ({
    'x-forwarded-for': `${clientWrote}, ${proxySaw}`,
  });

  it('takes the address the proxy saw, whatever the client wrote before it', async () => {
    const district = await buildDistrict(proxied.database.db);
    const user = await buildUser(proxied.database.db, { districtId: district.id });
    const response = await signIn(
      proxied,
      user.email,
      TEST_PASSWORD,
      '10.0.0.2',
      viaProxy('1.2.3.4', '203.0.113.77'),
    );
    expect(response.statusCode).toBe(204);
    const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const devices = await proxied.app.inject({ method: 'GET', url: '/api/sessions', headers: { cookie } });
    expect(devices.json().data[0].ip).toBe('203.0.113.77');
  });

  it('does not let a client escape the per-address limits by writing X-Forwarded-For', async () => {
    const ask = (clientWrote: string) =>
      proxied.app.inject({
        method: 'POST',
        url: '/api/password-resets',
        remoteAddress: '10.0.0.2',
        headers: { origin: proxied.config.PUBLIC_URL, ...viaProxy(clientWrote, '203.0.113.78') },
        payload: { email: 'someone@example.test' },
      });
    for (let i = 0; i < 3; i++) expect((await ask(`192.0.2.${i + 1}`)).statusCode).toBe(202);
    expect((await ask('192.0.2.99')).statusCode).toBe(429);
  });

  it('does not let a client escape the failure counters by writing X-Forwarded-For', async () => {
    const email = 'spoofing.target@example.test';
    await setFailures(proxied, throttleKeys('x', '203.0.113.79').address, 97);
    // Each guess claims another client address; the proxy says where each came from.
    for (let i = 0; i < 3; i++)
      expect(
        (
          await signIn(
            proxied,
            `spray.${i}@example.test`,
            'guess',
            '10.0.0.2',
            viaProxy(`192.0.2.${i}`, '203.0.113.79'),
          )
        ).statusCode,
      ).toBe(401);
    expect(await failures(proxied, throttleKeys('x', '203.0.113.79').address)).toBe(100);
    const refused = await signIn(proxied, email, 'guess', '10.0.0.2', viaProxy('198.18.0.1', '203.0.113.79'));
    expect(refused.statusCode).toBe(429);
  });
});
