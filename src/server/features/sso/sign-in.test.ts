import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  auditEvents,
  invitations,
  passwordResets,
  signOnAccessRequests,
  signOnDomains,
  signOnIdentities,
  users,
} from '#server/db/schema.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';
import { startTestProvider, type TestProvider } from '#server/test/oidc-provider.ts';
import type { ProviderKind } from '#shared/contracts/sso.ts';

const t = setupTestApp({ SIGN_ON_LOOPBACK_HTTP: '1' });
const CALLBACK = 'http://trellis.test/api/sso/callback';
const TENANT = '0b6b1f0e-8c2a-4a57-9a55-1f2d3c4b5a69';
let op: TestProvider;
let entraOp: TestProvider;

beforeAll(async () => {
  op = await startTestProvider();
  entraOp = await startTestProvider({ path: `/${TENANT}/v2.0` });
});
afterAll(async () => {
  await op?.close();
  await entraOp?.close();
});

const word = () =>
  newToken()
    .slice(0, 8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');

/** A district with an admin, a verified domain, and a provider connected through the API. */
async function districtWithProvider(
  options: {
    kind?: ProviderKind;
    provider?: TestProvider;
    tenantId?: string;
    unknownPeople?: 'refuse' | 'request';
  } = {},
) {
  const provider = options.provider ?? op;
  const district = await buildDistrict(t.database.db);
  const domain = `d${word()}.test`;
  const admin = await buildUser(t.database.db, {
    districtId: district.id,
    role: 'district_admin',
    email: `admin@${domain}`,
  });
  const browser = await signedIn(t, admin.id);
  await t.database.db.insert(signOnDomains).values({
    districtId: district.id,
    domain,
    txtToken: newToken(),
    verifiedAt: new Date(),
    verifiedBy: 'dns',
  });
  const clientId = `trellis-${word()}`;
  const clientSecret = newToken();
  provider.addClient({
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [CALLBACK],
    post_logout_redirect_uris: ['http://trellis.test/sign-in'],
    token_endpoint_auth_method: 'client_secret_post',
  });
  const created = await browser.post('/api/sso/providers', {
    kind: options.kind ?? 'oidc',
    name: 'District Login',
    issuer: provider.issuer,
    clientId,
    clientSecret,
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  });
  expect(created.statusCode, created.body).toBe(201);
  if (options.unknownPeople)
    expect(
      (
        await browser.put('/api/sso/settings', {
          passwordsAllowed: true,
          unknownPeople: options.unknownPeople,
        })
      ).statusCode,
    ).toBe(200);
  return { district, domain, admin, browser, providerId: created.json().data.id as string, clientSecret };
}

/** A browser that starts a sign-in at Trellis and is sent to the provider. */
async function startAt(providerId: string, person = agent(t)) {
  const started = await person.get(`/api/sso/start?provider=${providerId}&next=%2Fcommunities`);
  expect(started.statusCode, started.body).toBe(303);
  const cookie = started.cookies.find((c) => c.name === 'trellis_sign_on');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');
  return {
    person,
    authorizationUrl: started.headers.location as string,
    cookie: `trellis_sign_on=${cookie?.value}`,
  };
}

/** Comes back from the provider to Trellis's callback in the browser that started. */
async function callback(person: Agent, returned: URL, cookie: string) {
  expect(returned.href.startsWith(CALLBACK)).toBe(true);
  return person.request({
    method: 'GET',
    url: `${returned.pathname}${returned.search}`,
    headers: { cookie: [cookie, person.cookie].filter(Boolean).join('; ') },
  });
}

/** A whole sign-in through the provider as `subject`; answers Trellis's final redirect. */
async function signInAs(providerId: string, subject: string, provider = op) {
  const { person, authorizationUrl, cookie } = await startAt(providerId);
  const returned = await provider.signIn(authorizationUrl, subject);
  const response = await callback(person, returned, cookie);
  return { person, response, returned, cookie };
}

async function whoIs(person: Agent) {
  return (await person.get('/api/session')).json().data?.user ?? null;
}

const problem = (response: { headers: Record<string, unknown> }) =>
  new URL(String(response.headers.location), 'http://x').searchParams.get('reason');

describe('signing in with a district provider', () => {
  it('signs a rostered person in with PKCE, state and nonce, links issuer and subject, and never by email again', async () => {
    const { district, domain, providerId } = await districtWithProvider();
    const teacher = await buildUser(t.database.db, { districtId: district.id, email: `ada@${domain}` });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `ada@${domain}`, email_verified: true, name: 'Ada' });

    const { person, authorizationUrl, cookie } = await startAt(providerId);
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);

    const returned = await op.signIn(authorizationUrl, subject);
    const response = await callback(person, returned, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/communities');
    expect((await whoIs(person))?.id).toBe(teacher.id);

    const [identity] = await t.database.db
      .select()
      .from(signOnIdentities)
      .where(eq(signOnIdentities.userId, teacher.id));
    expect(identity).toMatchObject({ issuer: op.issuer, subject });
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, teacher.id));
    expect(audit.map((a) => a.action)).toContain('sign_on.identity_linked');

    // The provider now says another address: the identity, not the email, decides.
    op.setAccount(subject, { email: `someone.else@${domain}`, email_verified: false, name: 'Ada' });
    const again = await signInAs(providerId, subject);
    expect(again.response.headers.location).toBe('/communities');
    expect((await whoIs(again.person))?.id).toBe(teacher.id);
  });

  it('opens the account of an invited person on their first sign-in', async () => {
    const { district, domain, admin, providerId } = await districtWithProvider();
    const email = `invited.${word()}@${domain}`;
    await t.database.db.insert(invitations).values({
      districtId: district.id,
      email,
      name: 'Ina Invited',
      role: 'coach',
      tokenHash: hashToken(newToken()),
      invitedBy: admin.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email, email_verified: true, name: 'Ina' });
    const { person, response } = await signInAs(providerId, subject);
    expect(response.headers.location).toBe('/communities');
    const me = await whoIs(person);
    expect(me).toMatchObject({ email, name: 'Ina Invited', districtId: district.id, roles: ['coach'] });
    const [invitation] = await t.database.db.select().from(invitations).where(eq(invitations.email, email));
    expect(invitation.acceptedUserId).toBe(me.id);
    const [account] = await t.database.db.select().from(users).where(eq(users.id, me.id));
    expect(account.passwordHash).toBeNull();
  });

  it('clears expired attempts through an index on their expiry, not a scan of every attempt', async () => {
    const { rows } = await t.database.db.execute<{ indexdef: string }>(
      sql`select indexdef from pg_indexes where tablename = 'sign_on_attempts'`,
    );
    expect(rows.map((r) => r.indexdef)).toContainEqual(expect.stringMatching(/\(expires_at\)/));
  });

  it('refuses a wrong or missing state, and a state from another browser', async () => {
    const { district, domain, providerId } = await districtWithProvider();
    await buildUser(t.database.db, { districtId: district.id, email: `sam@${domain}` });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `sam@${domain}`, email_verified: true });
    const { person, authorizationUrl, cookie } = await startAt(providerId);
    const returned = await op.signIn(authorizationUrl, subject);

    const forged = new URL(returned);
    forged.searchParams.set('state', newToken());
    const wrong = await callback(person, forged, cookie);
    expect(problem(wrong)).toBe('expired');

    const elsewhere = await callback(agent(t), returned, 'trellis_sign_on=someone-elses-browser');
    expect(problem(elsewhere)).toBe('expired');
    expect(await whoIs(person)).toBeNull();
  });

  it('refuses a replayed callback and a code replayed into a new attempt', async () => {
    const { district, domain, providerId } = await districtWithProvider();
    await buildUser(t.database.db, { districtId: district.id, email: `rue@${domain}` });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `rue@${domain}`, email_verified: true });
    const first = await signInAs(providerId, subject);
    expect(first.response.headers.location).toBe('/communities');

    const replay = await callback(agent(t), first.returned, first.cookie);
    expect(problem(replay)).toBe('expired');

    // A fresh attempt (its own state and verifier) handed the used code: the provider refuses it.
    const fresh = await startAt(providerId);
    const stolen = new URL(first.returned);
    stolen.searchParams.set('state', new URL(fresh.authorizationUrl).searchParams.get('state') as string);
    const reused = await callback(fresh.person, stolen, fresh.cookie);
    expect(problem(reused)).toBe('provider_refused');
    expect(await whoIs(fresh.person)).toBeNull();
  });

  it('says the provider refused when the person cancels there, and uses the attempt up', async () => {
    const { providerId } = await districtWithProvider();
    const { person, authorizationUrl, cookie } = await startAt(providerId);
    const state = new URL(authorizationUrl).searchParams.get('state') as string;
    const cancelled = new URL(CALLBACK);
    cancelled.search = new URLSearchParams({ error: 'access_denied', state, iss: op.issuer }).toString();
    expect(problem(await callback(person, cancelled, cookie))).toBe('provider_refused');
    expect(problem(await callback(person, cancelled, cookie))).toBe('expired');
    expect(await whoIs(person)).toBeNull();
  });

  it('refuses an ID token whose nonce is not the attempt’s', async () => {
    const { district, domain, providerId } = await districtWithProvider();
    await buildUser(t.database.db, { districtId: district.id, email: `nia@${domain}` });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `nia@${domain}`, email_verified: true });
    const { person, authorizationUrl, cookie } = await startAt(providerId);
    const tampered = new URL(authorizationUrl);
    tampered.searchParams.set('nonce', 'a-nonce-trellis-never-made');
    const returned = await op.signIn(tampered.href, subject);
    const response = await callback(person, returned, cookie);
    expect(problem(response)).toBe('invalid_response');
    expect(await whoIs(person)).toBeNull();
  });

  it('does not link by an email the provider does not vouch for', async () => {
    const { district, domain, providerId } = await districtWithProvider();
    await buildUser(t.database.db, { districtId: district.id, email: `uma@${domain}` });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `uma@${domain}`, email_verified: false });
    const { person, response } = await signInAs(providerId, subject);
    expect(problem(response)).toBe('unverified_email');
    expect(await whoIs(person)).toBeNull();
    expect(
      await t.database.db.select().from(signOnIdentities).where(eq(signOnIdentities.subject, subject)),
    ).toEqual([]);
  });

  it('never links an administrator’s account by email, so a provider cannot hand it to someone', async () => {
    const { district, domain, admin, providerId } = await districtWithProvider();
    const platform = await buildUser(t.database.db, {
      districtId: district.id,
      role: 'platform_admin',
      email: `root@${domain}`,
    });
    for (const account of [admin, platform]) {
      const subject = `sub-${word()}`;
      op.setAccount(subject, { email: account.email, email_verified: true });
      const { person, response } = await signInAs(providerId, subject);
      expect(problem(response)).toBe('administrator_account');
      expect(await whoIs(person)).toBeNull();
      expect(
        await t.database.db.select().from(signOnIdentities).where(eq(signOnIdentities.userId, account.id)),
      ).toEqual([]);
    }
  });

  it('tells an unknown person of the domain to ask their administrator, or records their request when allowed', async () => {
    const refusing = await districtWithProvider();
    const subject = `sub-${word()}`;
    op.setAccount(subject, {
      email: `new.${word()}@${refusing.domain}`,
      email_verified: true,
      name: 'Nora New',
    });
    expect(problem((await signInAs(refusing.providerId, subject)).response)).toBe('unknown_person');

    const asking = await districtWithProvider({ unknownPeople: 'request' });
    const email = `new.${word()}@${asking.domain}`;
    const other = `sub-${word()}`;
    op.setAccount(other, { email, email_verified: true, name: 'Noah New' });
    expect(problem((await signInAs(asking.providerId, other)).response)).toBe('requested');
    const overview = (await asking.browser.get('/api/sso')).json().data;
    expect(overview.accessRequests).toMatchObject([{ email, name: 'Noah New', status: 'pending' }]);

    const approved = await asking.browser.post(
      `/api/sso/access-requests/${overview.accessRequests[0].id}/approve`,
    );
    expect(approved.statusCode).toBe(200);
    const { person, response } = await signInAs(asking.providerId, other);
    expect(response.headers.location).toBe('/communities');
    expect(await whoIs(person)).toMatchObject({ email, districtId: asking.district.id, roles: ['teacher'] });
  });

  it('does not file a declined person’s request again for a day', async () => {
    const asking = await districtWithProvider({ unknownPeople: 'request' });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `dan.${word()}@${asking.domain}`, email_verified: true, name: 'Dan' });
    expect(problem((await signInAs(asking.providerId, subject)).response)).toBe('requested');
    const [request] = (await asking.browser.get('/api/sso')).json().data.accessRequests;
    expect((await asking.browser.post(`/api/sso/access-requests/${request.id}/decline`)).statusCode).toBe(
      200,
    );

    expect(problem((await signInAs(asking.providerId, subject)).response)).toBe('request_declined');
    expect((await asking.browser.get('/api/sso')).json().data.accessRequests).toEqual([]);

    // A day later the person may ask again.
    await t.database.db
      .update(signOnAccessRequests)
      .set({ decidedAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(eq(signOnAccessRequests.id, request.id));
    expect(problem((await signInAs(asking.providerId, subject)).response)).toBe('requested');
    expect((await asking.browser.get('/api/sso')).json().data.accessRequests).toHaveLength(1);
  });

  it('never signs anyone into another district', async () => {
    const a = await districtWithProvider();
    const b = await districtWithProvider();
    const bTeacher = await buildUser(t.database.db, { districtId: b.district.id, email: `bo@${b.domain}` });

    // A's provider vouches for an address of B's verified domain.
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `bo@${b.domain}`, email_verified: true });
    const viaA = await signInAs(a.providerId, subject);
    expect(problem(viaA.response)).toBe('other_district');
    expect(await whoIs(viaA.person)).toBeNull();

    // Linked through B (the same issuer serves both), the identity still cannot enter through A.
    const viaB = await signInAs(b.providerId, subject);
    expect((await whoIs(viaB.person))?.id).toBe(bTeacher.id);
    const againViaA = await signInAs(a.providerId, subject);
    expect(problem(againViaA.response)).toBe('other_district');
    expect(await whoIs(againViaA.person)).toBeNull();

    // A's admin cannot see, change or remove B's provider.
    expect(
      (await a.browser.patch(`/api/sso/providers/${b.providerId}`, { name: 'Mine now' })).statusCode,
    ).toBe(404);
    expect((await a.browser.delete(`/api/sso/providers/${b.providerId}`)).statusCode).toBe(404);
    expect((await a.browser.get('/api/sso')).json().data.providers.map((p: { id: string }) => p.id)).toEqual([
      a.providerId,
    ]);
  });

  it('refuses a Google account whose hosted domain is not the district’s', async () => {
    const { district, domain, providerId } = await districtWithProvider({ kind: 'google' });
    await buildUser(t.database.db, { districtId: district.id, email: `gus@${domain}` });
    const personal = `sub-${word()}`;
    op.setAccount(personal, { email: `gus@${domain}`, email_verified: true });
    expect(problem((await signInAs(providerId, personal)).response)).toBe('wrong_hosted_domain');
    const elsewhere = `sub-${word()}`;
    op.setAccount(elsewhere, { email: `gus@${domain}`, email_verified: true, hd: 'another-school.test' });
    expect(problem((await signInAs(providerId, elsewhere)).response)).toBe('wrong_hosted_domain');
    const workspace = `sub-${word()}`;
    op.setAccount(workspace, { email: `gus@${domain}`, email_verified: true, hd: domain });
    expect((await signInAs(providerId, workspace)).response.headers.location).toBe('/communities');
  });

  it('pins an Entra tenant and links its object id, not the email', async () => {
    const { district, domain, providerId } = await districtWithProvider({
      kind: 'entra',
      provider: entraOp,
      tenantId: TENANT,
    });
    const teacher = await buildUser(t.database.db, { districtId: district.id, email: `eve@${domain}` });
    const oid = `oid-${word()}`;
    const otherTenant = `sub-${word()}`;
    entraOp.setAccount(otherTenant, {
      email: `eve@${domain}`,
      xms_edov: true,
      tid: '11111111-2222-4333-8444-555555555555',
      oid,
    });
    expect(problem((await signInAs(providerId, otherTenant, entraOp)).response)).toBe('wrong_tenant');

    // Entra's email claim is not verified by itself: without the domain-owner claim it does not link.
    const unverified = `sub-${word()}`;
    entraOp.setAccount(unverified, { email: `eve@${domain}`, tid: TENANT, oid });
    expect(problem((await signInAs(providerId, unverified, entraOp)).response)).toBe('unverified_email');

    const pairwise = `sub-${word()}`;
    entraOp.setAccount(pairwise, { email: `eve@${domain}`, xms_edov: true, tid: TENANT, oid });
    const { person } = await signInAs(providerId, pairwise, entraOp);
    expect((await whoIs(person))?.id).toBe(teacher.id);
    const [identity] = await t.database.db
      .select()
      .from(signOnIdentities)
      .where(eq(signOnIdentities.userId, teacher.id));
    expect(identity.subject).toBe(`${TENANT}:${oid}`);
  });

  it('accepts tokens signed with the provider’s new key after it rotates, without a restart', async () => {
    const { district, domain, providerId } = await districtWithProvider();
    const teacher = await buildUser(t.database.db, { districtId: district.id, email: `kim@${domain}` });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `kim@${domain}`, email_verified: true });
    expect((await whoIs((await signInAs(providerId, subject)).person))?.id).toBe(teacher.id);

    const before = op.currentKid();
    await op.rotateKeys();
    expect(op.currentKid()).not.toBe(before);
    // ID tokens' signatures are checked against the published keys: a key not in Trellis's copy is
    // refused while that copy is fresh, and fetched again once it is a minute old.
    const early = await signInAs(providerId, subject);
    expect(problem(early.response)).toBe('invalid_response');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      const after = await signInAs(providerId, subject);
      expect(after.response.headers.location).toBe('/communities');
      expect((await whoIs(after.person))?.id).toBe(teacher.id);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not let a new identity take over a linked account until an administrator unlinks the old one', async () => {
    const { district, domain, providerId, browser } = await districtWithProvider();
    const other = await districtWithProvider();
    const teacher = await buildUser(t.database.db, { districtId: district.id, email: `val@${domain}` });
    const first = `sub-${word()}`;
    op.setAccount(first, { email: teacher.email, email_verified: true });
    expect((await whoIs((await signInAs(providerId, first)).person))?.id).toBe(teacher.id);

    // The provider gave the address to someone new (a new subject): no silent takeover.
    const second = `sub-${word()}`;
    op.setAccount(second, { email: teacher.email, email_verified: true });
    expect(problem((await signInAs(providerId, second)).response)).toBe('unknown_person');

    const listed = await browser.get(`/api/sso/identities?email=${encodeURIComponent(teacher.email)}`);
    expect(listed.json().data).toMatchObject([
      { providerName: 'District Login', issuer: op.issuer, subject: first },
    ]);
    const id = listed.json().data[0].id;
    // Another district's administrator neither sees nor unlinks it.
    expect(
      (await other.browser.get(`/api/sso/identities?email=${encodeURIComponent(teacher.email)}`)).json().data,
    ).toEqual([]);
    expect((await other.browser.delete(`/api/sso/identities/${id}`)).statusCode).toBe(404);

    expect((await browser.delete(`/api/sso/identities/${id}`)).statusCode).toBe(204);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, teacher.id));
    expect(audit.map((a) => a.action)).toContain('sign_on.identity_unlinked');
    expect((await whoIs((await signInAs(providerId, second)).person))?.id).toBe(teacher.id);
    expect(problem((await signInAs(providerId, first)).response)).toBe('unknown_person');
  });

  it('refuses a deactivated person and a disabled provider', async () => {
    const { district, domain, providerId, browser } = await districtWithProvider();
    const gone = await buildUser(t.database.db, {
      districtId: district.id,
      email: `dee@${domain}`,
      status: 'deactivated',
    });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `dee@${domain}`, email_verified: true });
    expect(problem((await signInAs(providerId, subject)).response)).toBe('deactivated');
    expect(gone.id).toBeTruthy();
    expect((await browser.patch(`/api/sso/providers/${providerId}`, { enabled: false })).statusCode).toBe(
      200,
    );
    const started = await agent(t).get(`/api/sso/start?provider=${providerId}`);
    expect(problem(started)).toBe('disabled');
  });
});

