import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { VERBS } from '#server/platform/statements.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

/**
 * Two districts in a network, a third outside it. The owner shares a resource with the network;
 * a teacher across the network and a colleague at the owner's school may see it; the outsider may not.
 */
async function world() {
  const db = t.database.db;
  const districtA = await buildDistrict(db);
  const schoolA = await buildSchool(db, districtA.id);
  const districtB = await buildDistrict(db);
  const schoolB = await buildSchool(db, districtB.id);
  const districtC = await buildDistrict(db);
  const network = await buildNetwork(db, [districtA.id, districtB.id]);
  const owner = await buildUser(db, { districtId: districtA.id, schoolId: schoolA.id, name: 'Olive Owner' });
  const colleague = await buildUser(db, { districtId: districtA.id, schoolId: schoolA.id });
  const teacherB = await buildUser(db, {
    districtId: districtB.id,
    schoolId: schoolB.id,
    name: 'Bea Bright',
  });
  const outsider = await buildUser(db, { districtId: districtC.id, name: 'Cal Outside' });
  const resource = await buildResource(db, {
    ownerId: owner.id,
    districtId: districtA.id,
    schoolId: schoolA.id,
    audience: 'network',
    audienceId: network.id,
  });
  const privateOfB = await buildResource(db, {
    ownerId: teacherB.id,
    districtId: districtB.id,
    audience: 'private',
  });
  return {
    districtA,
    schoolA,
    districtB,
    schoolB,
    districtC,
    network,
    owner,
    colleague,
    teacherB,
    outsider,
    resource,
    privateOfB,
  };
}

async function resourceRow(id: string) {
  const { rows } = await t.database.db.execute<{
    rating: number | null;
    review_count: number;
    tried_count: number;
    endorsement_count: number;
  }>(sql`select rating, review_count, tried_count, endorsement_count from resources where id = ${id}`);
  return rows[0];
}

async function statementsFor(objectId: string, verb: keyof typeof VERBS) {
  const { rows } = await t.database.db.execute<{
    actor_id: string;
    school_id: string | null;
    district_id: string | null;
    community_id: string | null;
    object_type: string;
  }>(
    sql`select actor_id, school_id, district_id, community_id, object_type from statements
         where object_id = ${objectId} and verb = ${VERBS[verb]} order by timestamp`,
  );
  return rows;
}

