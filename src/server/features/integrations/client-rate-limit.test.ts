import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';

const t = setupTestApp({ RATE_LIMIT_PER_MINUTE: '3' });

describe('the rate limit of API clients', () => {
  it('counts each client apart, whichever address its requests come from', async () => {
    const district = await buildDistrict(t.database.db);
    const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
    const as = await signedIn(t, admin.id);
    const create = async (name: string) =>
      (await as.post('/api/api-clients', { name, scopes: ['schools:read'] })).json().data.token as string;
    const first = await create('First');
    const second = await create('Second');
    const schools = (token: string, remoteAddress: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/schools',
        remoteAddress,
        headers: { authorization: `Bearer ${token}` },
      });

    const statuses = [];
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'])
      statuses.push((await schools(first, address)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another client of the same district, from the same address, has its own budget.
    expect((await schools(second, '192.0.2.4')).statusCode).toBe(200);
  });

  it('counts wrong credentials against the address they come from', async () => {
    const wrong = `trk_${'C'.repeat(22)}.${'D'.repeat(43)}`;
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/schools',
        remoteAddress: '203.0.113.9',
        headers: { authorization: `Bearer ${wrong}` },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
