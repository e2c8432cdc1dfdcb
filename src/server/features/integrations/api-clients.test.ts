import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '#server/db/schema.ts';
import { hashToken } from '#server/platform/secrets.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { apiClients } from './schema.ts';

const t = setupTestApp();

async function districtWithAdmin() {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
  return { district, admin, as: await signedIn(t, admin.id) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API clients, managed by a district administrator', () => {
  it('creates a client whose secret is shown once and kept only as a hash', async () => {
    const { district, as } = await districtWithAdmin();
    const created = await as.post('/api/api-clients', { name: 'Roster sync', scopes: ['directory:read'] });
    expect(created.statusCode).toBe(201);
    const { data } = created.json();
    expect(data).toMatchObject({ name: 'Roster sync', scopes: ['directory:read'], revokedAt: null });
    expect(data.key).toMatch(/^trk_/);
    expect(data.token).toBe(`${data.key}.${data.secret}`);

    const [row] = await t.database.db.select().from(apiClients).where(eq(apiClients.id, data.id));
    expect(row.districtId).toBe(district.id);
    expect(row.secretHash).toBe(hashToken(data.secret));
    expect(JSON.stringify(row)).not.toContain(data.secret);

    // Listed and read back without the secret.
    const list = await as.get('/api/api-clients');
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual([
      expect.objectContaining({
        id: data.id,
        abilities: { rotate: true, retirePreviousSecret: false, revoke: true },
      }),
    ]);
    expect(list.body).not.toContain(data.secret);
    const one = await as.get(`/api/api-clients/${data.id}`);
    expect(one.json().data).not.toHaveProperty('secret');

    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, data.id));
    expect(audit.map((a) => a.action)).toEqual(['api_client.created']);
    expect(JSON.stringify(audit)).not.toContain(data.secret);
  });

  it('lists nothing for a district without clients and pages through many', async () => {
    const { as } = await districtWithAdmin();
    expect((await as.get('/api/api-clients')).json()).toEqual({ data: [], nextCursor: null });
    for (const name of ['One', 'Two', 'Three'])
      await as.post('/api/api-clients', { name, scopes: ['schools:read'] });
    const first = (await as.get('/api/api-clients?limit=2')).json();
    expect(first.data.map((c: { name: string }) => c.name)).toEqual(['Three', 'Two']);
    const second = (await as.get(`/api/api-clients?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ data: [{ name: 'One' }], nextCursor: null });
  });

  it('refuses a client without a name or a scope, or with a scope not offered, naming the field', async () => {
    const { as } = await districtWithAdmin();
    const cases = [
      [{ name: ' ', scopes: ['directory:read'] }, '/body/name'],
      [{ name: 'Sync', scopes: [] }, '/body/scopes'],
      [{ name: 'Sync', scopes: ['roster:write'] }, '/body/scopes/0'],
      [{ name: 'Sync', scopes: ['directory:read', 'directory:read'] }, '/body/scopes'],
    ] as const;
    for (const [body, path] of cases) {
      const response = await as.post('/api/api-clients', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await as.get('/api/api-clients')).json().data).toEqual([]);
  });

  it('is for district administrators only, each seeing only their own district', async () => {
    const { district, as } = await districtWithAdmin();
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const asTeacher = await signedIn(t, teacher.id);
    expect((await asTeacher.get('/api/api-clients')).statusCode).toBe(403);
    expect(
      (await asTeacher.post('/api/api-clients', { name: 'X', scopes: ['schools:read'] })).statusCode,
    ).toBe(403);
    expect((await agent(t).get('/api/api-clients')).statusCode).toBe(401);

    const { data } = (await as.post('/api/api-clients', { name: 'Ours', scopes: ['schools:read'] })).json();
    const other = await districtWithAdmin();
    expect((await other.as.get('/api/api-clients')).json().data).toEqual([]);
    for (const path of ['', '/rotate', '/retire', '/revoke']) {
      const response =
        path === ''
          ? await other.as.get(`/api/api-clients/${data.id}`)
          : await other.as.post(`/api/api-clients/${data.id}${path}`);
      expect(response.statusCode, path).toBe(404);
    }
  });

  it('rotates a secret: both work until the previous one is retired, then only the new one', async () => {
    const { as } = await districtWithAdmin();
    const first = (await as.post('/api/api-clients', { name: 'LMS', scopes: ['schools:read'] })).json().data;
    const schools = (token: string) =>
      t.app.inject({ method: 'GET', url: '/api/schools', headers: bearer(token) });
    expect((await schools(first.token)).statusCode).toBe(200);

    const rotated = await as.post(`/api/api-clients/${first.id}/rotate`);
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json().data;
    expect(second.key).toBe(first.key);
    expect(second.secret).not.toBe(first.secret);
    expect(second.previousSecretCreatedAt).not.toBeNull();
    expect(rotated.json().abilities).toEqual({ rotate: false, retirePreviousSecret: true, revoke: true });
    expect((await schools(first.token)).statusCode).toBe(200);
    expect((await schools(second.token)).statusCode).toBe(200);
    // One rotation at a time: the previous secret must be retired first.
    expect((await as.post(`/api/api-clients/${first.id}/rotate`)).statusCode).toBe(409);

    const retired = await as.post(`/api/api-clients/${first.id}/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json().data.previousSecretCreatedAt).toBeNull();
    expect((await schools(first.token)).statusCode).toBe(401);
    expect((await schools(second.token)).statusCode).toBe(200);

    const [row] = await t.database.db.select().from(apiClients).where(eq(apiClients.id, first.id));
    expect(row.secretHash).toBe(hashToken(second.secret));
    expect(row.previousSecretHash).toBeNull();
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, first.id));
    expect(audit.map((a) => a.action)).toEqual([
      'api_client.created',
      'api_client.secret_rotated',
      'api_client.previous_secret_retired',
    ]);
  });

  it('revokes a client: its very next request is refused, and nothing more can be done to it', async () => {
    const { as } = await districtWithAdmin();
    const client = (await as.post('/api/api-clients', { name: 'Old tool', scopes: ['schools:read'] })).json()
      .data;
    const schools = () => t.app.inject({ method: 'GET', url: '/api/schools', headers: bearer(client.token) });
    expect((await schools()).statusCode).toBe(200);

    const revoked = await as.post(`/api/api-clients/${client.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().data.revokedAt).not.toBeNull();
    expect(revoked.json().abilities).toEqual({ rotate: false, retirePreviousSecret: false, revoke: false });
    const refused = await schools();
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('Bearer');
    expect((await as.post(`/api/api-clients/${client.id}/rotate`)).statusCode).toBe(409);
    expect((await as.post(`/api/api-clients/${client.id}/revoke`)).statusCode).toBe(409);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, client.id));
    expect(audit.map((a) => a.action)).toEqual(['api_client.created', 'api_client.revoked']);
  });

  it('describes what was done to clients in the audit log', async () => {
    const { as } = await districtWithAdmin();
    const client = (await as.post('/api/api-clients', { name: 'Reports', scopes: ['schools:read'] })).json()
      .data;
    await as.post(`/api/api-clients/${client.id}/revoke`);
    const log = (await as.get('/api/audit?kind=integrations')).json();
    expect(log.data.map((e: { description: string }) => e.description)).toEqual([
      expect.stringMatching(/revoked the API client Reports$/),
      expect.stringMatching(/created the API client Reports$/),
    ]);
  });
});