describe('passwords and signing out', () => {
  it('refuses staff password sign-in when the district turned passwords off, and keeps it for admins', async () => {
    const { district, domain, admin, browser } = await districtWithProvider();
    const teacher = await buildUser(t.database.db, { districtId: district.id, email: `pat@${domain}` });
    const off = await browser.put('/api/sso/settings', { passwordsAllowed: false, unknownPeople: 'refuse' });
    expect(off.statusCode).toBe(200);

    const refused = await agent(t).post('/api/session', { email: teacher.email, password: TEST_PASSWORD });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toContain('Sign in with District Login');
    // A wrong password still gets the one answer that reveals nothing.
    expect(
      (await agent(t).post('/api/session', { email: teacher.email, password: 'wrong guess!!' })).statusCode,
    ).toBe(401);

    const breakGlass = await agent(t).post('/api/session', { email: admin.email, password: TEST_PASSWORD });
    expect(breakGlass.statusCode).toBe(204);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, admin.id));
    expect(audit.map((a) => a.action)).toContain('sign_on.password_break_glass');
  });

  it('refuses a password reset and a password-chosen invitation to staff when passwords are off, and keeps both for admins', async () => {
    const { district, domain, admin, browser } = await districtWithProvider();
    const teacher = await buildUser(t.database.db, { districtId: district.id, email: `rex@${domain}` });
    expect(
      (await browser.put('/api/sso/settings', { passwordsAllowed: false, unknownPeople: 'refuse' }))
        .statusCode,
    ).toBe(200);
    const resetLink = async (userId: string) => {
      const token = newToken();
      await t.database.db.insert(passwordResets).values({
        tokenHash: hashToken(token),
        userId,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      return token;
    };
    const newPassword = 'a brand new passphrase';

    const [before] = await t.database.db.select().from(users).where(eq(users.id, teacher.id));
    const person = agent(t);
    const token = await resetLink(teacher.id);
    const refused = await person.post('/api/password-resets/complete', { token, password: newPassword });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toContain('Sign in with District Login');
    expect(await whoIs(person)).toBeNull();
    const [unchanged] = await t.database.db.select().from(users).where(eq(users.id, teacher.id));
    expect(unchanged.passwordHash).toBe(before.passwordHash);
    expect(
      (await agent(t).post('/api/session', { email: teacher.email, password: TEST_PASSWORD })).statusCode,
    ).toBe(403);

    const adminBrowser = agent(t);
    const adminReset = await adminBrowser.post('/api/password-resets/complete', {
      token: await resetLink(admin.id),
      password: newPassword,
    });
    expect(adminReset.statusCode).toBe(204);
    expect((await whoIs(adminBrowser))?.id).toBe(admin.id);

    const invite = async (email: string, role: 'teacher' | 'district_admin') => {
      const token = newToken();
      await t.database.db.insert(invitations).values({
        districtId: district.id,
        email,
        name: 'Ivy Invited',
        role,
        tokenHash: hashToken(token),
        invitedBy: admin.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      return token;
    };
    const staffEmail = `ivy.${word()}@${domain}`;
    const invited = agent(t);
    const declined = await invited.post('/api/invitations/accept', {
      token: await invite(staffEmail, 'teacher'),
      name: 'Ivy Invited',
      password: newPassword,
    });
    expect(declined.statusCode).toBe(403);
    expect(declined.json().detail).toContain('Sign in with District Login');
    expect(await whoIs(invited)).toBeNull();
    expect(await t.database.db.select().from(users).where(eq(users.email, staffEmail))).toEqual([]);
    const [open] = await t.database.db.select().from(invitations).where(eq(invitations.email, staffEmail));
    expect(open.acceptedAt).toBeNull();

    const adminInvited = agent(t);
    const accepted = await adminInvited.post('/api/invitations/accept', {
      token: await invite(`second.admin.${word()}@${domain}`, 'district_admin'),
      name: 'Ivy Invited',
      password: newPassword,
    });
    expect(accepted.statusCode).toBe(201);
    expect((await whoIs(adminInvited))?.id).toBe(accepted.json().data.userId);
  });

  it('offers the provider’s sign-out after signing in with it, and Trellis’s sign-out ends the session', async () => {
    const { district, domain, providerId } = await districtWithProvider();
    await buildUser(t.database.db, { districtId: district.id, email: `lou@${domain}` });
    const subject = `sub-${word()}`;
    op.setAccount(subject, { email: `lou@${domain}`, email_verified: true });
    const { person } = await signInAs(providerId, subject);
    const offer = (await person.get('/api/sso/provider-sign-out')).json().data;
    expect(offer.providerName).toBe('District Login');
    const url = new URL(offer.url);
    expect(url.href.startsWith(`${op.issuer}/session/end`)).toBe(true);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://trellis.test/sign-in');
    const ended = await person.delete('/api/session');
    expect(ended.statusCode).toBe(204);
    expect(await whoIs(person)).toBeNull();
    expect((await person.get('/api/sso/provider-sign-out')).statusCode).toBe(401);
  });

  it('offers no provider sign-out to someone who signed in with a password', async () => {
    const district = await buildDistrict(t.database.db);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, teacher.id);
    expect((await browser.get('/api/sso/provider-sign-out')).json()).toEqual({ data: null });
  });
});

describe('sign-in options', () => {
  it('names the providers of the district whose verified domain the address has', async () => {
    const { domain, providerId } = await districtWithProvider();
    const found = (await agent(t).get(`/api/sso/options?email=${encodeURIComponent(`x@${domain}`)}`)).json()
      .data;
    expect(found).toEqual({
      providers: [{ id: providerId, name: 'District Login', kind: 'oidc' }],
      passwordsAllowed: true,
    });
    const none = (await agent(t).get('/api/sso/options?email=x%40nowhere.test')).json().data;
    expect(none).toEqual({ providers: [], passwordsAllowed: true });
  });
});
