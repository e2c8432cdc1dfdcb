import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { sessionCookieName } from '#server/platform/auth.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import type { ApiScope } from '#shared/contracts/integrations.ts';
import { apiClients } from './schema.ts';

const t = setupTestApp();

/** A second app over the same database with one write open to clients, to see how writes are treated. */
let withWrite: FastifyInstance;
beforeAll(async () => {
  withWrite = await buildApp({ config: t.config, db: t.database.db, pool: t.database.pool });
  withWrite.post('/api/test-writes', { config: { scope: 'schools:read' } }, async (request) => ({
    client: request.client?.id ?? null,
    actor: request.actor?.userId ?? null,
  }));
  await withWrite.ready();
});
afterAll(async () => {
  await withWrite?.close();
});

async function districtClient(scopes: ApiScope[]) {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
  const as = await signedIn(t, admin.id);
  const created = await as.post('/api/api-clients', { name: 'Integration', scopes });
  expect(created.statusCode).toBe(201);
  const client = created.json().data as { id: string; key: string; secret: string; token: string };
  return { district, admin, as, client };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (key: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
});
const call = (url: string, headers: Record<string, string>, method: 'GET' | 'POST' = 'GET') =>
  t.app.inject({ method, url, headers });

describe('requests made with an API client', () => {
  it('read the staff directory of the client’s district, by bearer token or HTTP Basic', async () => {
    const { district, client, admin } = await districtClient(['directory:read']);
    const school = await buildSchool(t.database.db, district.id);
    const colleague = await buildUser(t.database.db, {
      districtId: district.id,
      schoolId: school.id,
      name: 'Ana Colleague',
      profile: { bio: 'Teaches algebra', fieldVisibility: { bio: 'district' } },
    });
    await buildUser(t.database.db, { districtId: district.id, status: 'deactivated', name: 'Gone Person' });
    // A district of the same network: a person of the district would see its people; a client not.
    const partner = await buildDistrict(t.database.db);
    await buildNetwork(t.database.db, [district.id, partner.id]);
    const partnerTeacher = await buildUser(t.database.db, { districtId: partner.id });

    const byBearer = await call('/api/directory?limit=50', bearer(client.token));
    expect(byBearer.statusCode).toBe(200);
    const names = byBearer
      .json()
      .data.map((p: { name: string }) => p.name)
      .sort();
    expect(names).toEqual([admin.name, 'Ana Colleague'].sort());
    const ana = byBearer.json().data.find((p: { id: string }) => p.id === colleague.id);
    expect(ana).toMatchObject({ bio: 'Teaches algebra', school: { id: school.id } });

    const byBasic = await call('/api/directory?limit=50', basic(client.key, client.secret));
    expect(byBasic.statusCode).toBe(200);
    expect(byBasic.json().data).toHaveLength(2);

    // One profile of the district; another district's person does not exist for the client.
    expect((await call(`/api/profiles/${colleague.id}`, bearer(client.token))).json().data.bio).toBe(
      'Teaches algebra',
    );
    const elsewhere = await call(`/api/profiles/${partnerTeacher.id}`, bearer(client.token));
    expect(elsewhere.statusCode).toBe(404);
    // Filtering by another district finds no one of it.
    const filtered = await call(`/api/directory?districtId=${partner.id}`, bearer(client.token));
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json().data).toEqual([]);
  });

  it('records when a client was last used', async () => {
    const { client } = await districtClient(['schools:read']);
    const before = await t.database.db.select().from(apiClients).where(eq(apiClients.id, client.id));
    expect(before[0].lastUsedAt).toBeNull();
    expect((await call('/api/schools', bearer(client.token))).statusCode).toBe(200);
    const after = await t.database.db.select().from(apiClients).where(eq(apiClients.id, client.id));
    expect(after[0].lastUsedAt).toBeInstanceOf(Date);
  });

  it('lists only the open schools of the client’s district', async () => {
    const { district, client } = await districtClient(['schools:read']);
    const ours = await buildSchool(t.database.db, district.id, { name: 'North Elementary' });
    const other = await buildDistrict(t.database.db);
    await buildSchool(t.database.db, other.id, { name: 'Elsewhere High' });
    const response = await call('/api/schools?includeArchived=true', bearer(client.token));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      data: [{ id: ours.id, name: 'North Elementary' }],
      abilities: { manage: false },
    });
  });

  it('refuses a route whose scope the client lacks with 403', async () => {
    const { client } = await districtClient(['schools:read']);
    const response = await call('/api/directory', bearer(client.token));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    expect(response.json().detail).toContain('directory:read');
  });

  it('refuses every route not open to clients, reads and writes alike', async () => {
    const { client } = await districtClient(['directory:read', 'schools:read']);
    for (const [method, url] of [
      ['GET', '/api/session'],
      ['GET', '/api/home'],
      ['GET', '/api/api-clients'],
      ['GET', '/api/notifications'],
      ['POST', '/api/api-clients'],
      ['POST', '/api/schools'],
    ] as const) {
      const response = await call(url, bearer(client.token), method);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().detail, `${method} ${url}`).toContain('signed-in people only');
    }
  });

  it('refuses unknown, malformed and wrong credentials with 401 at once', async () => {
    const { client } = await districtClient(['schools:read']);
    const wrongSecret = `${client.key}.${'A'.repeat(43)}`;
    for (const headers of [
      bearer(wrongSecret),
      bearer(`trk_${'B'.repeat(22)}.${client.secret}`),
      bearer(client.key),
      bearer(client.secret),
      basic(client.key, 'nope'),
      { authorization: 'Token something' },
      { authorization: '' },
    ]) {
      const response = await call('/api/schools', headers);
      expect(response.statusCode, headers.authorization).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('never takes a cookie for a client, nor a client for a person', async () => {
    const { client, admin } = await districtClient(['schools:read']);
    const cookie = `${sessionCookieName(t.config)}=${client.token}`;
    expect((await call('/api/schools', { cookie })).statusCode).toBe(401);
    const secretOnly = `${sessionCookieName(t.config)}=${client.secret}`;
    expect((await call('/api/schools', { cookie: secretOnly })).statusCode).toBe(401);

    // With a client's credentials, a person's valid session cookie sent alongside is not read.
    const person = await signedIn(t, admin.id);
    const both = await call('/api/api-clients', { ...bearer(client.token), cookie: person.cookie! });
    expect(both.statusCode).toBe(403);
    const write = await withWrite.inject({
      method: 'POST',
      url: '/api/test-writes',
      headers: { ...bearer(client.token), cookie: person.cookie! },
    });
    expect(write.json()).toEqual({ client: client.id, actor: null });
  });

  it('needs no CSRF token for a client’s write, while a session’s write still does', async () => {
    const { client, admin } = await districtClient(['schools:read']);
    const byClient = await withWrite.inject({
      method: 'POST',
      url: '/api/test-writes',
      headers: { ...bearer(client.token), origin: 'https://elsewhere.example' },
    });
    expect(byClient.statusCode).toBe(200);
    expect(byClient.json()).toEqual({ client: client.id, actor: null });

    const person = await signedIn(t, admin.id);
    const noToken = await withWrite.inject({
      method: 'POST',
      url: '/api/test-writes',
      headers: { cookie: person.cookie!, origin: t.config.PUBLIC_URL },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().detail).toContain('CSRF');
    const withToken = await withWrite.inject({
      method: 'POST',
      url: '/api/test-writes',
      headers: { cookie: person.cookie!, origin: t.config.PUBLIC_URL, 'x-csrf-token': person.csrfToken! },
    });
    expect(withToken.json()).toEqual({ client: null, actor: admin.id });
  });

  it('still serves signed-in people and visitors on the routes open to clients', async () => {
    const { admin } = await districtClient(['directory:read']);
    const person = await signedIn(t, admin.id);
    expect((await person.get('/api/directory')).statusCode).toBe(200);
    expect((await agent(t).get('/api/directory')).statusCode).toBe(401);
  });
});
