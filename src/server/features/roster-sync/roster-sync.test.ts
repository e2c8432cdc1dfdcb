import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  memberships,
  organizations,
  rosterAbsences,
  rosterSources,
  rosterSyncRuns,
  sessions,
  users,
} from '#server/db/schema.ts';
import { enqueue } from '#server/platform/jobs.ts';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import {
  type OneRosterProvider,
  org,
  person,
  type ProviderUser,
  startOneRosterProvider,
} from '../../../../tests/support/oneroster-provider.ts';
import { mayConnect, sourceAddressProblem } from './addresses.ts';
import { forgetRosterTokens, OneRosterClient, type RosterReadLimits } from './client.ts';
import { nightlyRosterSyncJob } from './jobs.ts';

// The fixture source answers plain http on loopback, as single sign-on's test providers do.
const t = setupTestApp({ SIGN_ON_LOOPBACK_HTTP: '1' });

/** A district's roster at the provider: a district org, three schools, staff of every kind, and students. */
function rosterOf(domain: string, staff = 6) {
  const d = `dist-${domain}`;
  const orgs = [
    org({ sourcedId: d, name: 'Riverbend Unified', type: 'district' }),
    org({ sourcedId: `${d}-elm`, name: 'Elm Street Elementary', type: 'school', parent: d }),
    org({ sourcedId: `${d}-hawk`, name: 'Hawthorne Middle', type: 'school', parent: d }),
    org({ sourcedId: `${d}-lake`, name: 'Lakeside High', type: 'school', parent: d }),
  ];
  const users: ProviderUser[] = [
    person({
      sourcedId: `${domain}-admin`,
      givenName: 'Marisol',
      familyName: 'Reyes',
      email: `marisol@${domain}`,
      role: 'administrator',
      orgs: [d],
    }),
    person({
      sourcedId: `${domain}-itinerant`,
      givenName: 'Kofi',
      familyName: 'Mensah',
      email: `kofi@${domain}`,
      role: 'teacher',
      orgs: [`${d}-hawk`, `${d}-elm`],
    }),
    person({
      sourcedId: `${domain}-aide`,
      givenName: 'Kendra',
      familyName: 'Brooks',
      email: `kendra@${domain}`,
      role: 'aide',
      orgs: [`${d}-hawk`],
    }),
    person({
      sourcedId: `${domain}-student`,
      givenName: 'Private',
      familyName: 'Pupil',
      email: `pupil@${domain}`,
      role: 'student',
      orgs: [`${d}-lake`],
    }),
    person({
      sourcedId: `${domain}-guardian`,
      givenName: 'Private',
      familyName: 'Parent',
      email: `parent@${domain}`,
      role: 'guardian',
      orgs: [`${d}-lake`],
    }),
  ];
  for (let i = 0; i < staff; i++)
    users.push(
      person({
        sourcedId: `${domain}-t${String(i).padStart(3, '0')}`,
        givenName: `Teacher${i}`,
        familyName: 'Lake',
        email: `teacher${i}@${domain}`,
        role: 'teacher',
        orgs: [`${d}-lake`],
      }),
    );
  return { orgs, users };
}

const providers: OneRosterProvider[] = [];
afterAll(async () => {
  await Promise.all(providers.map((p) => p.close()));
});

async function provider(domain: string, options: Parameters<typeof startOneRosterProvider>[0] = {}) {
  const started = await startOneRosterProvider({
    ...rosterOf(domain, options.users?.length ?? 6),
    ...options,
  });
  providers.push(started);
  return started;
}

async function adminOfNewDistrict() {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
  return { district, admin, browser: await signedIn(t, admin.id) };
}

const settingsOf = (p: OneRosterProvider, extra: Record<string, unknown> = {}) => ({
  baseUrl: p.baseUrl,
  tokenUrl: p.tokenUrl,
  clientId: p.clientId,
  clientSecret: p.clientSecret,
  graceDays: 7,
  confirmSharePercent: 50,
  ...extra,
});

