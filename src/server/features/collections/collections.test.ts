import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';

const t = setupTestApp();

/** Two districts in a network (home with two schools), one district outside it, and a community. */
async function buildWorld(ctx: TestContext) {
  const db = ctx.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const school = await buildSchool(db, home.id);
  const otherSchool = await buildSchool(db, home.id);
  const partnerSchool = await buildSchool(db, partner.id);
  const curator = await buildUser(db, { districtId: home.id, schoolId: school.id, name: 'Curator' });
  const colleague = await buildUser(db, { districtId: home.id, schoolId: school.id });
  const acrossTown = await buildUser(db, { districtId: home.id, schoolId: otherSchool.id });
  const partnerTeacher = await buildUser(db, { districtId: partner.id, schoolId: partnerSchool.id });
  const stranger = await buildUser(db, { districtId: outside.id });
  const community = await buildCommunity(db, {
    createdBy: curator.id,
    districtId: home.id,
    joinPolicy: 'request',
    members: [
      { userId: curator.id, role: 'facilitator' },
      { userId: partnerTeacher.id, role: 'member' },
    ],
  });
  return {
    home,
    partner,
    outside,
    network,
    school,
    otherSchool,
    curator,
    colleague,
    acrossTown,
    partnerTeacher,
    stranger,
    community,
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

const collectionBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Starting lesson study: protocols and examples',
  description: 'Where to begin, in the order we used them.',
  audience: 'public',
  ...overrides,
});

async function createCollection(w: World, overrides: Record<string, unknown> = {}, ownerId = w.curator.id) {
  const response = await (await signedIn(t, ownerId)).post('/api/collections', collectionBody(overrides));
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json().data as { id: string };
}

/** A collection by the curator holding resources in order, added straight to the tables. */
async function collectionWith(w: World, resourceIds: string[], overrides: Record<string, unknown> = {}) {
  const { id } = await createCollection(w, overrides);
  const me = await signedIn(t, w.curator.id);
  for (const resourceId of resourceIds) {
    const response = await me.post(`/api/collections/${id}/items`, { resourceId, annotation: 'Read first.' });
    if (response.statusCode !== 201) throw new Error(`add failed: ${response.statusCode} ${response.body}`);
  }
  return id;
}

const resourceOf = (
  w: World,
  overrides: Parameters<typeof buildResource>[1] extends infer R ? Partial<R> : never,
) =>
  buildResource(t.database.db, {
    ownerId: w.curator.id,
    districtId: w.home.id,
    audience: 'public',
    ...overrides,
  });

async function storedItems(collectionId: string) {
  const { rows } = await t.database.db.execute<{ resource_id: string; position: number; annotation: string }>(
    sql`select resource_id, position, annotation from collection_items
         where collection_id = ${collectionId} order by position`,
  );
  return rows;
}

async function storedCollection(collectionId: string) {
  const { rows } = await t.database.db.execute<{
    title: string;
    audience: string;
    audience_id: string | null;
    item_count: number;
    updated_at: string | Date;
    deleted_at: string | Date | null;
  }>(sql`select title, audience, audience_id, item_count, updated_at, deleted_at from collections
          where id = ${collectionId}`);
  return rows[0];
}

const paths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);

