import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { VERBS } from '#server/platform/statements.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildCommunity, buildThread, hidePost } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { countWrites, mobilizationWorld } from './test-world.ts';

const t = setupTestApp();
const world = () => mobilizationWorld(t.database.db);
const NOTE = 'We used this in grade 4 with great results; try the second task first.';

describe('bringing a resource home', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const { resource, thread } = await world();
    const visitor = agent(t);
    expect((await visitor.get(`/api/resources/${resource.id}/home-shares`)).statusCode).toBe(401);
    expect((await visitor.get(`/api/threads/${thread.threadId}/home-shares`)).statusCode).toBe(401);
    // Writes without a session fail before the body is even considered.
    const write = await t.app.inject({
      method: 'POST',
      url: `/api/resources/${resource.id}/home-shares`,
      headers: { origin: t.config.PUBLIC_URL },
      payload: { targetKind: 'school', note: NOTE },
    });
    expect(write.statusCode).toBe(401);
    const insight = await t.app.inject({
      method: 'POST',
      url: `/api/threads/${thread.threadId}/home-shares`,
      headers: { origin: t.config.PUBLIC_URL },
      payload: { targetKind: 'school', note: NOTE },
    });
    expect(insight.statusCode).toBe(401);
  });

  it('rejects a bad target, a missing or over-long note and a bad id, naming the field', async () => {
    const { db, resource, sharer, noSchool } = await world();
    const me = await signedIn(t, sharer.id);
    const url = `/api/resources/${resource.id}/home-shares`;
    const before = await countWrites(db);
    const cases: Array<[unknown, string]> = [
      [{ targetKind: 'network', note: NOTE }, '/body/targetKind'],
      [{ targetKind: 'school' }, '/body/note'],
      [{ targetKind: 'school', note: '   ' }, '/body/note'],
      [{ targetKind: 'school', note: 'x'.repeat(2001) }, '/body/note'],
      // Only one's own schools: an id that is not one of them (here, not even a school) is refused.
      [{ targetKind: 'school', note: NOTE, targetId: resource.id }, '/body/targetId'],
    ];
    for (const [body, path] of cases) {
      const response = await me.post(url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].path).toBe(path);
    }
    const badId = await me.post('/api/resources/not-a-uuid/home-shares', {
      targetKind: 'school',
      note: NOTE,
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].path).toBe('/params/id');

    // Someone whose profile names no school may bring it home to their district only.
    const noSchoolAgent = await signedIn(t, noSchool.id);
    const refused = await noSchoolAgent.post(url, { targetKind: 'school', note: NOTE });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/targetKind');
    expect(await countWrites(db)).toEqual(before);
  });

  it('answers 404 for a resource the person may not see, or that is gone', async () => {
    const { db, resource, colleague, sharer, home } = await world();
    const before = await countWrites(db);
    // The colleague is not in the community the resource is shared with.
    const outsider = await signedIn(t, colleague.id);
    expect((await outsider.get(`/api/resources/${resource.id}/home-shares`)).statusCode).toBe(404);
    const refused = await outsider.post(`/api/resources/${resource.id}/home-shares`, {
      targetKind: 'school',
      note: NOTE,
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');

    const someoneElse = await buildUser(db, { districtId: home.id });
    const secret = await buildResource(db, {
      ownerId: someoneElse.id,
      districtId: home.id,
      audience: 'private',
    });
    const me = await signedIn(t, sharer.id);
    expect(
      (await me.post(`/api/resources/${secret.id}/home-shares`, { targetKind: 'district', note: NOTE }))
        .statusCode,
    ).toBe(404);
    const missing = '01890000-0000-7000-8000-000000000000';
    expect(
      (await me.post(`/api/resources/${missing}/home-shares`, { targetKind: 'district', note: NOTE }))
        .statusCode,
    ).toBe(404);
    await db.execute(sql`update resources set deleted_at = now() where id = ${resource.id}`);
    expect(
      (await me.post(`/api/resources/${resource.id}/home-shares`, { targetKind: 'district', note: NOTE }))
        .statusCode,
    ).toBe(404);
    expect(await countWrites(db)).toEqual(before);
  });

  it('brings it home to the sharer’s school in one transaction, and the people there may then see it', async () => {
    const { db, resource, sharer, colleague, oakTeacher, lincoln, community } = await world();
    const colleagueAgent = await signedIn(t, colleague.id);
    expect((await colleagueAgent.get(`/api/resources/${resource.id}/home-shares`)).statusCode).toBe(404);

    const me = await signedIn(t, sharer.id);
    const targets = await me.get(`/api/resources/${resource.id}/home-shares`);
    expect(targets.statusCode).toBe(200);
    expect(targets.json().data).toMatchObject({
      school: { kind: 'school', id: lincoln.id, name: lincoln.name, broughtHome: false },
      district: { kind: 'district', id: sharer.districtId, broughtHome: false },
    });

    const response = await me.post(`/api/resources/${resource.id}/home-shares`, {
      targetKind: 'school',
      note: `  ${NOTE}  `,
    });
    expect(response.statusCode, response.body).toBe(201);
    const share = response.json().data;
    expect(share).toMatchObject({
      subject: 'resource',
      target: { kind: 'school', id: lincoln.id, name: lincoln.name },
      note: NOTE,
    });

    const { rows } = await db.execute<Record<string, unknown>>(sql`
      select hs.*, s.verb, s.object_type, s.object_id, s.actor_id, s.community_id as s_community,
             s.school_id as s_school, s.district_id as s_district, s.stored, s.body
        from home_shares hs join statements s on s.id = hs.statement_id
       where hs.id = ${share.id}`);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({
      sharer_id: sharer.id,
      subject: 'resource',
      resource_id: resource.id,
      post_id: null,
      thread_id: null,
      from_community_id: community.id,
      target_kind: 'school',
      target_id: lincoln.id,
      verb: VERBS.brought_home,
      object_type: 'resource',
      object_id: resource.id,
      actor_id: sharer.id,
      s_community: community.id,
      s_school: lincoln.id,
      s_district: sharer.districtId,
    });
    // Its time is its statement's, so the feed pages through both alike.
    expect(new Date(row.created_at as string).getTime()).toBe(new Date(row.stored as string).getTime());
    expect(JSON.stringify(row.body)).toContain(lincoln.id);

    // The colleague at Lincoln now sees it; a teacher at another school of the district does not.
    expect((await colleagueAgent.get(`/api/resources/${resource.id}/home-shares`)).statusCode).toBe(200);
    const oak = await signedIn(t, oakTeacher.id);
    expect((await oak.get(`/api/resources/${resource.id}/home-shares`)).statusCode).toBe(404);

    const after = await me.get(`/api/resources/${resource.id}/home-shares`);
    expect(after.json().data.school.broughtHome).toBe(true);
    expect(after.json().data.district.broughtHome).toBe(false);
  });

  it('refuses to bring the same resource to the same place twice, and changes nothing', async () => {
    const { db, resource, sharer, noSchool } = await world();
    const me = await signedIn(t, sharer.id);
    const url = `/api/resources/${resource.id}/home-shares`;
    expect((await me.post(url, { targetKind: 'district', note: NOTE })).statusCode).toBe(201);
    const before = await countWrites(db);
    const again = await me.post(url, { targetKind: 'district', note: 'Once more' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().detail).toMatch(/already been brought home/);
    // Someone else of the district bringing it to the same district is a repeat too.
    const other = await signedIn(t, noSchool.id);
    expect((await other.post(url, { targetKind: 'district', note: NOTE })).statusCode).toBe(409);
    expect(await countWrites(db)).toEqual(before);
    // The school is another place.
    expect((await me.post(url, { targetKind: 'school', note: NOTE })).statusCode).toBe(201);
  });

  it('records no community when the resource was not shared with one', async () => {
    const { db, sharer, coach, partner } = await world();
    const shared = await buildResource(db, { ownerId: coach.id, districtId: partner.id, audience: 'public' });
    const me = await signedIn(t, sharer.id);
    const response = await me.post(`/api/resources/${shared.id}/home-shares`, {
      targetKind: 'district',
      note: NOTE,
    });
    expect(response.statusCode).toBe(201);
    const { rows } = await db.execute<{ from_community_id: string | null; community_id: string | null }>(sql`
      select hs.from_community_id, s.community_id from home_shares hs join statements s on s.id = hs.statement_id
       where hs.id = ${response.json().data.id}`);
    expect(rows[0]).toEqual({ from_community_id: null, community_id: null });
  });
});

describe('bringing an insight home', () => {
  it('answers 404 for a thread the person may not read', async () => {
    const { db, thread, colleague, coach } = await world();
    // Another tenant's thread: a by-request community of another district.
    const elsewhere = await buildDistrict(db);
    const stranger = await buildUser(db, { districtId: elsewhere.id });
    const theirs = await buildCommunity(db, {
      createdBy: stranger.id,
      districtId: elsewhere.id,
      members: [{ userId: stranger.id }],
    });
    const theirThread = await buildThread(db, { communityId: theirs.id, authorId: stranger.id });
    const before = await countWrites(db);

    const outsider = await signedIn(t, colleague.id);
    const url = `/api/threads/${thread.threadId}/home-shares`;
    expect((await outsider.get(url)).statusCode).toBe(404);
    expect((await outsider.post(url, { targetKind: 'school', note: NOTE })).statusCode).toBe(404);
    const coachAgent = await signedIn(t, coach.id);
    const foreign = await coachAgent.post(`/api/threads/${theirThread.threadId}/home-shares`, {
      targetKind: 'district',
      note: NOTE,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect(await countWrites(db)).toEqual(before);
  });

  it('refuses a thread without an insight, or whose insight was hidden, with a clear 409', async () => {
    const { db, community, coach, sharer, insight, thread } = await world();
    const plain = await buildThread(db, { communityId: community.id, authorId: coach.id });
    const me = await signedIn(t, sharer.id);
    const before = await countWrites(db);
    const none = await me.post(`/api/threads/${plain.threadId}/home-shares`, {
      targetKind: 'school',
      note: NOTE,
    });
    expect(none.statusCode).toBe(409);
    expect(none.json().detail).toMatch(/no insight yet/);
    expect((await me.get(`/api/threads/${plain.threadId}/home-shares`)).statusCode).toBe(409);

    await hidePost(db, insight.postId);
    const hidden = await me.post(`/api/threads/${thread.threadId}/home-shares`, {
      targetKind: 'school',
      note: NOTE,
    });
    expect(hidden.statusCode).toBe(409);
    expect(await countWrites(db)).toEqual(before);
  });

  it('brings the insight home with its thread and community, recorded as brought_home of the post', async () => {
    const { db, thread, insight, sharer, lincoln, community } = await world();
    const me = await signedIn(t, sharer.id);
    const url = `/api/threads/${thread.threadId}/home-shares`;
    expect((await me.get(url)).json().data.school).toMatchObject({ id: lincoln.id, broughtHome: false });
    const response = await me.post(url, { targetKind: 'school', note: NOTE });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().data).toMatchObject({ subject: 'insight', target: { id: lincoln.id } });
    const { rows } = await db.execute<Record<string, unknown>>(sql`
      select hs.subject, hs.post_id, hs.thread_id, hs.resource_id, hs.from_community_id, hs.target_id,
             s.verb, s.object_type, s.object_id, s.community_id
        from home_shares hs join statements s on s.id = hs.statement_id
       where hs.id = ${response.json().data.id}`);
    expect(rows[0]).toEqual({
      subject: 'insight',
      post_id: insight.postId,
      thread_id: thread.threadId,
      resource_id: null,
      from_community_id: community.id,
      target_id: lincoln.id,
      verb: VERBS.brought_home,
      object_type: 'post',
      object_id: insight.postId,
      community_id: community.id,
    });
    expect((await me.get(url)).json().data.school.broughtHome).toBe(true);

    const before = await countWrites(db);
    expect((await me.post(url, { targetKind: 'school', note: NOTE })).statusCode).toBe(409);
    expect(await countWrites(db)).toEqual(before);
  });
});
