import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { OrganizationResponse } from './organization-routes.ts';

const t = setupTestApp();

async function networkOfTwo() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outsider = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const teacher = await buildUser(db, { districtId: home.id });
  return { home, partner, outsider, network, teacher };
}

describe('reading an organization', () => {
  it('answers 401 when signed out', async () => {
    const { home } = await networkOfTwo();
    const response = await agent(t).get(`/api/organizations/${home.id}`);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('returns the home district and one of its schools', async () => {
    const { home, teacher } = await networkOfTwo();
    const school = await buildSchool(t.database.db, home.id, { name: 'Heron Lake Elementary' });
    const browser = await signedIn(t, teacher.id);

    const district = await browser.get(`/api/organizations/${home.id}`);
    expect(district.statusCode).toBe(200);
    expect(district.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(OrganizationResponse.parse(district.json())).toEqual(district.json());
    expect(district.json()).toEqual({
      data: { id: home.id, kind: 'district', name: home.name, districtId: null },
    });

    const read = await browser.get(`/api/organizations/${school.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().data).toEqual({
      id: school.id,
      kind: 'school',
      name: 'Heron Lake Elementary',
      districtId: home.id,
    });
  });

  it('returns the network and its other districts and their schools', async () => {
    const { partner, network, teacher } = await networkOfTwo();
    const partnerSchool = await buildSchool(t.database.db, partner.id);
    const browser = await signedIn(t, teacher.id);
    for (const [org, kind] of [
      [network, 'network'],
      [partner, 'district'],
      [partnerSchool, 'school'],
    ] as const) {
      const response = await browser.get(`/api/organizations/${org.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toMatchObject({ id: org.id, kind });
    }
  });

  it('answers 404 for a district outside every network of the reader, and for its schools', async () => {
    const { outsider, teacher } = await networkOfTwo();
    const outsiderSchool = await buildSchool(t.database.db, outsider.id);
    const browser = await signedIn(t, teacher.id);
    for (const id of [outsider.id, outsiderSchool.id]) {
      const response = await browser.get(`/api/organizations/${id}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answers 404 for an id that names no organization', async () => {
    const { teacher } = await networkOfTwo();
    const browser = await signedIn(t, teacher.id);
    const response = await browser.get(`/api/organizations/${randomUUID()}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers 400 naming the id when it is not a uuid', async () => {
    const { teacher } = await networkOfTwo();
    const browser = await signedIn(t, teacher.id);
    for (const bad of ['42', "1' or '1'='1", '<script>alert(1)</script>']) {
      const response = await browser.get(`/api/organizations/${encodeURIComponent(bad)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain('/params/id');
    }
  });

  it('refuses an oversized id before touching the database', async () => {
    const { teacher } = await networkOfTwo();
    const response = await (await signedIn(t, teacher.id)).get(`/api/organizations/${'x'.repeat(5_000)}`);
    expect(response.statusCode).toBe(414);
  });

  it('returns a name holding markup as plain data, never as HTML', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db, { name: '<img src=x onerror=alert(1)> District' });
    const teacher = await buildUser(db, { districtId: home.id });
    const response = await (await signedIn(t, teacher.id)).get(`/api/organizations/${home.id}`);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json().data.name).toBe('<img src=x onerror=alert(1)> District');
  });
});