describe('creating a collection', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).post('/api/collections', collectionBody())).statusCode).toBe(401);
    expect((await agent(t).get('/api/collections')).statusCode).toBe(401);
  });

  it('creates it empty, owned by the curator, and records created in the activity stream', async () => {
    const w = await buildWorld(t);
    const response = await (await signedIn(t, w.curator.id)).post(
      '/api/collections',
      collectionBody({ audience: 'network', audienceId: w.network.id }),
    );
    expect(response.statusCode).toBe(201);
    const { data } = response.json();
    expect(data).toMatchObject({
      title: 'Starting lesson study: protocols and examples',
      description: 'Where to begin, in the order we used them.',
      owner: { id: w.curator.id, name: 'Curator' },
      audience: { audience: 'network', name: w.network.name },
      audienceId: w.network.id,
      itemCount: 0,
      items: [],
      hiddenItemCount: 0,
      abilities: { edit: true },
    });
    const { rows } = await t.database.db.execute<{
      verb: string;
      object_id: string;
      school_id: string;
      district_id: string;
    }>(sql`select verb, object_id, school_id, district_id from statements
            where actor_id = ${w.curator.id} and object_type = 'collection'`);
    expect(rows).toEqual([
      {
        verb: 'http://activitystrea.ms/schema/1.0/create',
        object_id: data.id,
        school_id: w.school.id,
        district_id: w.home.id,
      },
    ]);
    // Shared with a community, the statement is the community's too.
    const inCommunity = await (await signedIn(t, w.curator.id)).post(
      '/api/collections',
      collectionBody({ audience: 'community', audienceId: w.community.id }),
    );
    const { rows: scoped } = await t.database.db.execute<{ community_id: string }>(
      sql`select community_id from statements where object_id = ${inCommunity.json().data.id}`,
    );
    expect(scoped).toEqual([{ community_id: w.community.id }]);
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const w = await buildWorld(t);
    const me = await signedIn(t, w.curator.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, '/body/title'],
      [{ title: 'x'.repeat(161) }, '/body/title'],
      [{ description: 'a\u0000b' }, '/body/description'],
      [{ audience: 'galaxy' }, '/body/audience'],
      [{ audience: 'network', audienceId: 'nope' }, '/body/audienceId'],
      [{ audience: 'school' }, '/body/audienceId'],
      [{ extra: 1 }, '/body'],
    ];
    for (const [override, path] of cases) {
      const response = await me.post('/api/collections', collectionBody(override));
      expect(response.statusCode, JSON.stringify(override)).toBe(400);
      expect(paths(response)).toContain(path);
    }
    const { rows } = await t.database.db.execute(
      sql`select 1 from collections where owner_id = ${w.curator.id}`,
    );
    expect(rows).toHaveLength(0);
  });

  it("refuses another tenant's school, district, network or community as the audience", async () => {
    const w = await buildWorld(t);
    const me = await signedIn(t, w.curator.id);
    const partnerSchool = await buildSchool(t.database.db, w.partner.id);
    const foreignNetwork = await buildNetwork(t.database.db, [w.outside.id]);
    const foreignCommunity = await buildCommunity(t.database.db, {
      createdBy: w.stranger.id,
      districtId: w.outside.id,
    });
    for (const [audience, audienceId] of [
      ['school', w.otherSchool.id],
      ['school', partnerSchool.id],
      ['district', w.partner.id],
      ['network', foreignNetwork.id],
      ['community', foreignCommunity.id],
      ['community', randomUUID()],
    ]) {
      const response = await me.post('/api/collections', collectionBody({ audience, audienceId }));
      expect(response.statusCode, `${audience} ${audienceId}`).toBe(400);
      expect(paths(response)).toEqual(['/body/audienceId']);
    }
    const { rows } = await t.database.db.execute(
      sql`select 1 from collections where owner_id = ${w.curator.id}`,
    );
    expect(rows).toHaveLength(0);
  });
});

describe('who sees a collection', () => {
  it('shows each audience to its people alone, in the list and on the page', async () => {
    const w = await buildWorld(t);
    const audiences = {
      private: await createCollection(w, { audience: 'private', title: 'private one' }),
      school: await createCollection(w, { audience: 'school', audienceId: w.school.id, title: 'school one' }),
      district: await createCollection(w, {
        audience: 'district',
        audienceId: w.home.id,
        title: 'district one',
      }),
      network: await createCollection(w, {
        audience: 'network',
        audienceId: w.network.id,
        title: 'network one',
      }),
      community: await createCollection(w, {
        audience: 'community',
        audienceId: w.community.id,
        title: 'community one',
      }),
      public: await createCollection(w, { audience: 'public', title: 'public one' }),
    };
    const expected: Array<[string, string[]]> = [
      [w.curator.id, ['private', 'school', 'district', 'network', 'community', 'public']],
      [w.colleague.id, ['school', 'district', 'network', 'public']],
      [w.acrossTown.id, ['district', 'network', 'public']],
      [w.partnerTeacher.id, ['network', 'community', 'public']],
      [w.stranger.id, ['public']],
    ];
    for (const [userId, visible] of expected) {
      const viewer = await signedIn(t, userId);
      const list = await viewer.get('/api/collections?q=one&limit=50');
      expect(list.statusCode).toBe(200);
      const mine = list
        .json()
        .data.filter((c: { owner: { id: string } }) => c.owner.id === w.curator.id)
        .map((c: { title: string }) => c.title.replace(' one', ''));
      expect(mine.sort(), userId).toEqual([...visible].sort());
      for (const [audience, { id }] of Object.entries(audiences)) {
        const page = await viewer.get(`/api/collections/${id}`);
        expect(page.statusCode, `${userId} ${audience}`).toBe(visible.includes(audience) ? 200 : 404);
      }
    }
  });

  it('names a community audience only to those who may read it', async () => {
    const w = await buildWorld(t);
    const open = await buildCommunity(t.database.db, {
      createdBy: w.curator.id,
      districtId: w.home.id,
      joinPolicy: 'open',
      members: [{ userId: w.curator.id, role: 'facilitator' }],
    });
    const { id } = await createCollection(w, { audience: 'community', audienceId: open.id });
    const reader = await (await signedIn(t, w.colleague.id)).get(`/api/collections/${id}`);
    expect(reader.json().data.audience).toEqual({ audience: 'community', name: open.name });
    expect(reader.json().data.audienceId).toBeNull();
    expect(reader.json().data.abilities).toEqual({ edit: false });
  });

  it('answers 400 for a malformed id and 404 for an unknown or deleted one', async () => {
    const w = await buildWorld(t);
    const me = await signedIn(t, w.curator.id);
    expect((await agent(t).get(`/api/collections/${randomUUID()}`)).statusCode).toBe(401);
    expect((await me.get('/api/collections/nope')).statusCode).toBe(400);
    expect((await me.get(`/api/collections/${randomUUID()}`)).statusCode).toBe(404);
    const { id } = await createCollection(w);
    expect((await me.delete(`/api/collections/${id}`)).statusCode).toBe(204);
    expect((await me.get(`/api/collections/${id}`)).statusCode).toBe(404);
  });
});