async function countRows(table: string, resourceId: string) {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.raw(table)} where resource_id = ${resourceId}`,
  );
  return rows[0].n;
}

const review = (a: number, b: number, c: number, d: number, comment = '') => ({
  alignment: a,
  clarity: b,
  evidence: c,
  adaptability: d,
  comment,
});

describe('reviews', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const { resource } = await world();
    const anon = agent(t);
    expect((await anon.get(`/api/resources/${resource.id}/reviews`)).statusCode).toBe(401);
    expect((await anon.get(`/api/resources/${resource.id}/reviews/mine`)).statusCode).toBe(401);
    expect(
      (await anon.put(`/api/resources/${resource.id}/reviews/mine`, review(3, 3, 3, 3))).statusCode,
    ).toBe(401);
    expect((await anon.delete(`/api/resources/${resource.id}/reviews/mine`)).statusCode).toBe(401);
  });

  it('names the bad field for scores out of 1–4, strings, fractions, missing fields and a huge comment', async () => {
    const { resource, teacherB } = await world();
    const as = await signedIn(t, teacherB.id);
    const cases: Array<[unknown, string]> = [
      [{ ...review(3, 3, 3, 3), alignment: 0 }, '/body/alignment'],
      [{ ...review(3, 3, 3, 3), clarity: 5 }, '/body/clarity'],
      [{ ...review(3, 3, 3, 3), evidence: '3' }, '/body/evidence'],
      [{ ...review(3, 3, 3, 3), adaptability: 2.5 }, '/body/adaptability'],
      [{ alignment: 3, clarity: 3, evidence: 3 }, '/body/adaptability'],
      [review(3, 3, 3, 3, 'x'.repeat(4001)), '/body/comment'],
      [{ ...review(3, 3, 3, 3), stars: 5 }, '/body'],
    ];
    for (const [body, path] of cases) {
      const response = await as.put(`/api/resources/${resource.id}/reviews/mine`, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const badCursor = await as.get(`/api/resources/${resource.id}/reviews?cursor=nonsense`);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors[0].path).toBe('/querystring/cursor');
    expect((await as.get('/api/resources/not-a-uuid/reviews')).statusCode).toBe(400);
    expect(await countRows('resource_reviews', resource.id)).toBe(0);
  });

  it('hides a resource the viewer may not see, and another tenant’s private one, changing nothing', async () => {
    const { resource, privateOfB, outsider, owner } = await world();
    const stranger = await signedIn(t, outsider.id);
    const ownerOfA = await signedIn(t, owner.id);
    for (const [as, id] of [
      [stranger, resource.id],
      [ownerOfA, privateOfB.id],
      [ownerOfA, MISSING],
    ] as const) {
      expect((await as.get(`/api/resources/${id}/reviews`)).statusCode).toBe(404);
      expect((await as.get(`/api/resources/${id}/reviews/mine`)).statusCode).toBe(404);
      const put = await as.put(`/api/resources/${id}/reviews/mine`, review(4, 4, 4, 4));
      expect(put.statusCode).toBe(404);
      expect(put.json().code).toBe('not_found');
      expect((await as.delete(`/api/resources/${id}/reviews/mine`)).statusCode).toBe(404);
    }
    expect(await countRows('resource_reviews', resource.id)).toBe(0);
    expect(await countRows('resource_reviews', privateOfB.id)).toBe(0);
    expect(await resourceRow(privateOfB.id)).toMatchObject({ rating: null, review_count: 0 });
  });

  it('lets a community’s members review what is shared with it, and no one else', async () => {
    const { owner, colleague, districtA } = await world();
    const db = t.database.db;
    const community = await buildCommunity(db, {
      createdBy: owner.id,
      districtId: districtA.id,
      members: [{ userId: owner.id, role: 'facilitator' }],
    });
    const member = await buildUser(db, { districtId: districtA.id });
    await db.execute(
      sql`insert into community_members (community_id, user_id, status) values (${community.id}, ${member.id}, 'active')`,
    );
    const shared = await buildResource(db, {
      ownerId: owner.id,
      districtId: districtA.id,
      audience: 'community',
      audienceId: community.id,
    });
    const url = `/api/resources/${shared.id}/reviews/mine`;
    expect((await (await signedIn(t, member.id)).put(url, review(3, 3, 3, 3))).statusCode).toBe(201);
    expect((await (await signedIn(t, colleague.id)).put(url, review(1, 1, 1, 1))).statusCode).toBe(404);
    expect(await resourceRow(shared.id)).toMatchObject({ rating: 3, review_count: 1 });
  });

  it('hides a deleted resource', async () => {
    const { resource, teacherB } = await world();
    await t.database.db.execute(sql`update resources set deleted_at = now() where id = ${resource.id}`);
    const as = await signedIn(t, teacherB.id);
    expect((await as.put(`/api/resources/${resource.id}/reviews/mine`, review(4, 4, 4, 4))).statusCode).toBe(
      404,
    );
    expect(await countRows('resource_reviews', resource.id)).toBe(0);
  });

  it('refuses the owner a review of their own resource with a clear message, changing nothing', async () => {
    const { resource, owner } = await world();
    const as = await signedIn(t, owner.id);
    const response = await as.put(`/api/resources/${resource.id}/reviews/mine`, review(4, 4, 4, 4));
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toMatch(/your own resource/);
    expect(await resourceRow(resource.id)).toMatchObject({ rating: null, review_count: 0 });
    expect(await statementsFor(resource.id, 'reviewed')).toEqual([]);
    const list = (await as.get(`/api/resources/${resource.id}/reviews`)).json();
    expect(list.abilities.review).toBe(false);
  });

  it('keeps the rating and review count exact through create, replace and delete', async () => {
    const { resource, teacherB, colleague } = await world();
    const db = t.database.db;
    await db.execute(sql`update resources set version = 3 where id = ${resource.id}`);
    const b = await signedIn(t, teacherB.id);
    const c = await signedIn(t, colleague.id);

    const first = await b.put(
      `/api/resources/${resource.id}/reviews/mine`,
      review(4, 3, 2, 1, 'Clear steps.'),
    );
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({
      version: 3,
      alignment: 4,
      comment: 'Clear steps.',
      isMine: true,
    });
    expect(await resourceRow(resource.id)).toMatchObject({ rating: 2.5, review_count: 1 });

    expect((await c.put(`/api/resources/${resource.id}/reviews/mine`, review(4, 4, 4, 3))).statusCode).toBe(
      201,
    );
    // (2.5 + 3.75) / 2
    expect(await resourceRow(resource.id)).toMatchObject({ rating: 3.125, review_count: 2 });

    const replaced = await b.put(`/api/resources/${resource.id}/reviews/mine`, review(1, 1, 1, 1));
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().summary).toEqual({
      count: 2,
      rating: 2.38,
      criteria: { alignment: 2.5, clarity: 2.5, evidence: 2.5, adaptability: 2 },
    });
    // (1 + 3.75) / 2
    expect(await resourceRow(resource.id)).toMatchObject({ rating: 2.375, review_count: 2 });
    expect(await countRows('resource_reviews', resource.id)).toBe(2);

    expect((await b.delete(`/api/resources/${resource.id}/reviews/mine`)).statusCode).toBe(204);
    expect(await resourceRow(resource.id)).toMatchObject({ rating: 3.75, review_count: 1 });
    const again = await b.delete(`/api/resources/${resource.id}/reviews/mine`);
    expect(again.statusCode).toBe(404);
    expect(await resourceRow(resource.id)).toMatchObject({ rating: 3.75, review_count: 1 });

    expect((await c.delete(`/api/resources/${resource.id}/reviews/mine`)).statusCode).toBe(204);
    expect(await resourceRow(resource.id)).toMatchObject({ rating: null, review_count: 0 });
  });

  it('keeps the rating exact when several people review at the same moment', async () => {
    const { resource, districtA } = await world();
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await buildUser(t.database.db, { districtId: districtA.id }));
    const agents = await Promise.all(people.map((p) => signedIn(t, p.id)));
    const scores = [1, 2, 3, 4, 4];
    const answers = await Promise.all(
      agents.map((as, i) => as.put(`/api/resources/${resource.id}/reviews/mine`, review(scores[i], 4, 4, 4))),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    // Each review's mean is (s + 12) / 4; their mean is (14 / 5 + 12) / 4.
    expect(await resourceRow(resource.id)).toMatchObject({ rating: (14 / 5 + 12) / 4, review_count: 5 });
  });

  it('records each review in the activity stream with the reviewer’s school and district', async () => {
    const { resource, teacherB, schoolB, districtB } = await world();
    const as = await signedIn(t, teacherB.id);
    await as.put(`/api/resources/${resource.id}/reviews/mine`, review(3, 3, 3, 3));
    await as.put(`/api/resources/${resource.id}/reviews/mine`, review(4, 4, 4, 4));
    const rows = await statementsFor(resource.id, 'reviewed');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      actor_id: teacherB.id,
      object_type: 'resource',
      school_id: schoolB.id,
      district_id: districtB.id,
    });
  });

  it('lists reviews newest first, a page at a time, with the summary and the viewer’s own review', async () => {
    const { resource, owner, districtA, teacherB } = await world();
    const db = t.database.db;
    const reviewers = [];
    for (let i = 0; i < 3; i++) reviewers.push(await buildUser(db, { districtId: districtA.id }));
    for (const [i, person] of reviewers.entries()) {
      const as = await signedIn(t, person.id);
      await as.put(`/api/resources/${resource.id}/reviews/mine`, review(i + 1, i + 1, i + 1, i + 1, `r${i}`));
    }
    const ownerAgent = await signedIn(t, owner.id);
    const first = (await ownerAgent.get(`/api/resources/${resource.id}/reviews?limit=2`)).json();
    expect(first.data.map((r: { comment: string }) => r.comment)).toEqual(['r2', 'r1']);
    expect(first.data[0].reviewer).toEqual({ id: reviewers[2].id, name: reviewers[2].name });
    expect(first.summary).toEqual({
      count: 3,
      rating: 2,
      criteria: { alignment: 2, clarity: 2, evidence: 2, adaptability: 2 },
    });
    expect(first.mine).toBeNull();
    const second = (
      await ownerAgent.get(`/api/resources/${resource.id}/reviews?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.data.map((r: { comment: string }) => r.comment)).toEqual(['r0']);
    expect(second.nextCursor).toBeNull();

    const b = await signedIn(t, teacherB.id);
    expect((await b.get(`/api/resources/${resource.id}/reviews/mine`)).json().data).toBeNull();
    await b.put(`/api/resources/${resource.id}/reviews/mine`, review(2, 2, 2, 2, 'mine'));
    const mine = (await b.get(`/api/resources/${resource.id}/reviews/mine`)).json().data;
    expect(mine).toMatchObject({ comment: 'mine', isMine: true });
    const list = (await b.get(`/api/resources/${resource.id}/reviews`)).json();
    expect(list.mine.id).toBe(mine.id);
    expect(list.abilities.review).toBe(true);
  });

  it('does not name a reviewer from outside the viewer’s network', async () => {
    const { owner, districtA, outsider } = await world();
    const publicOne = await buildResource(t.database.db, {
      ownerId: owner.id,
      districtId: districtA.id,
      audience: 'public',
    });
    await (await signedIn(t, outsider.id)).put(
      `/api/resources/${publicOne.id}/reviews/mine`,
      review(3, 3, 3, 3, 'From afar'),
    );
    const seen = (await (await signedIn(t, owner.id)).get(`/api/resources/${publicOne.id}/reviews`)).json();
    expect(seen.data[0]).toMatchObject({ comment: 'From afar', reviewer: { id: null, name: null } });
    const self = (
      await (await signedIn(t, outsider.id)).get(`/api/resources/${publicOne.id}/reviews`)
    ).json();
    expect(self.data[0].reviewer.name).toBe('Cal Outside');
  });
});