/** Queues a run, works the queue in this process (as a worker would) and returns the finished run. */
async function run(browser: Agent, kind: 'preview' | 'sync') {
  const started = await browser.post('/api/roster-sync/runs', { kind });
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json().data.status).toBe('queued');
  await t.app.jobs.drain({ names: ['roster-sync.run'] });
  return finished(browser, started.json().data.id);
}

async function finished(browser: Agent, id: string) {
  const response = await browser.get(`/api/roster-sync/runs/${id}`);
  expect(response.statusCode).toBe(200);
  return response.json() as {
    data: {
      id: string;
      status: string;
      mode: string;
      error: string | null;
      counts: Record<string, number>;
      plan: { users: { sourcedId: string; action: string; changes: string[]; deactivateOn?: string }[] };
      deactivations: { count: number; allowed: number; activeStaff: number };
    };
    abilities: { confirm: boolean };
  };
}

async function connectedDistrict(options: Parameters<typeof startOneRosterProvider>[0] = {}, extra = {}) {
  const domain = `rb-${randomUUID().slice(0, 8)}.example`;
  const p = await provider(domain, options);
  const ctx = await adminOfNewDistrict();
  const saved = await ctx.browser.put('/api/roster-sync/source', settingsOf(p, extra));
  expect(saved.statusCode, saved.body).toBe(200);
  return { ...ctx, provider: p, domain };
}

async function syncedDistrict(options: Parameters<typeof startOneRosterProvider>[0] = {}, extra = {}) {
  const ctx = await connectedDistrict(options, extra);
  expect((await run(ctx.browser, 'preview')).data.status).toBe('previewed');
  const first = await run(ctx.browser, 'sync');
  expect(first.data.status, first.data.error ?? '').toBe('applied');
  return ctx;
}

const userBySourced = async (districtId: string, sourcedId: string) => {
  const [row] = await t.database.db
    .select()
    .from(users)
    .where(and(eq(users.districtId, districtId), eq(users.sourcedId, sourcedId)));
  return row;
};

const bump = (u: ProviderUser, changes: Partial<ProviderUser>) =>
  Object.assign(u, changes, { dateLastModified: new Date(Date.now() + 1000).toISOString() });

