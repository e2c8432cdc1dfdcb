import { strFromU8, unzipSync } from 'fflate';
import { expect } from 'vitest';
import type { Agent, TestContext } from '#server/test/app.ts';

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
