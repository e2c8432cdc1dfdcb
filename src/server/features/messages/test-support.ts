import { strFromU8, unzipSync } from 'fflate';
import { expect } from 'vitest';
import { type Agent, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';

/** Runs a district export as its administrator through the routes and the job, and opens its ZIP. */
export async function exportDistrict(t: TestContext, admin: Agent): Promise<Record<string, string>> {
  const started = await admin.post('/api/district/data-exports');
  expect(started.statusCode).toBe(202);
  await t.app.jobs.drain({ names: ['privacy.export'] });
  const done = (await admin.get(`/api/data-exports/${started.json().data.id}`)).json().data;
  expect(done.status).toBe('ready');
  const file = await admin.get(done.downloadUrl);
  const zip = unzipSync(new Uint8Array(file.rawPayload));
  return Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** Two districts in one network, a third outside it, and people in each. */
export async function buildMessagingWorld(t: TestContext) {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const far = await buildDistrict(db);
  await buildNetwork(db, [north.id, south.id]);
  const ana = await buildUser(db, { districtId: north.id, name: `Ana ${uniqueWord()}` });
  const ben = await buildUser(db, { districtId: south.id, name: `Ben ${uniqueWord()}` });
  const cal = await buildUser(db, { districtId: north.id, name: `Cal ${uniqueWord()}` });
  const dee = await buildUser(db, { districtId: far.id, name: `Dee ${uniqueWord()}` });
  const southAdmin = await buildUser(db, { districtId: south.id, role: 'district_admin' });
  const northAdmin = await buildUser(db, { districtId: north.id, role: 'district_admin' });
  return {
    north,
    south,
    far,
    ana,
    ben,
    cal,
    dee,
    southAdmin,
    northAdmin,
    as: {
      ana: await signedIn(t, ana.id),
      ben: await signedIn(t, ben.id),
      cal: await signedIn(t, cal.id),
      dee: await signedIn(t, dee.id),
      southAdmin: await signedIn(t, southAdmin.id),
      northAdmin: await signedIn(t, northAdmin.id),
    },
  };
}
