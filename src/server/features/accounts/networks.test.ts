import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  communityMembers,
  memberships,
  networkDistricts,
  statements,
} from '#server/db/schema.ts';
import { VERBS } from '#server/platform/statements.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity, buildThread } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';

const t = setupTestApp();
let base = '';

beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

/** A network of two districts with a network admin, a teacher of each, and network-owned things. */
async function world() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const leaving = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, leaving.id]);
  const networkAdmin = await buildUser(db, { districtId: home.id });
  await db
    .insert(memberships)
    .values({ userId: networkAdmin.id, organizationId: network.id, role: 'network_admin' });
  const homeTeacher = await buildUser(db, { districtId: home.id });
  const teacher = await buildUser(db, { districtId: leaving.id });
  const districtAdmin = await buildUser(db, { districtId: leaving.id, role: 'district_admin' });
  const open = await buildCommunity(db, {
    createdBy: homeTeacher.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    joinPolicy: 'open',
    members: [{ userId: homeTeacher.id, role: 'facilitator' }, { userId: teacher.id }],
  });
  const byRequest = await buildCommunity(db, {
    createdBy: homeTeacher.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    joinPolicy: 'request',
    members: [{ userId: homeTeacher.id, role: 'facilitator' }, { userId: teacher.id }],
  });
  const thread = await buildThread(db, { communityId: byRequest.id, authorId: homeTeacher.id });
  const resource = await buildResource(db, {
    ownerId: homeTeacher.id,
    districtId: home.id,
    audience: 'network',
    audienceId: network.id,
  });
  const created = await (await signedIn(t, homeTeacher.id)).post('/api/collections', {
    title: 'Network picks',
    audience: 'network',
    audienceId: network.id,
  });
  expect(created.statusCode).toBe(201);
  const collection = { id: created.json().data.id as string };
  return {
    collection,
    home,
    leaving,
    network,
    networkAdmin,
    homeTeacher,
    teacher,
    districtAdmin,
    open,
    byRequest,
    thread,
    resource,
  };
}

/** What the teacher can reach of the network: each address and its status code. */
async function reach(userId: string, w: Awaited<ReturnType<typeof world>>) {
  const browser = await signedIn(t, userId);
  const urls = [
    `/api/communities/${w.open.id}`,
    `/api/communities/${w.byRequest.id}`,
    `/api/communities/${w.byRequest.id}/threads`,
    `/api/threads/${w.thread.threadId}`,
    `/api/resources/${w.resource.id}`,
    `/api/collections/${w.collection.id}`,
  ];
  const result: Record<string, number> = {};
  for (const url of urls) result[url] = (await browser.get(url)).statusCode;
  return result;
}

const everywhere = (w: Awaited<ReturnType<typeof world>>, status: number) => ({
  [`/api/communities/${w.open.id}`]: status,
  [`/api/communities/${w.byRequest.id}`]: status,
  [`/api/communities/${w.byRequest.id}/threads`]: status,
  [`/api/threads/${w.thread.threadId}`]: status,
  [`/api/resources/${w.resource.id}`]: status,
  [`/api/collections/${w.collection.id}`]: status,
});