describe('listing collections', () => {
  it('finds by title or description ignoring case, filters to mine, newest updated first', async () => {
    const w = await buildWorld(t);
    const marker = randomUUID().slice(0, 8);
    const a = await createCollection(w, { title: `Lesson STUDY ${marker} a` });
    const b = await createCollection(w, { title: `Protocols ${marker}`, description: 'for lesson study' });
    const c = await createCollection(w, { title: `Lesson study ${marker} by a colleague` }, w.colleague.id);
    await createCollection(w, { title: `Fractions ${marker}` });
    const me = await signedIn(t, w.curator.id);
    const found = await me.get(`/api/collections?q=${encodeURIComponent('lesson study')}&limit=50`);
    const ids = found.json().data.map((x: { id: string }) => x.id);
    expect(ids.filter((id: string) => [a.id, b.id, c.id].includes(id))).toEqual([c.id, b.id, a.id]);
    const mine = await me.get(`/api/collections?q=${marker}&mine=true`);
    expect(mine.json().data.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect(mine.json().data).toHaveLength(3);
    expect(mine.json().data[0]).toMatchObject({
      owner: { id: w.curator.id },
      audience: { audience: 'public', name: null },
      itemCount: 0,
    });
  });

  it('pages with a cursor without repeats or gaps, and refuses a bad cursor', async () => {
    const w = await buildWorld(t);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createCollection(w, { title: `Paged ${i}` })).id);
    const me = await signedIn(t, w.curator.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await me.get(
        `/api/collections?mine=1&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      seen.push(...response.json().data.map((c: { id: string }) => c.id));
      cursor = response.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const bad = await me.get('/api/collections?cursor=garbage');
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/querystring/cursor']);
    expect(paths(await me.get('/api/collections?limit=0'))).toEqual(['/querystring/limit']);
  });

  it('counts items in the list', async () => {
    const w = await buildWorld(t);
    const r1 = await resourceOf(w, {});
    const r2 = await resourceOf(w, {});
    const id = await collectionWith(w, [r1.id, r2.id]);
    const list = await (await signedIn(t, w.curator.id)).get('/api/collections?mine=true');
    expect(list.json().data.find((c: { id: string }) => c.id === id).itemCount).toBe(2);
  });
});

describe('the items of a collection', () => {
  it('returns items in order with annotations and resource summaries', async () => {
    const w = await buildWorld(t);
    const first = await resourceOf(w, { title: 'Lesson study protocol', kind: 'tool_protocol' });
    const second = await resourceOf(w, { title: 'Research lesson plan' });
    const id = await collectionWith(w, [first.id, second.id]);
    const response = await (await signedIn(t, w.stranger.id)).get(`/api/collections/${id}`);
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(data.items).toHaveLength(2);
    expect(data.items[0]).toMatchObject({
      position: 0,
      annotation: 'Read first.',
      resource: {
        id: first.id,
        title: 'Lesson study protocol',
        kind: 'tool_protocol',
        owner: { id: w.curator.id },
      },
    });
    expect(data.items[1]).toMatchObject({ position: 1, resource: { id: second.id } });
    expect(data.hiddenItemCount).toBe(0);
  });

  it('hides the resources a viewer may not see, counting them without naming them', async () => {
    const w = await buildWorld(t);
    const open = await resourceOf(w, { title: 'Open to all' });
    const districtOnly = await resourceOf(w, {
      title: 'District secret',
      audience: 'district',
      audienceId: w.home.id,
    });
    const mineOnly = await resourceOf(w, { title: 'Private draft', audience: 'private' });
    const deleted = await resourceOf(w, { title: 'Withdrawn' });
    const id = await collectionWith(w, [open.id, districtOnly.id, mineOnly.id, deleted.id]);
    await t.database.db.execute(sql`update resources set deleted_at = now() where id = ${deleted.id}`);

    const stranger = await (await signedIn(t, w.stranger.id)).get(`/api/collections/${id}`);
    expect(stranger.json().data.items.map((i: { resource: { id: string } }) => i.resource.id)).toEqual([
      open.id,
    ]);
    expect(stranger.json().data.hiddenItemCount).toBe(2);
    expect(stranger.body).not.toContain('District secret');
    expect(stranger.body).not.toContain('Private draft');
    expect(stranger.body).not.toContain(districtOnly.id);

    const colleague = await (await signedIn(t, w.colleague.id)).get(`/api/collections/${id}`);
    expect(colleague.json().data.items.map((i: { resource: { id: string } }) => i.resource.id)).toEqual([
      open.id,
      districtOnly.id,
    ]);
    expect(colleague.json().data.hiddenItemCount).toBe(1);

    const owner = await (await signedIn(t, w.curator.id)).get(`/api/collections/${id}`);
    expect(owner.json().data.items).toHaveLength(3);
    expect(owner.json().data.hiddenItemCount).toBe(0);
    expect(owner.body).not.toContain('Withdrawn');
  });
});

describe('adding a resource', () => {
  it('appends at the end with its annotation and keeps the count and last change right', async () => {
    const w = await buildWorld(t);
    const r1 = await resourceOf(w, {});
    const r2 = await resourceOf(w, {});
    const { id } = await createCollection(w);
    const before = await storedCollection(id);
    const me = await signedIn(t, w.curator.id);
    expect((await me.post(`/api/collections/${id}/items`, { resourceId: r1.id })).statusCode).toBe(201);
    const response = await me.post(`/api/collections/${id}/items`, {
      resourceId: r2.id,
      annotation: 'Use after the first cycle.',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().data.items.map((i: { position: number }) => i.position)).toEqual([0, 1]);
    expect(await storedItems(id)).toEqual([
      { resource_id: r1.id, position: 0, annotation: '' },
      { resource_id: r2.id, position: 1, annotation: 'Use after the first cycle.' },
    ]);
    const after = await storedCollection(id);
    expect(after.item_count).toBe(2);
    expect(new Date(after.updated_at).getTime()).toBeGreaterThan(new Date(before.updated_at).getTime());
  });

  it('refuses a duplicate with 409 and bad input with 400', async () => {
    const w = await buildWorld(t);
    const r = await resourceOf(w, {});
    const id = await collectionWith(w, [r.id]);
    const me = await signedIn(t, w.curator.id);
    const again = await me.post(`/api/collections/${id}/items`, { resourceId: r.id });
    expect(again.statusCode).toBe(409);
    expect(paths(again)).toEqual(['/body/resourceId']);
    expect(paths(await me.post(`/api/collections/${id}/items`, { resourceId: 'nope' }))).toEqual([
      '/body/resourceId',
    ]);
    expect(
      paths(
        await me.post(`/api/collections/${id}/items`, { resourceId: r.id, annotation: 'x'.repeat(1001) }),
      ),
    ).toEqual(['/body/annotation']);
    expect((await me.post('/api/collections/nope/items', { resourceId: r.id })).statusCode).toBe(400);
    expect((await agent(t).post(`/api/collections/${id}/items`, { resourceId: r.id })).statusCode).toBe(401);
    expect((await storedCollection(id)).item_count).toBe(1);
  });

  it("refuses with 404 naming nothing a resource the owner may not see, or another tenant's", async () => {
    const w = await buildWorld(t);
    const { id } = await createCollection(w);
    const theirs = await buildResource(t.database.db, {
      ownerId: w.stranger.id,
      districtId: w.outside.id,
      audience: 'district',
      title: 'Outside district only',
    });
    const privateOfColleague = await buildResource(t.database.db, {
      ownerId: w.colleague.id,
      districtId: w.home.id,
      audience: 'private',
    });
    const me = await signedIn(t, w.curator.id);
    for (const resourceId of [theirs.id, privateOfColleague.id, randomUUID()]) {
      const response = await me.post(`/api/collections/${id}/items`, { resourceId });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Outside district only');
    }
    expect(await storedItems(id)).toEqual([]);
    expect((await storedCollection(id)).item_count).toBe(0);
  });
});

describe('editing and moving items', () => {
  async function three(w: World) {
    const rs = [
      await resourceOf(w, {}),
      await resourceOf(w, {}),
      await resourceOf(w, {}),
      await resourceOf(w, {}),
    ];
    const ids = rs.map((r) => r.id);
    return { ids, collectionId: await collectionWith(w, ids) };
  }

  it('moves an item up or down and renumbers the others 0..n-1', async () => {
    const w = await buildWorld(t);
    const { ids, collectionId } = await three(w);
    const [a, b, c, d] = ids;
    const me = await signedIn(t, w.curator.id);
    const order = async () => (await storedItems(collectionId)).map((i) => [i.resource_id, i.position]);

    const down = await me.patch(`/api/collections/${collectionId}/items/${a}`, { position: 2 });
    expect(down.statusCode).toBe(200);
    expect(down.json().data.items.map((i: { resource: { id: string } }) => i.resource.id)).toEqual([
      b,
      c,
      a,
      d,
    ]);
    expect(await order()).toEqual([
      [b, 0],
      [c, 1],
      [a, 2],
      [d, 3],
    ]);

    await me.patch(`/api/collections/${collectionId}/items/${d}`, { position: 0 });
    expect(await order()).toEqual([
      [d, 0],
      [b, 1],
      [c, 2],
      [a, 3],
    ]);

    // Past the end means last.
    await me.patch(`/api/collections/${collectionId}/items/${b}`, { position: 99 });
    expect(await order()).toEqual([
      [d, 0],
      [c, 1],
      [a, 2],
      [b, 3],
    ]);
  });

  it('edits an annotation without moving anything', async () => {
    const w = await buildWorld(t);
    const { ids, collectionId } = await three(w);
    const me = await signedIn(t, w.curator.id);
    const response = await me.patch(`/api/collections/${collectionId}/items/${ids[1]}`, {
      annotation: 'Watch the debrief video before the research lesson.',
    });
    expect(response.statusCode).toBe(200);
    const stored = await storedItems(collectionId);
    expect(stored.map((i) => i.resource_id)).toEqual(ids);
    expect(stored[1].annotation).toBe('Watch the debrief video before the research lesson.');
  });

  it('removes an item and closes the gap', async () => {
    const w = await buildWorld(t);
    const { ids, collectionId } = await three(w);
    const me = await signedIn(t, w.curator.id);
    const response = await me.delete(`/api/collections/${collectionId}/items/${ids[1]}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().data.itemCount).toBe(3);
    expect((await storedItems(collectionId)).map((i) => [i.resource_id, i.position])).toEqual([
      [ids[0], 0],
      [ids[2], 1],
      [ids[3], 2],
    ]);
    expect((await storedCollection(collectionId)).item_count).toBe(3);
    expect((await me.delete(`/api/collections/${collectionId}/items/${ids[1]}`)).statusCode).toBe(404);
  });

  it('refuses bad input and items not in the collection', async () => {
    const w = await buildWorld(t);
    const { ids, collectionId } = await three(w);
    const me = await signedIn(t, w.curator.id);
    const url = `/api/collections/${collectionId}/items/${ids[0]}`;
    expect(paths(await me.patch(url, { position: -1 }))).toEqual(['/body/position']);
    expect(paths(await me.patch(url, { position: 1.5 }))).toEqual(['/body/position']);
    expect(paths(await me.patch(url, { annotation: 'a\u0007' }))).toEqual(['/body/annotation']);
    expect((await me.patch(`/api/collections/${collectionId}/items/nope`, { position: 1 })).statusCode).toBe(
      400,
    );
    expect(
      (await me.patch(`/api/collections/${collectionId}/items/${randomUUID()}`, { position: 1 })).statusCode,
    ).toBe(404);
    expect((await agent(t).patch(url, { position: 1 })).statusCode).toBe(401);
    expect((await agent(t).delete(url)).statusCode).toBe(401);
    expect((await storedItems(collectionId)).map((i) => i.resource_id)).toEqual(ids);
  });
});

