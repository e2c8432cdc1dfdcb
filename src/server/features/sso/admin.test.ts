import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, signOnDomains, signOnProviders } from '#server/db/schema.ts';
import { seedSignOnDemo } from '#server/db/seed/sign-on-demo.ts';
import { readOutbox } from '#server/platform/mail.ts';
import { decryptSecret, deriveEncryptionKey, loadKeySecret } from '#server/platform/secret-box.ts';
import { newToken } from '#server/platform/secrets.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { startTestDnsServer } from '#server/test/dns-server.ts';
import { startTestProvider, type TestProvider } from '#server/test/oidc-provider.ts';

const dns = await startTestDnsServer();
const t = setupTestApp({ SIGN_ON_LOOPBACK_HTTP: '1', SIGN_ON_DNS_SERVERS: dns.address });
let op: TestProvider;

beforeAll(async () => {
  op = await startTestProvider();
});
afterAll(async () => {
  await op?.close();
  await dns.close();
});

const word = () =>
  newToken()
    .slice(0, 8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');

async function adminOfNewDistrict() {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
  return { district, admin, browser: await signedIn(t, admin.id) };
}

const providerBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'oidc',
  name: 'District Login',
  issuer: op.issuer,
  clientId: `client-${word()}`,
  clientSecret: `secret-${newToken()}`,
  ...overrides,
});

async function auditOf(districtId: string) {
  return t.database.db.select().from(auditEvents).where(eq(auditEvents.districtId, districtId));
}

describe('who may configure single sign-on', () => {
  it('answers 401 signed out and 403 to a teacher, and changes nothing', async () => {
    const { district } = await adminOfNewDistrict();
    expect((await agent(t).get('/api/sso')).statusCode).toBe(401);
    expect((await agent(t).post('/api/sso/providers', providerBody())).statusCode).toBe(401);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, teacher.id);
    expect((await browser.get('/api/sso')).statusCode).toBe(403);
    const refused = await browser.post('/api/sso/providers', providerBody());
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(
      await t.database.db.select().from(signOnProviders).where(eq(signOnProviders.districtId, district.id)),
    ).toEqual([]);
  });
});

