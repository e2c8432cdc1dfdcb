import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { VERBS } from '#server/platform/statements.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

async function world() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  await buildNetwork(db, [home.id, partner.id]);
  const viewer = await buildUser(db, { districtId: home.id });
  const colleague = await buildUser(db, { districtId: partner.id });
  const stranger = await buildUser(db, { districtId: outside.id });
  const publicStranger = await buildUser(db, {
    districtId: outside.id,
    profile: { fieldVisibility: { profile: 'public' } },
  });
  return { db, viewer, colleague, stranger, publicStranger };
}

const count = async (query: ReturnType<typeof sql>) => {
  const { rows } = await t.database.db.execute<{ n: number }>(query);
  return rows[0].n;
};

describe('following people', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const { colleague } = await world();
    const visitor = agent(t);
    expect((await visitor.get(`/api/people/${colleague.id}/follow`)).statusCode).toBe(401);
    expect((await visitor.put(`/api/people/${colleague.id}/follow`)).statusCode).toBe(401);
    expect((await visitor.delete(`/api/people/${colleague.id}/follow`)).statusCode).toBe(401);
  });

  it('rejects an id that is not one, and following oneself, naming the id', async () => {
    const { viewer } = await world();
    const me = await signedIn(t, viewer.id);
    const bad = await me.put('/api/people/not-an-id/follow');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/params/id');
    const self = await me.put(`/api/people/${viewer.id}/follow`);
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].path).toBe('/params/id');
    expect((await me.delete(`/api/people/${viewer.id}/follow`)).statusCode).toBe(400);
  });

  it('answers 404 for someone unknown or outside the network whose profile is not public', async () => {
    const { viewer, stranger, publicStranger } = await world();
    const me = await signedIn(t, viewer.id);
    for (const id of [stranger.id, '01890000-0000-7000-8000-000000000000']) {
      expect((await me.get(`/api/people/${id}/follow`)).statusCode).toBe(404);
      expect((await me.put(`/api/people/${id}/follow`)).statusCode).toBe(404);
      expect((await me.delete(`/api/people/${id}/follow`)).statusCode).toBe(404);
    }
    expect(await count(sql`select count(*)::int as n from follows where followee_id = ${stranger.id}`)).toBe(
      0,
    );
    // A profile made public may be followed from anywhere.
    const open = await me.put(`/api/people/${publicStranger.id}/follow`);
    expect(open.statusCode).toBe(200);
    expect(open.json().data.following).toBe(true);
  });

  it('does not let anyone follow a deactivated person', async () => {
    const db = t.database.db;
    const { viewer } = await world();
    const gone = await buildUser(db, { districtId: viewer.districtId, status: 'deactivated' });
    expect((await (await signedIn(t, viewer.id)).put(`/api/people/${gone.id}/follow`)).statusCode).toBe(404);
  });

  it('follows once, tells the person once, records it, and unfollows', async () => {
    const { db, viewer, colleague } = await world();
    const me = await signedIn(t, viewer.id);
    expect((await me.get(`/api/people/${colleague.id}/follow`)).json().data).toEqual({
      following: false,
      followers: 0,
      followingCount: 0,
    });

    const first = await me.put(`/api/people/${colleague.id}/follow`);
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toEqual({ following: true, followers: 1, followingCount: 0 });
    const again = await me.put(`/api/people/${colleague.id}/follow`);
    expect(again.json().data).toEqual({ following: true, followers: 1, followingCount: 0 });

    const { rows: told } = await db.execute<{ kind: string; actor_id: string; community_id: string | null }>(
      sql`select kind, actor_id, community_id from notifications where user_id = ${colleague.id}`,
    );
    expect(told).toEqual([{ kind: 'new_follower', actor_id: viewer.id, community_id: null }]);
    const { rows: followed } = await db.execute<{
      object_type: string;
      object_id: string;
      district_id: string;
    }>(
      sql`select object_type, object_id, district_id from statements
           where actor_id = ${viewer.id} and verb = ${VERBS.followed}`,
    );
    expect(followed).toEqual([
      { object_type: 'person', object_id: colleague.id, district_id: viewer.districtId },
    ]);

    // The person sees their follower count; the follower's own count shows on their profile.
    const them = await signedIn(t, colleague.id);
    expect((await them.get(`/api/people/${viewer.id}/follow`)).json().data).toEqual({
      following: false,
      followers: 0,
      followingCount: 1,
    });

    const off = await me.delete(`/api/people/${colleague.id}/follow`);
    expect(off.statusCode).toBe(200);
    expect(off.json().data).toEqual({ following: false, followers: 0, followingCount: 0 });
    await me.delete(`/api/people/${colleague.id}/follow`);
    expect(
      await count(sql`select count(*)::int as n from statements
                       where actor_id = ${viewer.id} and verb = ${VERBS.unfollowed}`),
    ).toBe(1);
  });
});