describe('changing a collection', () => {
  it('lets the owner change title, description and audience, recording the update', async () => {
    const w = await buildWorld(t);
    const { id } = await createCollection(w);
    const me = await signedIn(t, w.curator.id);
    const response = await me.patch(`/api/collections/${id}`, {
      title: 'Lesson study, year two',
      description: 'Now with our own examples.',
      audience: 'school',
      audienceId: w.school.id,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      title: 'Lesson study, year two',
      description: 'Now with our own examples.',
      audience: { audience: 'school', name: w.school.name },
    });
    expect((await (await signedIn(t, w.acrossTown.id)).get(`/api/collections/${id}`)).statusCode).toBe(404);
    const { rows } = await t.database.db.execute(sql`select 1 from statements
      where object_type = 'collection' and object_id = ${id} and verb = 'http://activitystrea.ms/schema/1.0/update'`);
    expect(rows).toHaveLength(1);
  });

  it('refuses bad input and an audience the owner may not share to, changing nothing', async () => {
    const w = await buildWorld(t);
    const { id } = await createCollection(w);
    const me = await signedIn(t, w.curator.id);
    expect(paths(await me.patch(`/api/collections/${id}`, { title: '' }))).toEqual(['/body/title']);
    expect(paths(await me.patch(`/api/collections/${id}`, { audienceId: w.school.id }))).toEqual([
      '/body/audience',
    ]);
    expect(
      paths(await me.patch(`/api/collections/${id}`, { audience: 'district', audienceId: w.partner.id })),
    ).toEqual(['/body/audienceId']);
    expect((await me.patch('/api/collections/nope', { title: 'x' })).statusCode).toBe(400);
    expect((await me.patch(`/api/collections/${randomUUID()}`, { title: 'x' })).statusCode).toBe(404);
    expect((await agent(t).patch(`/api/collections/${id}`, { title: 'x' })).statusCode).toBe(401);
    expect(await storedCollection(id)).toMatchObject({
      title: 'Starting lesson study: protocols and examples',
      audience: 'public',
      audience_id: null,
    });
  });

  it("refuses someone else's collection: 403 when they see it, 404 when they do not, and changes nothing", async () => {
    const w = await buildWorld(t);
    const r = await resourceOf(w, {});
    const extra = await buildResource(t.database.db, {
      ownerId: w.colleague.id,
      districtId: w.home.id,
      audience: 'public',
    });
    const seen = await collectionWith(w, [r.id], { audience: 'district', audienceId: w.home.id });
    const colleague = await signedIn(t, w.colleague.id);
    const stranger = await signedIn(t, w.stranger.id);
    const attempts = (who: Awaited<ReturnType<typeof signedIn>>) => [
      who.patch(`/api/collections/${seen}`, { title: 'Mine now' }),
      who.delete(`/api/collections/${seen}`),
      who.post(`/api/collections/${seen}/items`, { resourceId: extra.id }),
      who.patch(`/api/collections/${seen}/items/${r.id}`, { position: 0, annotation: 'changed' }),
      who.delete(`/api/collections/${seen}/items/${r.id}`),
    ];
    for (const response of await Promise.all(attempts(colleague))) expect(response.statusCode).toBe(403);
    for (const response of await Promise.all(attempts(stranger))) expect(response.statusCode).toBe(404);
    expect(await storedCollection(seen)).toMatchObject({
      title: 'Starting lesson study: protocols and examples',
      item_count: 1,
      deleted_at: null,
    });
    expect(await storedItems(seen)).toEqual([{ resource_id: r.id, position: 0, annotation: 'Read first.' }]);
  });

  it('deletes softly: gone from lists and pages, the row kept', async () => {
    const w = await buildWorld(t);
    const { id } = await createCollection(w, { title: `Soon gone ${randomUUID()}` });
    const me = await signedIn(t, w.curator.id);
    expect((await me.delete('/api/collections/nope')).statusCode).toBe(400);
    expect((await agent(t).delete(`/api/collections/${id}`)).statusCode).toBe(401);
    expect((await me.delete(`/api/collections/${id}`)).statusCode).toBe(204);
    expect((await storedCollection(id)).deleted_at).not.toBeNull();
    const list = await me.get('/api/collections?mine=true&limit=50');
    expect(list.json().data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await me.delete(`/api/collections/${id}`)).statusCode).toBe(404);
  });
});