describe('connecting a provider', () => {
  it('stores the client secret encrypted, never returns it, and audits the change without it', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const body = providerBody();
    const created = await browser.post('/api/sso/providers', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data).toMatchObject({
      kind: 'oidc',
      issuer: op.issuer,
      clientId: body.clientId,
      clientSecret: 'set',
      redirectUri: 'http://trellis.test/api/sso/callback',
    });
    expect(created.body).not.toContain(body.clientSecret);
    const overview = await browser.get('/api/sso');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).not.toContain(body.clientSecret);

    const [row] = await t.database.db
      .select()
      .from(signOnProviders)
      .where(eq(signOnProviders.districtId, district.id));
    expect(row.clientSecretEncrypted).not.toContain(body.clientSecret);
    const key = deriveEncryptionKey(await loadKeySecret(t.config, () => {}));
    expect(decryptSecret(key, row.clientSecretEncrypted, `sign-on-provider:${row.id}`)).toBe(
      body.clientSecret,
    );
    // Bound to its row: the box does not open as another provider's secret.
    expect(() => decryptSecret(key, row.clientSecretEncrypted, `sign-on-provider:${newToken()}`)).toThrow();

    const changed = await browser.patch(`/api/sso/providers/${row.id}`, {
      clientSecret: 'a-new-secret-value',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).not.toContain('a-new-secret-value');
    const audit = await auditOf(district.id);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['sign_on.provider_connected', 'sign_on.provider_changed']),
    );
    const logged = JSON.stringify(audit.map((a) => a.details));
    expect(logged).not.toContain(body.clientSecret);
    expect(logged).not.toContain('a-new-secret-value');
    expect(logged).toContain('replaced');
  });

  it('keeps the stored secret only for the issuer, client and tenant it was given for', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const body = providerBody();
    const { id } = (await browser.post('/api/sso/providers', body)).json().data;
    const [before] = await t.database.db.select().from(signOnProviders).where(eq(signOnProviders.id, id));
    for (const change of [
      { issuer: 'https://attacker.example/' },
      { clientId: 'someone-elses-client' },
      { tenantId: '0b6b1f0e-8c2a-4a57-9a55-1f2d3c4b5a69' },
    ]) {
      const refused = await browser.patch(`/api/sso/providers/${id}`, change);
      expect(refused.statusCode, JSON.stringify(change)).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().errors).toEqual([
        { path: '/body/clientSecret', message: expect.stringContaining('client secret again') },
      ]);
    }
    const [after] = await t.database.db.select().from(signOnProviders).where(eq(signOnProviders.id, id));
    expect(after).toEqual(before);
    expect((await auditOf(district.id)).map((a) => a.action)).not.toContain('sign_on.provider_changed');

    // The same values sent back, or a new client with its own secret, are fine.
    const same = await browser.patch(`/api/sso/providers/${id}`, {
      issuer: body.issuer,
      clientId: body.clientId,
      name: 'Renamed',
    });
    expect(same.statusCode, same.body).toBe(200);
    const moved = await browser.patch(`/api/sso/providers/${id}`, {
      clientId: 'the-new-client',
      clientSecret: 'the-new-client-secret',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().data.clientId).toBe('the-new-client');
  });

  it('names the issuer when the provider cannot be reached, and stores nothing', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const refused = await browser.post(
      '/api/sso/providers',
      providerBody({ issuer: 'http://127.0.0.1:9/nothing' }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors).toEqual([
      { path: '/body/issuer', message: expect.stringContaining('could not be reached') },
    ]);
    expect(
      await t.database.db.select().from(signOnProviders).where(eq(signOnProviders.districtId, district.id)),
    ).toEqual([]);
    expect(await auditOf(district.id)).toEqual([]);
  });

  it('names each bad field: an http issuer elsewhere, a missing secret, an Entra provider without its tenant', async () => {
    const { browser } = await adminOfNewDistrict();
    const plain = await browser.post(
      '/api/sso/providers',
      providerBody({ issuer: 'http://login.example.test' }),
    );
    expect(plain.json().errors).toEqual([{ path: '/body/issuer', message: 'must be an https address' }]);
    const { clientSecret: _, ...withoutSecret } = providerBody();
    const missing = await browser.post('/api/sso/providers', withoutSecret);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/clientSecret']);
    const entra = await browser.post('/api/sso/providers', providerBody({ kind: 'entra' }));
    expect(entra.statusCode).toBe(400);
    expect(entra.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/tenantId']);
  });

  it('keeps passwords on until a provider is connected, and a last provider on while passwords are off', async () => {
    const { browser } = await adminOfNewDistrict();
    const early = await browser.put('/api/sso/settings', {
      passwordsAllowed: false,
      unknownPeople: 'refuse',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].path).toBe('/body/passwordsAllowed');
    const created = (await browser.post('/api/sso/providers', providerBody())).json().data;
    expect(
      (await browser.put('/api/sso/settings', { passwordsAllowed: false, unknownPeople: 'refuse' }))
        .statusCode,
    ).toBe(200);
    const off = await browser.patch(`/api/sso/providers/${created.id}`, { enabled: false });
    expect(off.statusCode).toBe(409);
    expect((await browser.get('/api/sso')).json().data.providers[0].enabled).toBe(true);
    expect((await browser.delete(`/api/sso/providers/${created.id}`)).statusCode).toBe(409);
  });
});

describe('the demo’s sample configuration', () => {
  it('shows a sample provider honestly as not connected, and turns it on only with a secret', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const domain = `d${word()}.test`;
    await seedSignOnDemo(t.database.db, district.name, domain);
    const overview = (await browser.get('/api/sso')).json().data;
    expect(overview.providers).toMatchObject([
      { kind: 'google', enabled: false, clientSecret: 'not_set', issuer: 'https://accounts.google.com' },
    ]);
    expect(overview.domains).toMatchObject([{ domain, verifiedAt: null }]);
    const id = overview.providers[0].id;
    const on = await browser.patch(`/api/sso/providers/${id}`, { enabled: true });
    expect(on.statusCode).toBe(400);
    expect(on.json().errors[0].path).toBe('/body/clientSecret');
    expect((await browser.patch(`/api/sso/providers/${id}`, { name: 'Cedar Google' })).statusCode).toBe(200);
    const started = await agent(t).get(`/api/sso/start?provider=${id}`);
    expect(started.headers.location).toBe('/sign-on/problem?reason=disabled');
  });
});

