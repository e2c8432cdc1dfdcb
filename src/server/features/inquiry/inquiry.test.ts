import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { CycleListResponse, CycleResponse } from '#shared/contracts/inquiry.ts';
import { SearchResponse } from '#shared/contracts/search.ts';
import { readableCycleSql } from './policy.ts';
import { reflectionTurn } from './service.ts';

const t = setupTestApp();

/**
 * A network of two districts with a network-owned lesson-study community: a facilitator of the
 * community, three teachers from both districts, a reader of the community who is on no team, and
 * someone of a district outside the network.
 */
async function buildWorld(ctx: TestContext) {
  const db = ctx.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const school = await buildSchool(db, home.id);
  const partnerSchool = await buildSchool(db, partner.id);
  const coach = await buildUser(db, { districtId: home.id, schoolId: school.id, name: 'Coach Rivera' });
  const ana = await buildUser(db, { districtId: home.id, schoolId: school.id, name: 'Ana Teacher' });
  const ben = await buildUser(db, {
    districtId: partner.id,
    schoolId: partnerSchool.id,
    name: 'Ben Teacher',
  });
  const cai = await buildUser(db, {
    districtId: partner.id,
    schoolId: partnerSchool.id,
    name: 'Cai Teacher',
  });
  const reader = await buildUser(db, { districtId: home.id, schoolId: school.id, name: 'Reader' });
  const stranger = await buildUser(db, { districtId: outside.id, name: 'Stranger' });
  const community = await buildCommunity(db, {
    createdBy: coach.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    joinPolicy: 'open',
    subjects: ['Mathematics'],
    members: [
      { userId: coach.id, role: 'facilitator' },
      { userId: ana.id },
      { userId: ben.id },
      { userId: cai.id },
      { userId: reader.id },
    ],
  });
  return { home, partner, outside, network, coach, ana, ben, cai, reader, stranger, community };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

const startBody = (w: World, overrides: Record<string, unknown> = {}) => ({
  communityId: w.community.id,
  kind: 'lesson_study',
  title: 'Fractions on a number line',
  template: 'classic_lesson_study',
  startsOn: '2026-09-01',
  memberIds: [w.ben.id, w.cai.id],
  ...overrides,
});

async function startCycle(w: World, asUser = w.ana.id, overrides: Record<string, unknown> = {}) {
  const response = await (await signedIn(t, asUser)).post('/api/inquiry/cycles', startBody(w, overrides));
  if (response.statusCode !== 201) throw new Error(`start failed: ${response.statusCode} ${response.body}`);
  return response.json().data as { id: string; phases: { key: string; startsOn: string; dueOn: string }[] };
}

describe('starting a cycle', () => {
  it('starts a lesson study from a community with a team from two districts and phases laid out from the template', async () => {
    const w = await buildWorld(t);
    const response = await (await signedIn(t, w.ana.id)).post('/api/inquiry/cycles', startBody(w));
    expect(response.statusCode).toBe(201);
    const { data, abilities } = response.json();
    expect(data).toMatchObject({
      kind: 'lesson_study',
      title: 'Fractions on a number line',
      status: 'active',
      currentPhase: 'study',
      currentPhaseTitle: 'Study',
      subjects: ['Mathematics'],
      facilitatorId: w.ana.id,
      memberCount: 3,
      startsOn: '2026-09-01',
      endsOn: '2026-11-09',
    });
    expect(data.phases.map((p: { key: string }) => p.key)).toEqual([
      'study',
      'plan',
      'teach',
      'reflect',
      'revise',
    ]);
    expect(data.phases[0]).toMatchObject({ startsOn: '2026-09-01', dueOn: '2026-09-21' });
    expect(data.phases[1]).toMatchObject({ startsOn: '2026-09-22', dueOn: '2026-10-12' });
    expect(data.members.map((m: { name: string }) => m.name).sort()).toEqual([
      'Ana Teacher',
      'Ben Teacher',
      'Cai Teacher',
    ]);
    expect(new Set(data.members.map((m: { districtName: string }) => m.districtName)).size).toBe(2);
    expect(abilities).toEqual({ facilitate: true, contribute: true, role: 'facilitator' });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const w = await buildWorld(t);
    const ana = await signedIn(t, w.ana.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, '/body/title'],
      [{ kind: 'retreat' }, '/body/kind'],
      [{ startsOn: '2026-02-30' }, '/body/startsOn'],
      [{ template: 'pdsa_90_day' }, '/body/template'],
      [{ memberIds: [w.stranger.id] }, '/body/memberIds/0'],
      [{ facilitatorId: w.stranger.id }, '/body/facilitatorId'],
    ];
    for (const [overrides, path] of cases) {
      const response = await ana.post('/api/inquiry/cycles', startBody(w, overrides));
      expect(response.statusCode, path).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const { rows } = await t.database.db.execute(
      sql`select count(*)::int as n from inquiry_cycles where community_id = ${w.community.id}`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('asks who is signed in, and lets only members of the community start one', async () => {
    const w = await buildWorld(t);
    expect((await agent(t).post('/api/inquiry/cycles', startBody(w))).statusCode).toBe(401);
    expect(
      (await (await signedIn(t, w.stranger.id)).post('/api/inquiry/cycles', startBody(w))).statusCode,
    ).toBe(404);
    const db = t.database.db;
    const outsider = await buildUser(db, { districtId: w.home.id });
    // An open community's reader who has not joined may read it but not start a cycle in it.
    expect(
      (await (await signedIn(t, outsider.id)).post('/api/inquiry/cycles', startBody(w))).statusCode,
    ).toBe(403);
  });
});

describe('who may see a cycle', () => {
  it("shows a cycle to its team and the community's facilitators, and to no one else", async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w);
    const url = `/api/inquiry/cycles/${cycle.id}`;
    expect((await (await signedIn(t, w.ben.id)).get(url)).json().abilities).toEqual({
      facilitate: false,
      contribute: true,
      role: 'member',
    });
    const coach = await (await signedIn(t, w.coach.id)).get(url);
    expect(coach.statusCode).toBe(200);
    expect(coach.json().abilities.role).toBe('community_facilitator');
    for (const userId of [w.reader.id, w.stranger.id])
      expect((await (await signedIn(t, userId)).get(url)).statusCode).toBe(404);
    expect((await agent(t).get(url)).statusCode).toBe(401);
    expect(
      (await (await signedIn(t, w.ana.id)).get('/api/inquiry/cycles/00000000-0000-0000-0000-000000000000'))
        .statusCode,
    ).toBe(404);
  });

  it("lists a community's and a network's cycles in SQL: the viewer's own, and what others published", async () => {
    const w = await buildWorld(t);
    const mine = await startCycle(w);
    const theirs = await startCycle(w, w.coach.id, { title: 'Coach team', memberIds: [w.reader.id] });
    const pdsa = await startCycle(w, w.coach.id, {
      kind: 'pdsa',
      template: 'pdsa_90_day',
      title: 'Exit tickets',
      memberIds: [],
    });
    const titles = async (userId: string, url: string) =>
      (await (await signedIn(t, userId)).get(url)).json().data.map((c: { title: string }) => c.title);
    expect(await titles(w.ben.id, `/api/networks/${w.network.id}/cycles`)).toEqual([
      'Fractions on a number line',
    ]);
    expect(await titles(w.coach.id, `/api/communities/${w.community.id}/cycles`)).toHaveLength(3);
    expect(await titles(w.reader.id, `/api/communities/${w.community.id}/cycles`)).toEqual(['Coach team']);
    // An adopted change idea is found by everyone who reads the community, as a summary.
    await t.database.db.execute(sql`update inquiry_cycles set decision = 'adopt', change_idea_label = 'Exit tickets daily'
      where id = ${pdsa.id}`);
    const seen = (
      await (await signedIn(t, w.ben.id)).get(`/api/networks/${w.network.id}/cycles?kind=pdsa`)
    ).json();
    expect(seen.data).toMatchObject([{ id: pdsa.id, readable: false, decision: 'adopt' }]);
    expect(CycleListResponse.parse(seen)).toEqual(seen);
    expect((await (await signedIn(t, w.ben.id)).get(`/api/inquiry/cycles/${pdsa.id}`)).statusCode).toBe(404);
    expect(await titles(w.ben.id, `/api/networks/${w.network.id}/cycles?status=completed`)).toEqual([]);
    expect(await titles(w.ben.id, `/api/networks/${w.network.id}/cycles?subject=Science`)).toEqual([]);
    expect(
      (await (await signedIn(t, w.stranger.id)).get(`/api/networks/${w.network.id}/cycles`)).statusCode,
    ).toBe(404);
    expect(
      (await (await signedIn(t, w.ben.id)).get(`/api/networks/${w.network.id}/cycles?status=paused`))
        .statusCode,
    ).toBe(400);
    expect(await titles(w.ben.id, '/api/inquiry/cycles')).toEqual(['Fractions on a number line']);
    expect(theirs.id).not.toBe(mine.id);
  });

  it('pages a list with a cursor, never repeating or skipping a cycle', async () => {
    const w = await buildWorld(t);
    for (let i = 0; i < 5; i++) await startCycle(w, w.ana.id, { title: `Cycle ${i}` });
    const ana = await signedIn(t, w.ana.id);
    const first = (await ana.get('/api/inquiry/cycles?limit=3')).json();
    expect(first.data).toHaveLength(3);
    const second = (await ana.get(`/api/inquiry/cycles?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.data).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const all = [...first.data, ...second.data].map((c: { title: string }) => c.title);
    expect(new Set(all).size).toBe(5);
    expect((await ana.get('/api/inquiry/cycles?cursor=nonsense')).statusCode).toBe(400);
  });
  it("pages a network's list from its three sources exactly as the rule reads each cycle", async () => {
    const w = await buildWorld(t);
    const db = t.database.db;
    // A second, closed community of the network: Cai facilitates it, Ana is a member.
    const closed = await buildCommunity(db, {
      createdBy: w.cai.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: w.network.id,
      joinPolicy: 'invitation',
      members: [{ userId: w.cai.id, role: 'facilitator' }, { userId: w.ana.id }],
    });
    const ids: string[] = [];
    ids.push((await startCycle(w)).id);
    ids.push((await startCycle(w, w.coach.id, { title: 'Coach team', memberIds: [w.reader.id] })).id);
    ids.push((await startCycle(w, w.coach.id, { title: 'Shared by coach', memberIds: [] })).id);
    ids.push(
      (await startCycle(w, w.cai.id, { communityId: closed.id, title: 'Closed', memberIds: [w.ana.id] })).id,
    );
    ids.push(
      (await startCycle(w, w.cai.id, { communityId: closed.id, title: 'Closed shared', memberIds: [] })).id,
    );
    ids.push((await startCycle(w, w.ana.id, { title: 'Ana alone', memberIds: [] })).id);
    await db.execute(sql`update inquiry_cycles set published_at = now() where id in (${ids[2]}, ${ids[4]})`);
    await db.execute(sql`update inquiry_cycles set decision = 'adopt' where id = ${ids[5]}`);
    for (const person of [w.coach, w.ana, w.ben, w.cai, w.reader]) {
      // The rule as one condition: the viewer may open the cycle, or it is shared in a community
      // whose content they read (every community here is the network's, open or by membership).
      const { rows } = await db.execute<{ id: string }>(sql`
        select c.id from inquiry_cycles c join communities co on co.id = c.community_id
         where c.network_id = ${w.network.id}
           and (${readableCycleSql({ userId: person.id }, 'c')}
                or ((c.published_at is not null or c.decision = 'adopt')
                    and (co.join_policy = 'open' or exists (select 1 from community_members m
                          where m.community_id = co.id and m.user_id = ${person.id} and m.status = 'active'))))
         order by c.created_at desc, c.id desc`);
      const client = await signedIn(t, person.id);
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const body = (await client.get(`/api/networks/${w.network.id}/cycles?limit=2${query}`)).json();
        listed.push(...body.data.map((c: { id: string }) => c.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(listed, person.name).toEqual(rows.map((r) => r.id));
    }
  });
});

describe('finding adopted change ideas', () => {
  it('lets a teacher find a change idea adopted where she may read, and not one adopted where she may not', async () => {
    const w = await buildWorld(t);
    const db = t.database.db;
    const word = uniqueWord();
    const closed = await buildCommunity(db, {
      createdBy: w.coach.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: w.network.id,
      joinPolicy: 'invitation',
      members: [{ userId: w.coach.id, role: 'facilitator' }, { userId: w.ben.id }],
    });
    const pdsa = { kind: 'pdsa', template: 'pdsa_90_day', memberIds: [] };
    const open = await startCycle(w, w.coach.id, { ...pdsa, title: 'Warm-up routines' });
    const shut = await startCycle(w, w.coach.id, {
      ...pdsa,
      communityId: closed.id,
      title: 'Closed team cycle',
      memberIds: [w.ben.id],
    });
    const active = await startCycle(w, w.coach.id, { ...pdsa, title: 'Still testing' });
    const adopt = (id: string, label: string, decision = 'adopt') =>
      db.execute(sql`update inquiry_cycles set decision = ${decision}, change_idea_label = ${label},
        aim_label = 'Every student explains a strategy' where id = ${id}`);
    await adopt(open.id, `Number talks ${word} daily`);
    await adopt(shut.id, `Exit tickets ${word}`);
    await adopt(active.id, `Gallery walk ${word}`, 'adapt');

    const finds = async (userId: string, kind = 'change_idea') => {
      const response = await (await signedIn(t, userId)).get(`/api/search?q=${word}&kind=${kind}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(SearchResponse.parse(response.json())).toEqual(response.json());
      return (response.json().data.changeIdeas?.items ?? []).map((i: { id: string }) => i.id).sort();
    };
    // The reader reads the open community, not the one by invitation; the team member of the closed
    // cycle finds both; someone outside the network finds neither; a cycle that adapted is not found.
    expect(await finds(w.reader.id)).toEqual([open.id]);
    expect(await finds(w.reader.id, 'all')).toEqual([open.id]);
    expect(await finds(w.ben.id)).toEqual([open.id, shut.id].sort());
    expect(await finds(w.stranger.id)).toEqual([]);
    const hit = (
      await (
        await signedIn(t, w.reader.id)
      ).get(`/api/search?q=${encodeURIComponent('number talks')}&kind=change_idea`)
    )
      .json()
      .data.changeIdeas.items.find((i: { id: string }) => i.id === open.id);
    expect(hit).toMatchObject({
      label: `Number talks ${word} daily`,
      cycleTitle: 'Warm-up routines',
      aimLabel: 'Every student explains a strategy',
      community: { id: w.community.id },
      networkId: w.network.id,
    });
    expect(hit.labelHtml).toContain('<mark>');

    // The same rule as the network's cycles list, which shows the reader exactly what she finds.
    const listed = (
      await (await signedIn(t, w.reader.id)).get(`/api/networks/${w.network.id}/cycles?kind=pdsa`)
    )
      .json()
      .data.filter((c: { decision: string | null }) => c.decision === 'adopt')
      .map((c: { id: string }) => c.id);
    expect(listed).toEqual([open.id]);

    // Opening the closed community lets its network's readers find its change idea; a decision taken
    // back removes it for everyone.
    await db.execute(sql`update communities set join_policy = 'open' where id = ${closed.id}`);
    expect(await finds(w.reader.id)).toEqual([open.id, shut.id].sort());
    await adopt(open.id, `Number talks ${word} daily`, 'abandon');
    expect(await finds(w.reader.id)).toEqual([shut.id]);
    expect(await finds(w.ben.id)).toEqual([shut.id]);
  });
});

describe('steering a cycle', () => {
  it('lets the facilitator set the phase dates, which what is due on each member home shows', async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w);
    const url = `/api/inquiry/cycles/${cycle.id}/phases`;
    const ben = await signedIn(t, w.ben.id);
    expect(
      (await ben.put(url, { phases: [{ key: 'study', startsOn: '2026-09-01', dueOn: '2026-09-10' }] }))
        .statusCode,
    ).toBe(403);
    const ana = await signedIn(t, w.ana.id);
    const bad = await ana.put(url, {
      phases: [{ key: 'study', startsOn: '2026-09-10', dueOn: '2026-09-01' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/phases/0/dueOn');
    expect(
      (await ana.put(url, { phases: [{ key: 'act', startsOn: '2026-09-01', dueOn: '2026-09-02' }] })).json()
        .errors[0].path,
    ).toBe('/body/phases/0/key');
    const done = await ana.put(url, {
      phases: [{ key: 'study', startsOn: '2026-08-25', dueOn: '2026-09-10' }],
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().data).toMatchObject({ startsOn: '2026-08-25' });
    const due = (await ben.get('/api/inquiry/due')).json().data;
    expect(due).toEqual([
      expect.objectContaining({
        cycleId: cycle.id,
        phase: 'study',
        phaseTitle: 'Study',
        dueOn: '2026-09-10',
      }),
    ]);
    expect((await (await signedIn(t, w.reader.id)).get('/api/inquiry/due')).json().data).toEqual([]);
  });

  it('moves through the phases and, on completion, puts taking part in every member learning log', async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w);
    const ana = await signedIn(t, w.ana.id);
    const url = `/api/inquiry/cycles/${cycle.id}`;
    expect((await (await signedIn(t, w.ben.id)).patch(url, { currentPhase: 'plan' })).statusCode).toBe(403);
    expect((await ana.patch(url, { currentPhase: 'act' })).json().errors[0].path).toBe('/body/currentPhase');
    const moved = (await ana.patch(url, { currentPhase: 'teach' })).json().data;
    expect(moved.currentPhase).toBe('teach');
    expect(moved.phases.map((p: { completedAt: string | null }) => p.completedAt !== null)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect((await ana.patch(url, { status: 'completed' })).json().data.status).toBe('completed');
    const { rows } = await t.database.db.execute<{ user_id: string }>(sql`
      select user_id from learning_entries where kind = 'lesson_study_completed' and user_id = any(${sql.param([w.ana.id, w.ben.id, w.cai.id])}::uuid[])`);
    expect(rows.map((r) => r.user_id).sort()).toEqual([w.ana.id, w.ben.id, w.cai.id].sort());
    // Completing again counts nothing twice, and a completed cycle's materials are read-only.
    await ana.patch(url, { status: 'completed' });
    const again = await t.database.db.execute(
      sql`select count(*)::int as n from learning_entries where kind = 'lesson_study_completed' and user_id = any(${sql.param([w.ana.id, w.ben.id, w.cai.id])}::uuid[])`,
    );
    expect(again.rows[0].n).toBe(3);
    expect((await ana.put(`${url}/study`, { theme: 'Late' })).statusCode).toBe(409);
  });

  it('adds people of the community to the team and takes them off', async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w, w.ana.id, { memberIds: [] });
    const ana = await signedIn(t, w.ana.id);
    const url = `/api/inquiry/cycles/${cycle.id}/members`;
    const refused = await ana.post(url, { userIds: [w.ben.id, w.stranger.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/userIds/1');
    expect((await ana.post(url, { userIds: [w.ben.id] })).json().data.memberCount).toBe(2);
    const page = await (await signedIn(t, w.ben.id)).get(`/api/inquiry/cycles/${cycle.id}`);
    expect(page.statusCode).toBe(200);
    // Sent as text (decision 033): exactly the contract, nothing missing and nothing more.
    expect(CycleResponse.parse(page.json())).toEqual(page.json());
    expect(page.json().data.members.map((m: { userId: string }) => m.userId)).toEqual([w.ana.id, w.ben.id]);
    expect(page.json().abilities).toEqual({ facilitate: false, contribute: true, role: 'member' });
    expect((await (await signedIn(t, w.ben.id)).post(url, { userIds: [w.cai.id] })).statusCode).toBe(403);
    // The community's facilitator steers the cycle but does not add themselves to the team.
    const coach = await signedIn(t, w.coach.id);
    expect((await coach.post(url, { userIds: [w.coach.id] })).statusCode).toBe(403);
    expect((await coach.post(url, { userIds: [w.cai.id] })).statusCode).toBe(200);
    expect((await ana.delete(`${url}/${w.ana.id}`)).statusCode).toBe(409);
    expect((await ana.delete(`${url}/${w.ben.id}`)).statusCode).toBe(204);
    expect((await (await signedIn(t, w.ben.id)).get(`/api/inquiry/cycles/${cycle.id}`)).statusCode).toBe(404);
  });
});

describe('templates', () => {
  it("offers the built-in templates and lets a network's administrator adapt one", async () => {
    const w = await buildWorld(t);
    const db = t.database.db;
    const admin = await buildUser(db, { districtId: w.home.id });
    await db.execute(
      sql`insert into memberships (user_id, organization_id, role) values (${admin.id}, ${w.network.id}, 'network_admin')`,
    );
    const body = {
      base: 'classic_lesson_study',
      name: 'Short lesson study',
      phases: [
        { key: 'study', title: 'Read together', days: 7 },
        { key: 'plan', title: 'Plan', days: 14 },
        { key: 'teach', title: 'Teach', days: 1 },
        { key: 'reflect', title: 'Reflect', days: 1 },
      ],
    };
    const url = `/api/networks/${w.network.id}/inquiry-templates`;
    expect((await (await signedIn(t, w.ana.id)).post(url, body)).statusCode).toBe(403);
    expect((await (await signedIn(t, w.stranger.id)).post(url, body)).statusCode).toBe(404);
    const adminAgent = await signedIn(t, admin.id);
    const bad = await adminAgent.post(url, { ...body, phases: [body.phases[1], body.phases[0]] });
    expect(bad.json().errors[0].path).toBe('/body/phases/1/key');
    expect(
      (await adminAgent.post(url, { ...body, phases: [{ key: 'do', title: 'Do', days: 3 }] })).json()
        .errors[0].path,
    ).toBe('/body/phases/0/key');
    const made = await adminAgent.post(url, body);
    expect(made.statusCode).toBe(201);
    const templateId = made.json().data.id;
    const list = (await (await signedIn(t, w.ben.id)).get('/api/inquiry/templates')).json().data;
    expect(list.map((x: { name: string }) => x.name)).toEqual([
      'Classic lesson study',
      '90-day PDSA ramp',
      'Short lesson study',
    ]);
    expect((await (await signedIn(t, w.stranger.id)).get('/api/inquiry/templates')).json().data).toHaveLength(
      2,
    );
    const cycle = await startCycle(w, w.ana.id, { template: templateId });
    expect(cycle.phases.map((p) => p.key)).toEqual(['study', 'plan', 'teach', 'reflect']);
    expect(cycle.phases[3]).toMatchObject({ startsOn: '2026-09-23', dueOn: '2026-09-23' });
  });
});

describe('the Study phase', () => {
  it('lets the team write the theme, goal and progression, and add resources and links to read', async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w);
    const url = `/api/inquiry/cycles/${cycle.id}`;
    const ben = await signedIn(t, w.ben.id);
    const saved = await ben.put(`${url}/study`, {
      theme: 'Students explain their reasoning',
      longTermGoal: 'Persevere',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data).toMatchObject({
      theme: 'Students explain their reasoning',
      longTermGoal: 'Persevere',
      progression: '',
      updatedByName: 'Ben Teacher',
    });
    await ben.put(`${url}/study`, { progression: 'Unit fractions, then equivalence' });
    expect((await ben.get(`${url}/study`)).json().data.theme).toBe('Students explain their reasoning');
    const resource = await buildResource(t.database.db, {
      ownerId: w.ana.id,
      districtId: w.home.id,
      audience: 'network',
      audienceId: w.network.id,
      title: 'Number lines in grade 3',
    });
    const hidden = await buildResource(t.database.db, {
      ownerId: w.stranger.id,
      districtId: w.outside.id,
      audience: 'district',
      audienceId: w.outside.id,
    });
    expect((await ben.post(`${url}/readings`, { resourceId: resource.id })).statusCode).toBe(201);
    expect((await ben.post(`${url}/readings`, { resourceId: hidden.id })).json().errors[0].path).toBe(
      '/body/resourceId',
    );
    expect(
      (await ben.post(`${url}/readings`, { url: 'https://example.org/ls', title: 'Lesson study handbook' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await ben.post(`${url}/readings`, { url: 'javascript:alert(1)', title: 'x' })).json().errors[0].path,
    ).toBe('/body/url');
    expect((await ben.post(`${url}/readings`, { url: 'https://example.org' })).json().errors[0].path).toBe(
      '/body/title',
    );
    expect((await ben.post(`${url}/readings`, {})).json().errors[0].path).toBe('/body/resourceId');
    const readings = (await ben.get(`${url}/study`)).json().data.readings;
    expect(readings.map((r: { title: string }) => r.title)).toEqual([
      'Number lines in grade 3',
      'Lesson study handbook',
    ]);
    // A teammate of another district sees that a resource is there, not what it is.
    const privateOne = await buildResource(t.database.db, {
      ownerId: w.ana.id,
      districtId: w.home.id,
      audience: 'district',
      audienceId: w.home.id,
      title: 'Our district pacing guide',
    });
    await (await signedIn(t, w.ana.id)).post(`${url}/readings`, { resourceId: privateOne.id });
    const seenByBen = (await ben.get(`${url}/study`))
      .json()
      .data.readings.map((r: { title: string }) => r.title);
    expect(seenByBen).toContain('A resource you may not open');
    expect(seenByBen).not.toContain('Our district pacing guide');
    const seenByAna = (await (await signedIn(t, w.ana.id)).get(`${url}/study`)).json().data.readings;
    expect(seenByAna.map((r: { title: string }) => r.title)).toContain('Our district pacing guide');
    expect((await ben.delete(`${url}/readings/${readings[1].id}`)).statusCode).toBe(204);
    expect((await ben.delete(`${url}/readings/${readings[1].id}`)).statusCode).toBe(404);
    expect((await (await signedIn(t, w.reader.id)).get(`${url}/study`)).statusCode).toBe(404);
    expect((await (await signedIn(t, w.reader.id)).put(`${url}/study`, { theme: 'x' })).statusCode).toBe(404);
  });

  it('has no Study panel of lesson study in a PDSA cycle', async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w, w.ana.id, { kind: 'pdsa', template: 'pdsa_90_day' });
    expect(
      (await (await signedIn(t, w.ana.id)).get(`/api/inquiry/cycles/${cycle.id}/study`)).statusCode,
    ).toBe(404);
  });
});

describe('the Reflect phase', () => {
  it('takes the teacher first, then observers, then the outside commentator, in the roles the facilitator gave', async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w, w.ana.id, { memberIds: [w.ben.id, w.cai.id, w.coach.id] });
    const url = `/api/inquiry/cycles/${cycle.id}/reflection`;
    const ana = await signedIn(t, w.ana.id);
    const ben = await signedIn(t, w.ben.id);
    const cai = await signedIn(t, w.cai.id);
    const coach = await signedIn(t, w.coach.id);
    const roles = [
      { userId: w.ben.id, role: 'teacher' },
      { userId: w.cai.id, role: 'observer' },
      { userId: w.ana.id, role: 'observer' },
      { userId: w.coach.id, role: 'commentator' },
    ];
    expect((await ben.put(`${url}/roles`, { roles })).statusCode).toBe(403);
    expect(
      (await ana.put(`${url}/roles`, { roles: [...roles, { userId: w.reader.id, role: 'observer' }] })).json()
        .errors[0].path,
    ).toBe('/body/roles/4/userId');
    expect(
      (await ana.put(`${url}/roles`, { roles: [roles[0], { userId: w.cai.id, role: 'teacher' }] })).json()
        .errors[0].path,
    ).toBe('/body/roles');
    const set = await ana.put(`${url}/roles`, { roles });
    expect(set.json().data).toMatchObject({ turn: 'teacher', myRole: 'observer' });
    expect(
      (await cai.post(`${url}/remarks`, { body: 'Group 2 drew the number line first.' })).statusCode,
    ).toBe(409);
    expect((await ben.post(`${url}/remarks`, { body: '' })).json().errors[0].path).toBe('/body/body');
    expect(
      (await ben.post(`${url}/remarks`, { body: 'I meant to wait longer after the key question.' })).json()
        .data.turn,
    ).toBe('observer');
    expect((await coach.post(`${url}/remarks`, { body: 'Too soon' })).statusCode).toBe(409);
    await cai.post(`${url}/remarks`, { body: 'Group 2 drew the number line first.' });
    expect(
      (await ana.post(`${url}/remarks`, { body: 'Case student Kestrel counted on.' })).json().data.turn,
    ).toBe('commentator');
    const last = await coach.post(`${url}/remarks`, { body: 'The anticipated responses held up.' });
    expect(last.statusCode).toBe(201);
    const data = last.json().data;
    expect(data.turn).toBeNull();
    expect(data.remarks.map((r: { role: string }) => r.role)).toEqual([
      'teacher',
      'observer',
      'observer',
      'commentator',
    ]);
    expect((await (await signedIn(t, w.reader.id)).get(url)).statusCode).toBe(404);
    expect(
      (
        await ben.post(`${url}/remarks`, { body: 'x', evidence: ['00000000-0000-4000-8000-000000000000'] })
      ).json().errors[0].path,
    ).toBe('/body/evidence/0');
  });

  it('refuses a remark from someone the facilitator gave no part', async () => {
    const w = await buildWorld(t);
    const cycle = await startCycle(w);
    expect(
      (
        await (
          await signedIn(t, w.ben.id)
        ).post(`/api/inquiry/cycles/${cycle.id}/reflection/remarks`, { body: 'Hello' })
      ).statusCode,
    ).toBe(403);
  });

  it('reckons whose turn it is, passing over roles no one holds', () => {
    const roles = [
      { userId: 'a', role: 'observer' as const },
      { userId: 'b', role: 'commentator' as const },
    ];
    expect(reflectionTurn(roles, [])).toBe('observer');
    expect(reflectionTurn(roles, [{ authorId: 'a', role: 'observer' }])).toBe('commentator');
    expect(reflectionTurn([], [])).toBeNull();
  });
});
