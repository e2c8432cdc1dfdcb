import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '#server/app.ts';
import { openDatabase } from '#server/db/client.ts';
import { setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildIssuerWorld, issueAwards } from '#server/test/credential-builders.ts';
import { PublicAwardResponse } from '#shared/contracts/awards.ts';

/**
 * An award's public page remembers its verification per instance (award-service.ts), keyed by what
 * the verification depends on, read afresh with the award on every request. Each test reads a page
 * first, so it is remembered, then changes what the page shows: a stale page would fail it.
 */
const t = setupTestApp();

async function awarded(options: { validForDays?: number | null } = {}) {
  const { district, admin, teacher, competencies, credential } = await buildIssuerWorld(
    t.database.db,
    options,
  );
  const [award] = await issueAwards(t, credential.id, [teacher.id]);
  return { district, admin, teacher, competencies, awardId: award.awardId };
}

type Page = {
  status: string;
  recipientName: string;
  issuer: { name: string };
  credential: { competencies: Array<{ statement: string }> };
  verification: { verified: boolean; checks: Array<{ check: string; status: string }> };
};
async function publicPage(context: TestContext, awardId: string): Promise<Page> {
  const response = await context.app.inject({ method: 'GET', url: `/api/public/awards/${awardId}` });
  expect(response.statusCode).toBe(200);
  // Sent as text without the serializer's check: every page holds to the contract, nothing more.
  const body = response.json();
  expect(PublicAwardResponse.parse(body)).toEqual(body);
  return body.data;
}
const check = (page: Page, name: string) => page.verification.checks.find((c) => c.check === name)?.status;

afterEach(() => {
  vi.useRealTimers();
});

describe('the public credential page, remembered', () => {
  const second = {} as TestContext;
  afterAll(async () => {
    await second.app?.close();
    await second.database?.close();
  });

  it('shows a revocation at once, on this instance and on another, once the page was read', async () => {
    second.database = openDatabase(t.databaseUrl, 2);
    second.config = t.config;
    second.databaseUrl = t.databaseUrl;
    second.app = await buildApp({ config: t.config, db: second.database.db, pool: second.database.pool });
    await second.app.ready();
    const { admin, awardId } = await awarded();
    for (const context of [t, t, second, second]) {
      const page = await publicPage(context, awardId);
      expect(page.status).toBe('active');
      expect(page.verification.verified).toBe(true);
    }
    const as = await signedIn(t, admin.id);
    expect(
      (await as.post(`/api/awards/${awardId}/revoke`, { reason: 'Not their own work' })).statusCode,
    ).toBe(200);
    for (const context of [t, second]) {
      const page = await publicPage(context, awardId);
      expect(page.status).toBe('revoked');
      expect(page.verification.verified).toBe(false);
      expect(check(page, 'revocation')).toBe('failed');
    }
  });

  it('shows the earner’s and the issuer’s new names and a competency’s new wording at once', async () => {
    const db = t.database.db;
    const { teacher, district, competencies, awardId } = await awarded();
    await publicPage(t, awardId);
    await publicPage(t, awardId);
    await db.execute(sql`update users set name = 'Renamed Earner' where id = ${teacher.id}`);
    await db.execute(sql`update organizations set name = 'Renamed Issuer' where id = ${district.id}`);
    await db.execute(
      sql`update competencies set statement = 'Leads learning, reworded' where id = ${competencies[0].id}`,
    );
    const page = await publicPage(t, awardId);
    expect(page.recipientName).toBe('Renamed Earner');
    expect(page.issuer.name).toBe('Renamed Issuer');
    expect(page.credential.competencies[0].statement).toBe('Leads learning, reworded');
  });

  it('checks the validity dates again once they have passed', async () => {
    const { awardId } = await awarded({ validForDays: 1 });
    const before = await publicPage(t, awardId);
    expect(before.status).toBe('active');
    expect(check(before, 'expiry')).toBe('passed');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 24 * 3_600_000);
    const after = await publicPage(t, awardId);
    expect(after.status).toBe('expired');
    expect(check(after, 'expiry')).toBe('failed');
    expect(after.verification.verified).toBe(false);
  });

  it('verifies again with the issuer’s keys as they are after a rotation', async () => {
    const { admin, district, awardId } = await awarded();
    expect((await publicPage(t, awardId)).verification.verified).toBe(true);
    const as = await signedIn(t, admin.id);
    expect((await as.post(`/api/issuers/${district.id}/keys/rotate`, {})).statusCode).toBe(200);
    // Signed with a key now retired but still listed: still verified, and read again, not remembered.
    const page = await publicPage(t, awardId);
    expect(page.verification.verified).toBe(true);
    expect(check(page, 'issuer')).toBe('passed');
  });
});