describe('verifying a domain', () => {
  it('verifies by a DNS TXT record asked of the configured name server', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const domain = `d${word()}.test`;
    const claimed = await browser.post('/api/sso/domains', { domain: domain.toUpperCase() });
    expect(claimed.statusCode).toBe(201);
    const data = claimed.json().data;
    expect(data).toMatchObject({ domain, verifiedAt: null, txtName: `_trellis-verification.${domain}` });

    const early = await browser.post(`/api/sso/domains/${data.id}/verify-dns`);
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].message).toContain('No TXT record');

    dns.setTxt(data.txtName, ['v=spf1 -all', 'trellis-verification=not-this-one']);
    const wrong = await browser.post(`/api/sso/domains/${data.id}/verify-dns`);
    expect(wrong.json().errors[0].message).toContain('does not hold');

    dns.setTxt(data.txtName, ['v=spf1 -all', data.txtValue]);
    const verified = await browser.post(`/api/sso/domains/${data.id}/verify-dns`);
    expect(verified.statusCode).toBe(200);
    expect(verified.json().data).toMatchObject({ verifiedBy: 'dns' });
    expect((await auditOf(district.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['sign_on.domain_claimed', 'sign_on.domain_verified']),
    );
  });

  it('verifies by a confirmation mail to an address at the domain, once', async () => {
    const { browser } = await adminOfNewDistrict();
    const domain = `d${word()}.test`;
    const { id } = (await browser.post('/api/sso/domains', { domain })).json().data;
    const elsewhere = await browser.post(`/api/sso/domains/${id}/verify-mail`, { email: 'me@gmail.test' });
    expect(elsewhere.json().errors).toEqual([
      { path: '/body/email', message: `must be an address at ${domain}` },
    ]);
    // Any staff member has an address at the domain: only the owner's mailboxes prove control.
    const staff = await browser.post(`/api/sso/domains/${id}/verify-mail`, { email: `it@${domain}` });
    expect(staff.statusCode).toBe(400);
    expect(staff.headers['content-type']).toContain('application/problem+json');
    expect(staff.json().errors).toEqual([
      { path: '/body/email', message: expect.stringContaining(`postmaster@${domain}`) },
    ]);
    const sent = await browser.post(`/api/sso/domains/${id}/verify-mail`, { email: `postmaster@${domain}` });
    expect(sent.json().data.mailSentTo).toBe(`postmaster@${domain}`);
    const mail = await vi.waitFor(
      async () => {
        const found = (await readOutbox(path.join(t.config.dataDir, 'outbox'), 100)).find((m) =>
          m.to.includes(`postmaster@${domain}`),
        );
        if (!found) throw new Error('no mail yet');
        return found;
      },
      { timeout: 3_000, interval: 25 },
    );
    const token = decodeURIComponent(mail.text.match(/confirm-domain\?token=([A-Za-z0-9_%-]+)/)?.[1] ?? '');
    const confirmed = await agent(t).post('/api/sso/domains/confirm', { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().data).toMatchObject({ domain, verifiedBy: 'mail' });
    const again = await agent(t).post('/api/sso/domains/confirm', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('/body/token');
  });

  it('keeps a verified domain to one district', async () => {
    const a = await adminOfNewDistrict();
    const b = await adminOfNewDistrict();
    const domain = `d${word()}.test`;
    const claimA = (await a.browser.post('/api/sso/domains', { domain })).json().data;
    // A claim may wait in two districts; the first to prove control keeps the domain.
    const claimB = (await b.browser.post('/api/sso/domains', { domain })).json().data;
    dns.setTxt(claimA.txtName, [claimA.txtValue, claimB.txtValue]);
    expect((await a.browser.post(`/api/sso/domains/${claimA.id}/verify-dns`)).statusCode).toBe(200);
    const late = await b.browser.post(`/api/sso/domains/${claimB.id}/verify-dns`);
    expect(late.statusCode).toBe(409);
    const third = await adminOfNewDistrict();
    const taken = await third.browser.post('/api/sso/domains', { domain });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors).toEqual([{ path: '/body/domain', message: 'belongs to another district' }]);
    // Another district's claim does not exist for an admin elsewhere.
    expect((await third.browser.delete(`/api/sso/domains/${claimA.id}`)).statusCode).toBe(404);
    const rows = await t.database.db.select().from(signOnDomains).where(eq(signOnDomains.domain, domain));
    expect(rows.filter((r) => r.verifiedAt).map((r) => r.districtId)).toEqual([a.district.id]);
  });

  it('refuses public mail services, where anyone can have an address', async () => {
    const { district, browser } = await adminOfNewDistrict();
    for (const domain of ['gmail.com', 'Outlook.com', 'proton.me', 'gmx.de', 'yahoo.co.uk', 'mail.com']) {
      const refused = await browser.post('/api/sso/domains', { domain });
      expect(refused.statusCode, domain).toBe(400);
      expect(refused.json().errors).toEqual([
        { path: '/body/domain', message: expect.stringContaining('public mail service') },
      ]);
    }
    expect(
      await t.database.db.select().from(signOnDomains).where(eq(signOnDomains.districtId, district.id)),
    ).toEqual([]);
    // A district's own domain that merely contains such a name is fine.
    expect((await browser.post('/api/sso/domains', { domain: `gmail.com.d${word()}.test` })).statusCode).toBe(
      201,
    );
  });

  it('refuses a name that is not a domain', async () => {
    const { browser } = await adminOfNewDistrict();
    const refused = await browser.post('/api/sso/domains', { domain: 'not a domain' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/domain');
  });
});
