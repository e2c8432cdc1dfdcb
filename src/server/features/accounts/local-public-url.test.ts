import { describe, expect, it } from 'vitest';
import { signedIn, setupTestApp, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';

async function sessionOf(t: TestContext) {
  const district = await buildDistrict(t.database.db);
  const user = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
  const response = await (await signedIn(t, user.id)).get('/api/session');
  expect(response.statusCode).toBe(200);
  return response.json().data;
}

describe('the session under a local PUBLIC_URL', () => {
  const t = setupTestApp({ PUBLIC_URL: 'http://localhost:3000' });
  it('tells the issuing pages that credentials would be bound to a local address', async () => {
    expect((await sessionOf(t)).publicUrlIsLocal).toBe(true);
  });
});

describe('the session under a public PUBLIC_URL', () => {
  const t = setupTestApp({ PUBLIC_URL: 'https://trellis.example.org' });
  it('gives the issuing pages nothing to warn about', async () => {
    expect((await sessionOf(t)).publicUrlIsLocal).toBe(false);
  });
});
