import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { lrsClient, setupLrs } from '../test-lrs.ts';

/**
 * A person's State and Agent Profile documents, kept by tools under one of the person's identities,
 * are in their own export and go when they are erased (decision 058); the district's other
 * documents, and another district's, stay.
 */
const world = setupLrs();
const db = () => world.t.database.db;
const uuid = () => crypto.randomUUID();

describe('documents kept about a person', () => {
  it('are in their own export and are erased with them, by every identity that matches them', async () => {
    const lrs = await lrsClient(world);
    const admin = await signedIn(world.t, lrs.adminId);
    expect(
      (await admin.put('/api/lrs/settings', { homePage: 'https://canvas.example.org' })).statusCode,
    ).toBe(200);
    const maya = await buildUser(db(), { districtId: lrs.districtId, email: `Maya.${uuid()}@Example.test` });
    const sourcedId = `maya-${uuid()}`;
    await db().execute(sql`update users set sourced_id = ${sourcedId} where id = ${maya.id}`);
    const colleague = await buildUser(db(), { districtId: lrs.districtId });
    const course = `http://example.org/courses/${uuid()}`;

    const byEmail = JSON.stringify({ mbox: `mailto:${maya.email.toLowerCase()}` });
    const byHash = JSON.stringify({
      mbox_sha1sum: createHash('sha1').update(`mailto:${maya.email}`).digest('hex'),
    });
    const byAccount = JSON.stringify({
      account: { homePage: 'https://Canvas.example.org/', name: sourcedId },
    });
    const ofColleague = JSON.stringify({ mbox: `mailto:${colleague.email}` });
    // An account of a home page the district never named is not Maya's, whatever its name says.
    const elsewhere = JSON.stringify({ account: { homePage: 'https://other.example.org', name: sourcedId } });
    const put = async (path: string, query: Record<string, string>, body: unknown, client = lrs) => {
      const response = await client.call('PUT', path, { query, body });
      expect(response.status).toBe(204);
    };
    await put('/agents/profile', { agent: byEmail, profileId: 'preferences' }, { theme: 'dark' });
    await put('/activities/state', { activityId: course, agent: byHash, stateId: 'bookmark' }, { page: 12 });
    await put(
      '/activities/state',
      { activityId: course, agent: byAccount, stateId: 'progress', registration: uuid() },
      { done: 3 },
    );
    await put(
      '/activities/state',
      { activityId: course, agent: ofColleague, stateId: 'bookmark' },
      { page: 2 },
    );
    await put(
      '/activities/state',
      { activityId: course, agent: elsewhere, stateId: 'bookmark' },
      { page: 7 },
    );
    await put('/activities/profile', { activityId: course, profileId: 'syllabus' }, { weeks: 6 });
    const otherDistrict = await lrsClient(world);
    await put(
      '/agents/profile',
      { agent: byEmail, profileId: 'preferences' },
      { theme: 'light' },
      otherDistrict,
    );

    const mine = await (await signedIn(world.t, maya.id)).get('/api/me/data-export');
    expect(mine.statusCode).toBe(200);
    const exported = mine.json().tables.lrs_documents;
    expect(exported.class).toBe('district');
    expect(
      exported.rows
        .map((r: { document_id: string; content: string; content_encoding: string }) => [
          r.document_id,
          JSON.parse(r.content),
          r.content_encoding,
        ])
        .sort(),
    ).toEqual([
      ['bookmark', { page: 12 }, 'utf-8'],
      ['preferences', { theme: 'dark' }, 'utf-8'],
      ['progress', { done: 3 }, 'utf-8'],
    ]);
    expect(exported.rows.every((r: Record<string, unknown>) => r.district_id === lrs.districtId)).toBe(true);
    expect(Object.keys(exported.rows[0])).not.toContain('address_hash');

    await db().execute(sql`update users set status = 'deactivated' where id = ${maya.id}`);
    const erased = await admin.post(`/api/staff/${maya.id}/erasure`, { confirm: maya.email });
    expect(erased.statusCode).toBe(200);

    const status = async (path: string, query: Record<string, string>, client = lrs) =>
      (await client.call('GET', path, { query })).status;
    expect(await status('/agents/profile', { agent: byEmail, profileId: 'preferences' })).toBe(404);
    expect(
      await status('/activities/state', { activityId: course, agent: byHash, stateId: 'bookmark' }),
    ).toBe(404);
    expect(
      await lrs.json('GET', '/activities/state', { query: { activityId: course, agent: byAccount } }),
    ).toMatchObject({ body: [] });
    expect(
      await status('/activities/state', { activityId: course, agent: ofColleague, stateId: 'bookmark' }),
    ).toBe(200);
    expect(
      await status('/activities/state', { activityId: course, agent: elsewhere, stateId: 'bookmark' }),
    ).toBe(200);
    expect(await status('/activities/profile', { activityId: course, profileId: 'syllabus' })).toBe(200);
    expect(await status('/agents/profile', { agent: byEmail, profileId: 'preferences' }, otherDistrict)).toBe(
      200,
    );
  });
});