describe('a district leaving a network', () => {
  it('ends its people’s access to the network’s communities, threads and network-visible resources at once', async () => {
    const w = await world();
    expect(await reach(w.teacher.id, w)).toEqual(everywhere(w, 200));

    const admin = await signedIn(t, w.networkAdmin.id);
    const response = await admin.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`);
    expect(response.statusCode).toBe(204);

    expect(await reach(w.teacher.id, w)).toEqual(everywhere(w, 404));
    // The rest of the network keeps everything.
    expect(await reach(w.homeTeacher.id, w)).toEqual(everywhere(w, 200));
    // Standings in the network's communities ended, and member counts followed.
    const standings = await t.database.db
      .select({ status: communityMembers.status })
      .from(communityMembers)
      .where(eq(communityMembers.userId, w.teacher.id));
    expect(standings.map((s) => s.status)).toEqual(['left', 'left']);
    const { rows } = await t.database.db.execute<{ member_count: number }>(
      sql`select member_count from communities where id = ${w.open.id}`,
    );
    expect(rows[0].member_count).toBe(0);
    // Audited in the leaving district's log, and recorded in the activity stream.
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'network.district_removed'), eq(auditEvents.districtId, w.leaving.id)),
      );
    expect(audit).toMatchObject({
      actorId: w.networkAdmin.id,
      targetType: 'network',
      targetId: w.network.id,
    });
    const [statement] = await t.database.db
      .select()
      .from(statements)
      .where(and(eq(statements.verb, VERBS.left), eq(statements.objectId, w.network.id)));
    expect(statement).toBeDefined();
  });

  it('lets the district’s own administrator take it out, and no one else of it', async () => {
    const w = await world();
    const teacher = await signedIn(t, w.teacher.id);
    expect((await teacher.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`)).statusCode).toBe(
      403,
    );
    const homeAdmin = await buildUser(t.database.db, { districtId: w.home.id, role: 'district_admin' });
    const other = await signedIn(t, homeAdmin.id);
    expect((await other.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`)).statusCode).toBe(
      403,
    );

    const admin = await signedIn(t, w.districtAdmin.id);
    const response = await admin.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`);
    expect(response.statusCode).toBe(204);
    expect(await reach(w.teacher.id, w)).toEqual(everywhere(w, 404));
    // Once out, the network does not exist for the district's administrator.
    expect((await admin.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`)).statusCode).toBe(
      404,
    );
    expect((await admin.get('/api/networks')).json().data).toEqual([]);
  });

  it('tells an open live stream on a network thread that it may no longer hear it', async () => {
    const w = await world();
    // A reader of the open community who never joined it: only the district's network lets them hear.
    const reader = await buildUser(t.database.db, { districtId: w.leaving.id });
    const thread = await buildThread(t.database.db, { communityId: w.open.id, authorId: w.homeTeacher.id });
    const cookie = (await signedIn(t, reader.id)).cookie as string;
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/events?topics=thread:${thread.threadId}`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const body = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5_000;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in: ${text}`);
        const { value, done } = await body.read();
        if (done) throw new Error(`stream ended: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    try {
      await readUntil('event: ready');
      const admin = await signedIn(t, w.networkAdmin.id);
      expect((await admin.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`)).statusCode).toBe(
        204,
      );
      await readUntil('event: revoked');
      expect(text).toContain(`"topic":"thread:${thread.threadId}"`);
    } finally {
      controller.abort();
    }
  });
});

describe('a network administrator’s districts', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const w = await world();
    const visitor = agent(t);
    expect((await visitor.get(`/api/networks/${w.network.id}/districts`)).statusCode).toBe(401);
    expect(
      (await visitor.post(`/api/networks/${w.network.id}/districts`, { districtId: w.home.id })).statusCode,
    ).toBe(401);
    expect((await visitor.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`)).statusCode).toBe(
      401,
    );
  });

  it('refuses people of the network who do not administer it, and hides the network from everyone else', async () => {
    const w = await world();
    const member = await signedIn(t, w.districtAdmin.id);
    expect((await member.get(`/api/networks/${w.network.id}/districts`)).statusCode).toBe(403);
    expect(
      (await member.post(`/api/networks/${w.network.id}/districts`, { districtId: w.home.id })).statusCode,
    ).toBe(403);
    const outside = await buildDistrict(t.database.db);
    const stranger = await signedIn(
      t,
      (await buildUser(t.database.db, { districtId: outside.id, role: 'district_admin' })).id,
    );
    expect((await stranger.get(`/api/networks/${w.network.id}/districts`)).statusCode).toBe(404);
    expect(
      (await stranger.post(`/api/networks/${w.network.id}/districts`, { districtId: outside.id })).statusCode,
    ).toBe(404);
    expect(
      (await stranger.delete(`/api/networks/${w.network.id}/districts/${w.leaving.id}`)).statusCode,
    ).toBe(404);
  });

  it('refuses a district id that is not one, naming the field, and changes nothing', async () => {
    const w = await world();
    const admin = await signedIn(t, w.networkAdmin.id);
    const school = await buildSchool(t.database.db, w.home.id);
    for (const body of [
      { districtId: 'nope' },
      { districtId: school.id },
      {},
      { districtId: w.home.id, x: 1 },
    ]) {
      const response = await admin.post(`/api/networks/${w.network.id}/districts`, body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const bad = await admin.post(`/api/networks/${w.network.id}/districts`, { districtId: school.id });
    expect(bad.json().errors[0].path).toBe('/body/districtId');
    const members = await t.database.db
      .select()
      .from(networkDistricts)
      .where(eq(networkDistricts.networkId, w.network.id));
    expect(members).toHaveLength(2);
  });

  it('lists, adds and removes districts, each change audited in the district’s log', async () => {
    const w = await world();
    const admin = await signedIn(t, w.networkAdmin.id);
    const listed = await admin.get(`/api/networks/${w.network.id}/districts`);
    expect(listed.statusCode).toBe(200);
    expect(
      listed
        .json()
        .data.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([w.home.id, w.leaving.id].sort());

    const joining = await buildDistrict(t.database.db);
    const candidates = await admin.get(`/api/networks/${w.network.id}/district-candidates`);
    const candidateIds = candidates.json().data.map((d: { id: string }) => d.id);
    expect(candidateIds).toContain(joining.id);
    expect(candidateIds).not.toContain(w.home.id);

    const added = await admin.post(`/api/networks/${w.network.id}/districts`, { districtId: joining.id });
    expect(added.statusCode).toBe(200);
    expect(added.json().data).toMatchObject({ id: joining.id, name: joining.name });
    // A teacher of the new district now reads the network's open community.
    const newcomer = await buildUser(t.database.db, { districtId: joining.id });
    expect((await (await signedIn(t, newcomer.id)).get(`/api/communities/${w.open.id}`)).statusCode).toBe(
      200,
    );

    expect((await admin.delete(`/api/networks/${w.network.id}/districts/${joining.id}`)).statusCode).toBe(
      204,
    );
    expect((await admin.delete(`/api/networks/${w.network.id}/districts/${joining.id}`)).statusCode).toBe(
      404,
    );
    const actions = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.districtId, joining.id))
      .orderBy(auditEvents.at);
    expect(actions.map((a) => a.action)).toEqual(['network.district_added', 'network.district_removed']);

    const mine = await admin.get('/api/networks');
    expect(mine.json().data).toEqual([
      {
        id: w.network.id,
        name: w.network.name,
        memberOfMyDistrict: true,
        abilities: { manageDistricts: true, leave: true },
      },
    ]);
  });
});