describe('roster sync routes', () => {
  it('asks a signed-out visitor to sign in and refuses a teacher', async () => {
    const anon = agent(t);
    expect((await anon.get('/api/roster-sync/source')).statusCode).toBe(401);
    expect((await anon.get('/api/roster-sync/runs')).statusCode).toBe(401);
    const district = await buildDistrict(t.database.db);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, teacher.id);
    expect((await browser.get('/api/roster-sync/source')).statusCode).toBe(403);
    const valid = {
      baseUrl: 'https://sis.example',
      tokenUrl: 'https://sis.example/token',
      clientId: 'id',
      clientSecret: 'secret',
      graceDays: 7,
      confirmSharePercent: 5,
    };
    expect((await browser.put('/api/roster-sync/source', valid)).statusCode).toBe(403);
    expect((await browser.post('/api/roster-sync/runs', { kind: 'preview' })).statusCode).toBe(403);
    expect((await browser.get(`/api/roster-sync/runs/${randomUUID()}`)).statusCode).toBe(403);
  });

  it('keeps the client secret encrypted and never returns it', async () => {
    const { browser, district, provider: p } = await connectedDistrict();
    const read = await browser.get('/api/roster-sync/source');
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(p.clientSecret);
    expect(read.json().data).toMatchObject({
      clientId: p.clientId,
      hasClientSecret: true,
      syncingSince: null,
    });
    expect(read.json().data).not.toHaveProperty('clientSecret');
    const [row] = await t.database.db
      .select()
      .from(rosterSources)
      .where(eq(rosterSources.districtId, district.id));
    expect(row.clientSecretEncrypted).not.toContain(p.clientSecret);
    expect(row.clientSecretEncrypted).toMatch(/^v1\./);
    // Changing the settings without a secret keeps it; the audit log does not hold it either.
    const changed = await browser.put('/api/roster-sync/source', {
      ...settingsOf(p),
      clientSecret: undefined,
      graceDays: 3,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).not.toContain(p.clientSecret);
    expect(changed.json().data.graceDays).toBe(3);
    const audit = await t.database.db.execute(
      sql`select details::text as d from audit_events where district_id = ${district.id}`,
    );
    expect(JSON.stringify(audit.rows)).not.toContain(p.clientSecret);
  });

  it('refuses bad settings, naming the field, and changes nothing', async () => {
    const { browser, district } = await adminOfNewDistrict();
    const p = await provider('bad.example');
    const noSecret = await browser.put('/api/roster-sync/source', {
      ...settingsOf(p),
      clientSecret: undefined,
    });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.headers['content-type']).toContain('application/problem+json');
    expect(noSecret.json().errors[0].path).toBe('/body/clientSecret');
    const badUrl = await browser.put(
      '/api/roster-sync/source',
      settingsOf(p, { baseUrl: 'ftp://sis.example' }),
    );
    expect(badUrl.statusCode).toBe(400);
    expect(JSON.stringify(badUrl.json().errors)).toContain('baseUrl');
    const badShare = await browser.put(
      '/api/roster-sync/source',
      settingsOf(p, { confirmSharePercent: 140 }),
    );
    expect(badShare.statusCode).toBe(400);
    expect(JSON.stringify(badShare.json().errors)).toContain('confirmSharePercent');
    const rows = await t.database.db
      .select()
      .from(rosterSources)
      .where(eq(rosterSources.districtId, district.id));
    expect(rows).toHaveLength(0);
    expect((await browser.post('/api/roster-sync/runs', { kind: 'preview' })).statusCode).toBe(404);
  });
  it('asks for the secret again before sending it to a new base URL, token URL or client id', async () => {
    const { browser, district } = await adminOfNewDistrict();
    const p = await provider('moved.example');
    expect((await browser.put('/api/roster-sync/source', settingsOf(p))).statusCode).toBe(200);
    const [before] = await t.database.db
      .select()
      .from(rosterSources)
      .where(eq(rosterSources.districtId, district.id));
    for (const change of [
      { baseUrl: 'http://127.0.0.1:9/elsewhere' },
      { tokenUrl: 'http://127.0.0.1:9/oauth/token' },
      { clientId: 'someone-else' },
    ]) {
      const moved = await browser.put(
        '/api/roster-sync/source',
        settingsOf(p, { ...change, clientSecret: undefined }),
      );
      expect(moved.statusCode).toBe(400);
      expect(moved.headers['content-type']).toContain('application/problem+json');
      expect(moved.json().errors[0].path).toBe('/body/clientSecret');
    }
    const [after] = await t.database.db
      .select()
      .from(rosterSources)
      .where(eq(rosterSources.districtId, district.id));
    expect(after).toEqual(before);
    // The same endpoints keep the secret; new ones with the secret are saved.
    const kept = await browser.put(
      '/api/roster-sync/source',
      settingsOf(p, { graceDays: 3, clientSecret: undefined }),
    );
    expect(kept.statusCode).toBe(200);
    const moved = await browser.put('/api/roster-sync/source', settingsOf(p, { clientId: 'renamed' }));
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data.clientId).toBe('renamed');
  });
  it('refuses private, link-local and metadata addresses and plain http off loopback, naming the field', async () => {
    const { browser, district } = await adminOfNewDistrict();
    const p = await provider('inside.example');
    for (const [field, address] of [
      ['baseUrl', 'https://169.254.169.254'],
      ['baseUrl', 'https://10.0.0.1'],
      ['tokenUrl', 'https://[fe80::1]/oauth/token'],
      ['tokenUrl', 'https://[::ffff:192.168.1.1]/token'],
      ['baseUrl', 'http://sis.example.org'],
    ] as const) {
      const refused = await browser.put('/api/roster-sync/source', settingsOf(p, { [field]: address }));
      expect(refused.statusCode, address).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().errors[0].path).toBe(`/body/${field}`);
    }
    const rows = await t.database.db
      .select()
      .from(rosterSources)
      .where(eq(rosterSources.districtId, district.id));
    expect(rows).toHaveLength(0);
  });

  it('refuses loopback and plain http in production, and connects only to allowed addresses', async () => {
    const production = { NODE_ENV: 'production', SIGN_ON_LOOPBACK_HTTP: true } as const;
    expect(sourceAddressProblem(production, 'http://127.0.0.1:8080')).toBe('must be an https address');
    expect(sourceAddressProblem(production, 'https://127.0.0.1:8080')).toMatch(/loopback/);
    expect(sourceAddressProblem(production, 'https://sis.example.org')).toBeNull();
    expect(await mayConnect(production, 'https://localhost:8080')).toBe(false);
    const development = { NODE_ENV: 'development', SIGN_ON_LOOPBACK_HTTP: false } as const;
    expect(sourceAddressProblem(development, 'http://127.0.0.1:8080')).toBe('must be an https address');
    expect(sourceAddressProblem(development, 'https://127.0.0.1:8080')).toBeNull();
    expect(await mayConnect(development, 'https://localhost:8080')).toBe(true);
    // A stored source whose host now resolves inside is not connected to, and the error says only that.
    const p = await provider('moved-inside.example');
    const client = new OneRosterClient(
      { baseUrl: p.baseUrl, tokenUrl: p.tokenUrl, clientId: p.clientId, clientSecret: p.clientSecret },
      { addresses: production },
    );
    await expect(client.readAll('users')).rejects.toThrow(
      "Could not connect to the roster source's token endpoint.",
    );
    expect(p.stats.tokensIssued).toBe(0);
  });
});