const tried = {
  gradeBand: '3-5',
  subject: 'Mathematics',
  context: 'Grade 4, 26 students, mixed readiness.',
  whatHappened: 'Students argued about fair shares and built area models.',
  studentWork: 'Most groups produced two strategies; a third needed prompting.',
  adaptations: 'Shortened the launch to ten minutes.',
};

describe('"I tried it" reports', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const { resource } = await world();
    expect((await agent(t).get(`/api/resources/${resource.id}/tries`)).statusCode).toBe(401);
    expect((await agent(t).post(`/api/resources/${resource.id}/tries`, tried)).statusCode).toBe(401);
  });

  it('names the bad field and saves nothing', async () => {
    const { resource, teacherB } = await world();
    const as = await signedIn(t, teacherB.id);
    const cases: Array<[unknown, string]> = [
      [{ ...tried, whatHappened: undefined }, '/body/whatHappened'],
      [{ ...tried, whatHappened: '   ' }, '/body/whatHappened'],
      [{ ...tried, gradeBand: 'K-12' }, '/body/gradeBand'],
      [{ ...tried, subject: 'Alchemy' }, '/body/subject'],
      [{ ...tried, studentWork: 'x'.repeat(4001) }, '/body/studentWork'],
      [{ ...tried, context: 'a\u0000b' }, '/body/context'],
    ];
    for (const [body, path] of cases) {
      const response = await as.post(`/api/resources/${resource.id}/tries`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await countRows('resource_tries', resource.id)).toBe(0);
    expect((await resourceRow(resource.id)).tried_count).toBe(0);
  });

  it('hides a resource the viewer may not see, changing nothing', async () => {
    const { resource, privateOfB, outsider, owner } = await world();
    const stranger = await signedIn(t, outsider.id);
    expect((await stranger.get(`/api/resources/${resource.id}/tries`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/resources/${resource.id}/tries`, tried)).statusCode).toBe(404);
    const ownerOfA = await signedIn(t, owner.id);
    expect((await ownerOfA.post(`/api/resources/${privateOfB.id}/tries`, tried)).statusCode).toBe(404);
    expect((await ownerOfA.post(`/api/resources/${MISSING}/tries`, tried)).statusCode).toBe(404);
    expect((await resourceRow(resource.id)).tried_count).toBe(0);
    expect(await countRows('resource_tries', privateOfB.id)).toBe(0);
    expect(await statementsFor(resource.id, 'tried')).toEqual([]);
  });

  it('saves where the teacher works, counts each report (the owner’s too) and records it', async () => {
    const { resource, teacherB, owner, schoolB, districtB, schoolA, districtA } = await world();
    const b = await signedIn(t, teacherB.id);
    const first = await b.post(`/api/resources/${resource.id}/tries`, tried);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      triedCount: 1,
      data: {
        ...tried,
        version: 1,
        teacher: { id: teacherB.id, name: 'Bea Bright' },
        schoolName: schoolB.name,
        districtName: districtB.name,
      },
    });
    expect((await b.post(`/api/resources/${resource.id}/tries`, { ...tried, context: '' })).statusCode).toBe(
      201,
    );
    const own = await (await signedIn(t, owner.id)).post(`/api/resources/${resource.id}/tries`, {
      gradeBand: '6-8',
      subject: 'Science',
      whatHappened: 'Ran it again with my new class.',
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().data).toMatchObject({ context: '', studentWork: '', adaptations: '' });
    expect((await resourceRow(resource.id)).tried_count).toBe(3);

    const { rows } = await t.database.db.execute<{ user_id: string; school_id: string; district_id: string }>(
      sql`select user_id, school_id, district_id from resource_tries where resource_id = ${resource.id}
          order by created_at`,
    );
    expect(rows[0]).toEqual({ user_id: teacherB.id, school_id: schoolB.id, district_id: districtB.id });
    expect(rows[2]).toEqual({ user_id: owner.id, school_id: schoolA.id, district_id: districtA.id });
    const statements = await statementsFor(resource.id, 'tried');
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatchObject({
      actor_id: teacherB.id,
      object_type: 'resource',
      school_id: schoolB.id,
      district_id: districtB.id,
    });
  });

  it('lists reports newest first, a page at a time, with the teacher, school and district', async () => {
    const { resource, teacherB, colleague, schoolA, districtA } = await world();
    const b = await signedIn(t, teacherB.id);
    const c = await signedIn(t, colleague.id);
    await b.post(`/api/resources/${resource.id}/tries`, { ...tried, whatHappened: 'one' });
    await c.post(`/api/resources/${resource.id}/tries`, { ...tried, whatHappened: 'two' });
    await b.post(`/api/resources/${resource.id}/tries`, { ...tried, whatHappened: 'three' });
    const first = (await c.get(`/api/resources/${resource.id}/tries?limit=2`)).json();
    expect(first.triedCount).toBe(3);
    expect(first.data.map((x: { whatHappened: string }) => x.whatHappened)).toEqual(['three', 'two']);
    expect(first.data[1]).toMatchObject({
      teacher: { id: colleague.id },
      schoolName: schoolA.name,
      districtName: districtA.name,
    });
    const second = (
      await c.get(`/api/resources/${resource.id}/tries?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.data.map((x: { whatHappened: string }) => x.whatHappened)).toEqual(['one']);
    expect(second.nextCursor).toBeNull();
  });

  it('does not say who tried it, or where, to a viewer outside their network', async () => {
    const { owner, districtA, outsider } = await world();
    const publicOne = await buildResource(t.database.db, {
      ownerId: owner.id,
      districtId: districtA.id,
      audience: 'public',
    });
    await (await signedIn(t, outsider.id)).post(`/api/resources/${publicOne.id}/tries`, tried);
    const seen = (await (await signedIn(t, owner.id)).get(`/api/resources/${publicOne.id}/tries`)).json();
    expect(seen.data[0]).toMatchObject({
      whatHappened: tried.whatHappened,
      teacher: { id: null, name: null },
      schoolName: null,
      districtName: null,
    });
  });
});

describe('endorsements', () => {
  async function endorsementWorld() {
    const w = await world();
    const db = t.database.db;
    const member = await buildUser(db, { districtId: w.districtB.id });
    const community = await buildCommunity(db, {
      createdBy: w.teacherB.id,
      districtId: w.districtB.id,
      name: 'Fractions lab',
      joinPolicy: 'request',
      members: [
        { userId: w.teacherB.id, role: 'facilitator' },
        { userId: member.id, role: 'member' },
      ],
    });
    const hidden = await buildCommunity(db, {
      createdBy: w.colleague.id,
      districtId: w.districtA.id,
      name: 'Secret circle',
      joinPolicy: 'invitation',
      members: [{ userId: w.colleague.id, role: 'facilitator' }],
    });
    return { ...w, member, community, hidden };
  }

  it('asks a signed-out visitor to sign in', async () => {
    const { resource, community } = await endorsementWorld();
    const anon = agent(t);
    expect((await anon.get(`/api/resources/${resource.id}/endorsements`)).statusCode).toBe(401);
    expect(
      (await anon.post(`/api/resources/${resource.id}/endorsements`, { communityId: community.id }))
        .statusCode,
    ).toBe(401);
    expect((await anon.delete(`/api/resources/${resource.id}/endorsements/${community.id}`)).statusCode).toBe(
      401,
    );
  });

  it('names the bad field', async () => {
    const { resource, teacherB, community } = await endorsementWorld();
    const as = await signedIn(t, teacherB.id);
    for (const [body, path] of [
      [{}, '/body/communityId'],
      [{ communityId: 'fractions' }, '/body/communityId'],
      [{ communityId: community.id, note: 'x'.repeat(1001) }, '/body/note'],
    ] as const) {
      const response = await as.post(`/api/resources/${resource.id}/endorsements`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe(path);
    }
    expect((await as.delete(`/api/resources/${resource.id}/endorsements/nope`)).statusCode).toBe(400);
    expect((await resourceRow(resource.id)).endorsement_count).toBe(0);
  });

  it('hides a resource the facilitator may not see, changing nothing', async () => {
    const { privateOfB, outsider, colleague, hidden, resource } = await endorsementWorld();
    const ownerOfSecret = await signedIn(t, colleague.id);
    const response = await ownerOfSecret.post(`/api/resources/${privateOfB.id}/endorsements`, {
      communityId: hidden.id,
    });
    expect(response.statusCode).toBe(404);
    expect(await countRows('resource_endorsements', privateOfB.id)).toBe(0);
    expect(
      (await (await signedIn(t, outsider.id)).get(`/api/resources/${resource.id}/endorsements`)).statusCode,
    ).toBe(404);
  });

  it('refuses anyone who is not an active facilitator of that community, changing nothing', async () => {
    const { resource, member, community, colleague, db } = {
      ...(await endorsementWorld()),
      db: t.database.db,
    };
    const cases = [
      [member.id, community.id],
      [colleague.id, community.id],
      [colleague.id, MISSING],
    ] as const;
    for (const [userId, communityId] of cases) {
      const response = await (await signedIn(t, userId)).post(`/api/resources/${resource.id}/endorsements`, {
        communityId,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toMatch(/facilitator/);
    }
    const { rows } = await db.execute<{ user_id: string }>(
      sql`select user_id from community_members where community_id = ${community.id} and role = 'facilitator'`,
    );
    await db.execute(
      sql`update community_members set status = 'left' where community_id = ${community.id} and user_id = ${rows[0].user_id}`,
    );
    const former = await signedIn(t, rows[0].user_id);
    expect(
      (await former.post(`/api/resources/${resource.id}/endorsements`, { communityId: community.id }))
        .statusCode,
    ).toBe(403);
    expect(await countRows('resource_endorsements', resource.id)).toBe(0);
    expect((await resourceRow(resource.id)).endorsement_count).toBe(0);
    expect(await statementsFor(resource.id, 'endorsed')).toEqual([]);
  });

  it('endorses once per community, counts it, records it, and lets a facilitator withdraw it', async () => {
    const { resource, teacherB, community, schoolB, districtB, owner, member } = await endorsementWorld();
    const b = await signedIn(t, teacherB.id);
    const before = (await b.get(`/api/resources/${resource.id}/endorsements`)).json();
    expect(before).toEqual({ data: [], candidates: [{ id: community.id, name: 'Fractions lab' }] });

    const saved = await b.post(`/api/resources/${resource.id}/endorsements`, {
      communityId: community.id,
      note: 'We used it in three schools.',
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.json().data).toMatchObject({
      communityId: community.id,
      communityName: 'Fractions lab',
      endorser: { id: teacherB.id, name: 'Bea Bright' },
      note: 'We used it in three schools.',
      abilities: { remove: true },
    });
    expect((await resourceRow(resource.id)).endorsement_count).toBe(1);
    expect(await statementsFor(resource.id, 'endorsed')).toEqual([
      {
        actor_id: teacherB.id,
        object_type: 'resource',
        school_id: schoolB.id,
        district_id: districtB.id,
        community_id: community.id,
      },
    ]);

    const repeat = await b.post(`/api/resources/${resource.id}/endorsements`, { communityId: community.id });
    expect(repeat.statusCode).toBe(409);
    expect((await resourceRow(resource.id)).endorsement_count).toBe(1);
    expect((await b.get(`/api/resources/${resource.id}/endorsements`)).json().candidates).toEqual([]);

    // The community belongs to district B: the owner, in district A, may not see it, so it goes unnamed.
    const seenByOwner = (
      await (await signedIn(t, owner.id)).get(`/api/resources/${resource.id}/endorsements`)
    ).json();
    expect(seenByOwner.data[0]).toMatchObject({
      communityName: null,
      endorser: { id: null, name: null },
      note: 'We used it in three schools.',
      abilities: { remove: false },
    });
    expect(seenByOwner.candidates).toEqual([]);

    const byMember = await (await signedIn(t, member.id)).delete(
      `/api/resources/${resource.id}/endorsements/${community.id}`,
    );
    expect(byMember.statusCode).toBe(403);
    expect((await resourceRow(resource.id)).endorsement_count).toBe(1);

    expect((await b.delete(`/api/resources/${resource.id}/endorsements/${community.id}`)).statusCode).toBe(
      204,
    );
    expect((await resourceRow(resource.id)).endorsement_count).toBe(0);
    expect((await b.delete(`/api/resources/${resource.id}/endorsements/${community.id}`)).statusCode).toBe(
      404,
    );
  });

  it('names the community only to those who may see it', async () => {
    const { resource, colleague, hidden, owner, teacherB, districtA } = await endorsementWorld();
    const c = await signedIn(t, colleague.id);
    expect(
      (await c.post(`/api/resources/${resource.id}/endorsements`, { communityId: hidden.id })).statusCode,
    ).toBe(201);
    // The owner is in the same district but was not invited: no name, no endorser.
    const seen = (
      await (await signedIn(t, owner.id)).get(`/api/resources/${resource.id}/endorsements`)
    ).json();
    expect(seen.data[0]).toMatchObject({ communityName: null, endorser: { id: null, name: null } });
    const self = (await c.get(`/api/resources/${resource.id}/endorsements`)).json();
    expect(self.data[0]).toMatchObject({ communityName: 'Secret circle', endorser: { id: colleague.id } });
    // An open community of district A is named to a colleague of that district.
    const open = await buildCommunity(t.database.db, {
      createdBy: colleague.id,
      districtId: districtA.id,
      name: 'Open maths',
      joinPolicy: 'open',
      members: [{ userId: colleague.id, role: 'facilitator' }],
    });
    await c.post(`/api/resources/${resource.id}/endorsements`, { communityId: open.id });
    const later = (
      await (await signedIn(t, owner.id)).get(`/api/resources/${resource.id}/endorsements`)
    ).json();
    expect(later.data.map((e: { communityName: string | null }) => e.communityName)).toEqual([
      'Open maths',
      null,
    ]);
    expect((await resourceRow(resource.id)).endorsement_count).toBe(2);
    void teacherB;
  });

  it('refuses an archived community', async () => {
    const { resource, teacherB, community } = await endorsementWorld();
    await t.database.db.execute(sql`update communities set archived_at = now() where id = ${community.id}`);
    const response = await (await signedIn(t, teacherB.id)).post(
      `/api/resources/${resource.id}/endorsements`,
      {
        communityId: community.id,
      },
    );
    expect(response.statusCode).toBe(409);
    expect((await resourceRow(resource.id)).endorsement_count).toBe(0);
  });
});

describe("telling a resource's author", () => {
  it('notifies the author, without naming anyone, when colleagues review, try, remix or bring home their resource', async () => {
    const w = await world();
    const owner = await signedIn(t, w.owner.id);
    const teacher = await signedIn(t, w.teacherB.id);
    const notices = async () =>
      (await owner.get('/api/notifications')).json().data as Array<{
        kind: string;
        text: string;
        link: string;
        actor: unknown;
      }>;
    expect(await notices()).toEqual([]);

    expect(
      (await teacher.put(`/api/resources/${w.resource.id}/reviews/mine`, review(3, 4, 3, 4))).statusCode,
    ).toBe(201);
    // Editing the same review tells nobody twice.
    expect(
      (await teacher.put(`/api/resources/${w.resource.id}/reviews/mine`, review(4, 4, 3, 4))).statusCode,
    ).toBe(200);
    expect((await teacher.post(`/api/resources/${w.resource.id}/tries`, tried)).statusCode).toBe(201);
    // The author's own try is theirs to know about already.
    expect((await owner.post(`/api/resources/${w.resource.id}/tries`, tried)).statusCode).toBe(201);
    const remix = await teacher.post(`/api/resources/${w.resource.id}/remixes`, {
      licence: 'cc-by',
      audience: 'private',
    });
    expect(remix.statusCode, remix.body).toBe(201);
    const home = await teacher.post(`/api/resources/${w.resource.id}/home-shares`, {
      targetKind: 'district',
      note: 'Worth a look for our grade 4 teams.',
    });
    expect(home.statusCode, home.body).toBe(201);

    const seen = await notices();
    expect(seen.map((n) => n.kind).sort()).toEqual([
      'resource_brought_home',
      'resource_remixed',
      'resource_reviewed',
      'resource_tried',
    ]);
    for (const notice of seen) {
      expect(notice.link).toBe(`/resources/${w.resource.id}`);
      expect(notice.actor).toBeNull();
      expect(notice.text).not.toContain('Bea Bright');
    }
    const title = (await owner.get(`/api/resources/${w.resource.id}`)).json().data.title;
    expect(seen.find((n) => n.kind === 'resource_brought_home')?.text).toBe(
      `Your resource “${title}” was brought home to ${w.districtB.name}`,
    );
    expect(seen.find((n) => n.kind === 'resource_reviewed')?.text).toBe(
      `Your resource “${title}” received a review`,
    );
  });
});

describe("telling a resource's author where it was brought home", () => {
  it('names a school only in the author’s own district, a partner district only by its name, and nothing elsewhere', async () => {
    const w = await world();
    const db = t.database.db;
    const owner = await signedIn(t, w.owner.id);
    const noticeText = async () => {
      const all = (await owner.get('/api/notifications')).json().data as Array<{
        kind: string;
        text: string;
      }>;
      return all.filter((n) => n.kind === 'resource_brought_home').map((n) => n.text);
    };
    const bring = async (userId: string, resourceId: string, targetKind: 'school' | 'district') => {
      const response = await (await signedIn(t, userId)).post(`/api/resources/${resourceId}/home-shares`, {
        targetKind,
        note: 'Worth a look for our teams.',
      });
      expect(response.statusCode, response.body).toBe(201);
    };

    // A colleague of the author's own district: the school is named, as the spread view names it.
    await bring(w.colleague.id, w.resource.id, 'school');
    expect(await noticeText()).toEqual([
      `Your resource “${w.resource.title}” was brought home to ${w.schoolA.name}`,
    ]);

    // A teacher across the network: their district is named, their school is not.
    await bring(w.teacherB.id, w.resource.id, 'school');
    const partner = (await noticeText())[0];
    expect(partner).toBe(
      `Your resource “${w.resource.title}” was brought home to a school of ${w.districtB.name}`,
    );
    expect(partner).not.toContain(w.schoolB.name);

    // Someone of a district the author shares no network with: nothing named.
    const everyone = await buildResource(db, {
      ownerId: w.owner.id,
      districtId: w.districtA.id,
      schoolId: w.schoolA.id,
      audience: 'public',
    });
    const outsiderSchool = await buildSchool(db, w.districtC.id);
    const outsider = await buildUser(db, { districtId: w.districtC.id, schoolId: outsiderSchool.id });
    await bring(outsider.id, everyone.id, 'school');
    await bring(w.outsider.id, everyone.id, 'district');
    const far = (await noticeText()).slice(0, 2);
    for (const text of far) {
      expect(text).toBe(
        `Your resource “${everyone.title}” was brought home to colleagues in another district`,
      );
      expect(text).not.toContain(w.districtC.name);
      expect(text).not.toContain(outsiderSchool.name);
    }
  });
});