describe('previewing and syncing', () => {
  it('previews the first sync as a dry run that changes nothing and skips students', async () => {
    const { browser, district, domain } = await connectedDistrict({ maxPageSize: 3 });
    // Syncing is refused until the admin has seen a preview.
    expect((await browser.post('/api/roster-sync/runs', { kind: 'sync' })).statusCode).toBe(409);
    const preview = await run(browser, 'preview');
    expect(preview.data).toMatchObject({ status: 'previewed', mode: 'full', error: null });
    // The admin, the itinerant teacher, the aide and six teachers; the conformance student, a student and a guardian skipped.
    expect(preview.data.counts).toMatchObject({
      created: 9,
      schoolsCreated: 4,
      studentsAndGuardiansSkipped: 3,
    });
    const text = JSON.stringify(preview.data);
    expect(text).not.toContain('Pupil');
    expect(text).not.toContain('Wayne');
    expect(text).not.toContain(`pupil@${domain}`);
    expect(await userBySourced(district.id, `${domain}-t000`)).toBeUndefined();
    const schools = await t.database.db
      .select()
      .from(organizations)
      .where(and(eq(organizations.districtId, district.id), eq(organizations.kind, 'school')));
    expect(schools).toHaveLength(0);
  });

  it('syncs staff, schools (several per person) and roles, following the pages', async () => {
    const { browser, district, domain, provider: p } = await connectedDistrict({ maxPageSize: 4 });
    await run(browser, 'preview');
    const pagesBefore = p.stats.pages.length;
    const sync = await run(browser, 'sync');
    expect(sync.data.status, sync.data.error ?? '').toBe('applied');
    expect(sync.data.counts.created).toBe(9);
    // 12 users (the conformance student among them) at 4 a page: 3 pages of users.
    const pages = p.stats.pages.slice(pagesBefore);
    expect(pages.filter((page) => page.path === 'users').map((page) => page.query.offset)).toEqual([
      '0',
      '4',
      '8',
    ]);
    const admin = await userBySourced(district.id, `${domain}-admin`);
    const roles = await t.database.db.select().from(memberships).where(eq(memberships.userId, admin.id));
    expect(roles.map((r) => r.role)).toContain('district_admin');
    const itinerant = await userBySourced(district.id, `${domain}-itinerant`);
    const schools = await t.database.db.execute<{ name: string }>(sql`
      select o.name from memberships m join organizations o on o.id = m.organization_id
       where m.user_id = ${itinerant.id} and o.kind = 'school' order by o.name`);
    expect(schools.rows.map((r) => r.name)).toEqual(['Elm Street Elementary', 'Hawthorne Middle']);
    const aide = await userBySourced(district.id, `${domain}-aide`);
    expect(aide.status).toBe('active');
    // Students and guardians are never stored.
    expect(await userBySourced(district.id, `${domain}-student`)).toBeUndefined();
    expect(await userBySourced(district.id, `${domain}-guardian`)).toBeUndefined();
    expect(await userBySourced(district.id, 'USER_0')).toBeUndefined();
    const source = (await browser.get('/api/roster-sync/source')).json().data;
    expect(source.syncingSince).not.toBeNull();
    expect(source.lastFullSyncAt).not.toBeNull();
  });

  it('pages by X-Total-Count when the source sends no Link header', async () => {
    const { browser, provider: p } = await connectedDistrict({ maxPageSize: 5, linkHeaders: false });
    const preview = await run(browser, 'preview');
    expect(preview.data.counts.created).toBe(9);
    expect(p.stats.pages.filter((page) => page.path === 'users').map((page) => page.query.offset)).toEqual([
      '0',
      '5',
      '10',
    ]);
  });

  it('asks only for what changed since the last sync, and applies it', async () => {
    const { browser, district, domain, provider: p } = await syncedDistrict();
    const before = p.stats.pages.length;
    const teacher = p.users.find((u) => u.sourcedId === `${domain}-t001`)!;
    bump(teacher, { givenName: 'Renamed' });
    // Moved from Lakeside to Elm and Hawthorne.
    teacher.roles = person({
      sourcedId: 'x',
      givenName: 'x',
      familyName: 'x',
      role: 'teacher',
      orgs: [`dist-${domain}-elm`, `dist-${domain}-hawk`],
    }).roles;
    const delta = await run(browser, 'sync');
    expect(delta.data).toMatchObject({ status: 'applied', mode: 'delta' });
    expect(delta.data.counts).toMatchObject({ updated: 1, schoolChanges: 1, created: 0 });
    const filters = p.stats.pages
      .slice(before)
      .filter((page) => page.path === 'users')
      .map((page) => page.query.filter);
    expect(filters).toHaveLength(1);
    expect(filters[0]).toMatch(/^dateLastModified>'\d{4}-\d{2}-\d{2}T/);
    const row = await userBySourced(district.id, `${domain}-t001`);
    expect(row.name).toBe('Renamed Lake');
    const schools = await t.database.db.execute<{ name: string }>(sql`
      select o.name from memberships m join organizations o on o.id = m.organization_id
       where m.user_id = ${row.id} and o.kind = 'school' order by o.name`);
    expect(schools.rows.map((r) => r.name)).toEqual(['Elm Street Elementary', 'Hawthorne Middle']);
  });

  it('fetches a new token when the kept one has expired, and again when the source refuses one', async () => {
    const { browser, provider: p } = await connectedDistrict({ tokenLifetimeSeconds: 3 });
    forgetRosterTokens();
    await run(browser, 'preview');
    expect(p.stats.tokensIssued).toBe(1);
    // Inside its lifetime the token is used again.
    await run(browser, 'preview');
    expect(p.stats.tokensIssued).toBe(1);
    // Past it (less the safety margin), a new one is fetched before any request is refused.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await run(browser, 'preview');
    expect(p.stats.tokensIssued).toBe(2);
    expect(p.stats.refusedTokens).toBe(0);
    // A token the source stopped honouring: one 401, a fresh token, and the run goes on.
    p.revokeTokens();
    const after = await run(browser, 'preview');
    expect(after.data.status).toBe('previewed');
    expect(p.stats.refusedTokens).toBe(1);
    expect(p.stats.tokensIssued).toBe(3);
  });

  it('records an unreachable source, a refused secret and a source that is not OneRoster, changing nothing', async () => {
    const { browser, district, provider: p } = await connectedDistrict();
    p.fail = 'garbage';
    const garbage = await run(browser, 'preview');
    expect(garbage.data.status).toBe('failed');
    expect(garbage.data.error).toContain('not OneRoster 1.2 JSON');
    p.fail = 'down';
    const down = await run(browser, 'preview');
    expect(down.data.error).toContain('HTTP 503');
    p.fail = null;
    await browser.put('/api/roster-sync/source', settingsOf(p, { clientSecret: 'wrong secret' }));
    const refused = await run(browser, 'preview');
    expect(refused.data.error).toContain('refused the client id and secret');
    await browser.put('/api/roster-sync/source', settingsOf(p));
    await p.close();
    const unreachable = await run(browser, 'preview');
    expect(unreachable.data.status).toBe('failed');
    expect(unreachable.data.error).toBe(
      "Could not connect to the roster source's token endpoint. Nothing was changed.",
    );
    const people = await t.database.db.select().from(users).where(eq(users.districtId, district.id));
    expect(people).toHaveLength(1);
  });
});

describe('leaving the roster', () => {
  it('deactivates people who left only after the grace period, never deletes them, and ends their sessions then', async () => {
    const { browser, district, domain, provider: p, admin } = await syncedDistrict({}, { graceDays: 7 });
    const leaverId = (await userBySourced(district.id, `${domain}-t002`)).id;
    const session = await signedIn(t, leaverId);
    expect((await session.get('/api/session')).json().data).not.toBeNull();
    bump(p.users.find((u) => u.sourcedId === `${domain}-t002`)!, { status: 'tobedeleted' });
    const first = await run(browser, 'sync');
    expect(first.data.counts).toMatchObject({ deactivated: 0, pendingDeactivation: 1 });
    const pending = first.data.plan.users.find((u) => u.sourcedId === `${domain}-t002`)!;
    expect(pending.action).toBe('skip');
    expect(pending.deactivateOn).toBe(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
    expect((await userBySourced(district.id, `${domain}-t002`)).status).toBe('active');
    // A week later (the clock of their absence set back), a delta that does not mention them deactivates them.
    await t.database.db
      .update(rosterAbsences)
      .set({ since: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(rosterAbsences.userId, leaverId));
    const later = await run(browser, 'sync');
    expect(later.data).toMatchObject({ status: 'applied', mode: 'delta' });
    expect(later.data.counts.deactivated).toBe(1);
    const leaver = await userBySourced(district.id, `${domain}-t002`);
    expect(leaver.status).toBe('deactivated');
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, leaverId))).toHaveLength(0);
    expect(
      await t.database.db.select().from(rosterAbsences).where(eq(rosterAbsences.userId, leaverId)),
    ).toHaveLength(0);
    // The admin's own account is never deactivated by a sync.
    expect((await t.database.db.select().from(users).where(eq(users.id, admin.id)))[0].status).toBe('active');
  });

  it('notices people a full sync no longer lists, and forgets the clock of those who come back', async () => {
    const { browser, district, domain, provider: p } = await syncedDistrict({}, { graceDays: 7 });
    const gone = p.users.splice(
      p.users.findIndex((u) => u.sourcedId === `${domain}-t003`),
      1,
    )[0];
    // The weekly full read (the last one set back 8 days) is what sees people removed outright.
    await t.database.db
      .update(rosterSources)
      .set({ lastFullSyncAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(rosterSources.districtId, district.id));
    const full = await run(browser, 'sync');
    expect(full.data).toMatchObject({ status: 'applied', mode: 'full' });
    expect(full.data.counts.pendingDeactivation).toBe(1);
    const id = (await userBySourced(district.id, `${domain}-t003`)).id;
    expect(
      await t.database.db.select().from(rosterAbsences).where(eq(rosterAbsences.userId, id)),
    ).toHaveLength(1);
    p.users.push(bump(gone, {}));
    const back = await run(browser, 'sync');
    expect(back.data.counts.pendingDeactivation).toBe(0);
    expect(
      await t.database.db.select().from(rosterAbsences).where(eq(rosterAbsences.userId, id)),
    ).toHaveLength(0);
  });

  it('stops a run that would deactivate more than the district share until an admin confirms', async () => {
    const {
      browser,
      district,
      domain,
      provider: p,
    } = await syncedDistrict({}, { graceDays: 0, confirmSharePercent: 20 });
    // A broken export: most teachers missing at once.
    const kept = p.users.filter((u) => !/-t00[0-4]$/.test(u.sourcedId));
    p.users.length = 0;
    p.users.push(...kept);
    await t.database.db
      .update(rosterSources)
      .set({ lastFullSyncAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(rosterSources.districtId, district.id));
    const waiting = await run(browser, 'sync');
    expect(waiting.data.status).toBe('waiting');
    expect(waiting.abilities.confirm).toBe(true);
    // Ten active staff (the admin who connected and nine synced) at 20%: two may go without a confirmation.
    expect(waiting.data.deactivations).toEqual({ count: 5, allowed: 2, activeStaff: 10 });
    expect(waiting.data.error).toContain('would deactivate 5 people');
    expect((await userBySourced(district.id, `${domain}-t000`)).status).toBe('active');
    const confirmed = await browser.post(`/api/roster-sync/runs/${waiting.data.id}/confirmation`);
    expect(confirmed.statusCode, confirmed.body).toBe(202);
    await t.app.jobs.drain({ names: ['roster-sync.run'] });
    const done = await finished(browser, confirmed.json().data.id);
    expect(done.data).toMatchObject({ status: 'applied' });
    expect(done.data.counts.deactivated).toBe(5);
    expect((await userBySourced(district.id, `${domain}-t000`)).status).toBe('deactivated');
    expect((await finished(browser, waiting.data.id)).data.status).toBe('confirmed');
    // Confirming twice is refused.
    expect((await browser.post(`/api/roster-sync/runs/${waiting.data.id}/confirmation`)).statusCode).toBe(
      409,
    );
  });
  it('deactivates on confirmation only the people the admin saw held back', async () => {
    const {
      browser,
      district,
      domain,
      provider: p,
    } = await syncedDistrict({}, { graceDays: 0, confirmSharePercent: 20 });
    const all = [...p.users];
    // Each run reads the whole roster, as a full sync does.
    const without = async (pattern: RegExp) => {
      p.users.length = 0;
      p.users.push(...all.filter((u) => !pattern.test(u.sourcedId)));
      await t.database.db
        .update(rosterSources)
        .set({ lastFullSyncAt: new Date(Date.now() - 8 * 86_400_000) })
        .where(eq(rosterSources.districtId, district.id));
    };
    await without(/-t00[0-4]$/);
    const waiting = await run(browser, 'sync');
    expect(waiting.data.status).toBe('waiting');
    expect(waiting.data.deactivations).toEqual({ count: 5, allowed: 2, activeStaff: 10 });
    // Before the admin confirms, t000 is back and t005 is gone: as many people, not the same ones.
    await without(/-t00[1-5]$/);
    const confirmed = await browser.post(`/api/roster-sync/runs/${waiting.data.id}/confirmation`);
    expect(confirmed.statusCode, confirmed.body).toBe(202);
    await t.app.jobs.drain({ names: ['roster-sync.run'] });
    const again = await finished(browser, confirmed.json().data.id);
    expect(again.data.status).toBe('waiting');
    expect((await userBySourced(district.id, `${domain}-t005`)).status).toBe('active');
    expect((await userBySourced(district.id, `${domain}-t001`)).status).toBe('active');
    // Confirming what is now held back carries it out.
    const second = await browser.post(`/api/roster-sync/runs/${again.data.id}/confirmation`);
    expect(second.statusCode, second.body).toBe(202);
    await without(/-t00[1-5]$/);
    await t.app.jobs.drain({ names: ['roster-sync.run'] });
    expect((await finished(browser, second.json().data.id)).data.status).toBe('applied');
    expect((await userBySourced(district.id, `${domain}-t005`)).status).toBe('deactivated');
    expect((await userBySourced(district.id, `${domain}-t000`)).status).toBe('active');
  });
});

describe('history, isolation and the queue', () => {
  it('pages the history of runs, newest first', async () => {
    const { browser } = await syncedDistrict();
    const first = await browser.get('/api/roster-sync/runs?limit=1');
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toHaveLength(1);
    expect(first.json().data[0]).toMatchObject({ kind: 'sync', status: 'applied' });
    const second = await browser.get(`/api/roster-sync/runs?limit=1&cursor=${first.json().nextCursor}`);
    expect(second.json().data[0]).toMatchObject({ kind: 'preview', status: 'previewed' });
    expect(second.json().nextCursor).toBeNull();
  });

  it("answers 404 for another district's runs", async () => {
    const { browser } = await syncedDistrict();
    const runId = (await browser.get('/api/roster-sync/runs')).json().data[0].id;
    const other = await adminOfNewDistrict();
    expect((await other.browser.get(`/api/roster-sync/runs/${runId}`)).statusCode).toBe(404);
    expect((await other.browser.post(`/api/roster-sync/runs/${runId}/confirmation`)).statusCode).toBe(404);
    expect((await other.browser.get('/api/roster-sync/runs')).json().data).toEqual([]);
    expect((await other.browser.get('/api/roster-sync/source')).json().data).toBeNull();
  });

  it('refuses a second run while one is queued', async () => {
    const { browser } = await connectedDistrict();
    expect((await browser.post('/api/roster-sync/runs', { kind: 'preview' })).statusCode).toBe(202);
    expect((await browser.post('/api/roster-sync/runs', { kind: 'preview' })).statusCode).toBe(409);
    await t.app.jobs.drain({ names: ['roster-sync.run'] });
  });

  it('syncs every syncing district each night from the queue', async () => {
    const { browser, domain, district, provider: p } = await syncedDistrict();
    bump(p.users.find((u) => u.sourcedId === `${domain}-aide`)!, { givenName: 'Kenny' });
    await t.database.db.transaction((tx) => enqueue(tx, nightlyRosterSyncJob, { districtId: null }));
    await t.app.jobs.drain({ names: ['roster-sync.nightly'] });
    await t.app.jobs.drain({ names: ['roster-sync.run'] });
    const runs = await t.database.db
      .select()
      .from(rosterSyncRuns)
      .where(and(eq(rosterSyncRuns.districtId, district.id), eq(rosterSyncRuns.trigger, 'schedule')));
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('applied');
    expect((await userBySourced(district.id, `${domain}-aide`)).name).toBe('Kenny Brooks');
    expect((await browser.get('/api/roster-sync/runs')).json().data[0]).toMatchObject({
      trigger: 'schedule',
    });
  });
});

beforeAll(() => forgetRosterTokens());

describe('a runaway or hostile source', () => {
  const clientOf = (p: OneRosterProvider, limits: Partial<RosterReadLimits> = {}) =>
    new OneRosterClient(
      { baseUrl: p.baseUrl, tokenUrl: p.tokenUrl, clientId: p.clientId, clientSecret: p.clientSecret },
      { limits, addresses: t.config },
    );

  it('refuses a page larger than allowed, whether it says its length or not', async () => {
    const p = await provider('huge.example');
    await expect(clientOf(p, { maxPageBytes: 2000 }).readAll('users')).rejects.toThrow(
      /A page of \/users is larger than/,
    );
    p.fail = 'unsized';
    await expect(clientOf(p).readAll('users')).resolves.toHaveLength(p.users.length);
    await expect(clientOf(p, { maxPageBytes: 2000 }).readAll('users')).rejects.toThrow(
      /A page of \/users is larger than/,
    );
    await expect(clientOf(p, { maxRunBytes: 5000 }).readAll('users')).rejects.toThrow(
      /more than .* MB in one run/,
    );
  });

  it('stops at the most records and pages one run reads, and on a next page at another host', async () => {
    const p = await provider('endless.example', { maxPageSize: 5 });
    await expect(clientOf(p, { maxRecords: 8 }).readAll('users')).rejects.toThrow(
      /more than 8 records in one run/,
    );
    p.fail = 'endless';
    const before = p.stats.pages.length;
    await expect(clientOf(p, { maxPages: 20 }).readAll('orgs')).rejects.toThrow(
      /\/orgs did not end after 20 pages/,
    );
    expect(p.stats.pages.length - before).toBe(20);
    p.fail = 'elsewhere';
    await expect(clientOf(p).readAll('users')).rejects.toThrow(/next page of \/users is on another host/);
  });
});
