import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { CommunityListResponse } from '#shared/contracts/communities.ts';
import { buildWorld, communityBody, createVia, memberCount } from './test-world.ts';

const t = setupTestApp();

describe('creating a community', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const w = await buildWorld(t);
    expect((await agent(t).post('/api/communities', communityBody(w.home.id))).statusCode).toBe(401);
    expect((await agent(t).get('/api/communities')).statusCode).toBe(401);
    expect((await agent(t).get('/api/communities/owner-options')).statusCode).toBe(401);
  });

  it('makes the creator its facilitator, counts them, and records created and joined', async () => {
    const w = await buildWorld(t);
    const me = await signedIn(t, w.creator.id);
    const response = await me.post('/api/communities', communityBody(w.network.id));
    expect(response.statusCode).toBe(201);
    const { data } = response.json();
    expect(data).toMatchObject({
      kind: 'plc',
      name: 'Grade 5 Math Across the Plains',
      joinPolicy: 'request',
      subjects: ['Mathematics'],
      gradeBands: ['3-5'],
      owner: { kind: 'network', id: w.network.id, name: w.network.name },
      facilitators: [{ id: w.creator.id, name: w.creator.name }],
      counts: { members: 1, threads: 0, pendingRequests: 0 },
      archived: false,
      membership: { status: 'active', role: 'facilitator' },
      permissions: {
        canRead: true,
        canParticipate: true,
        canFacilitate: true,
        canJoin: false,
        canRequest: false,
        canLeave: false,
      },
    });
    expect(await memberCount(t, data.id)).toBe(1);
    const { rows: community } = await t.database.db.execute<{ district_id: string | null; ranked: boolean }>(
      sql`select district_id, search @@ websearch_to_tsquery('english', 'fractions') as ranked
            from communities where id = ${data.id}`,
    );
    expect(community[0]).toEqual({ district_id: null, ranked: true });
    const { rows } = await t.database.db.execute<{
      verb: string;
      object_type: string;
      community_id: string;
      school_id: string;
      district_id: string;
    }>(sql`select verb, object_type, community_id, school_id, district_id from statements
             where actor_id = ${w.creator.id} and community_id = ${data.id} order by verb`);
    expect(rows).toEqual([
      {
        verb: 'http://activitystrea.ms/schema/1.0/create',
        object_type: 'community',
        community_id: data.id,
        school_id: w.school.id,
        district_id: w.home.id,
      },
      {
        verb: 'http://activitystrea.ms/schema/1.0/join',
        object_type: 'community',
        community_id: data.id,
        school_id: w.school.id,
        district_id: w.home.id,
      },
    ]);
  });

  it("sets the owner's district for school and district owners", async () => {
    const w = await buildWorld(t);
    const bySchool = await createVia(t, w.creator.id, communityBody(w.school.id, { joinPolicy: 'open' }));
    const byDistrict = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const { rows } = await t.database.db.execute<{ id: string; district_id: string; owner_kind: string }>(
      sql`select id, district_id, owner_kind from communities where id in (${bySchool}, ${byDistrict})`,
    );
    expect(rows.find((r) => r.id === bySchool)).toMatchObject({
      district_id: w.home.id,
      owner_kind: 'school',
    });
    expect(rows.find((r) => r.id === byDistrict)).toMatchObject({
      district_id: w.home.id,
      owner_kind: 'district',
    });
  });

  it('refuses an owner outside the creator’s district and networks, naming ownerId', async () => {
    const w = await buildWorld(t);
    const me = await signedIn(t, w.creator.id);
    const otherNetwork = await buildNetwork(t.database.db, [w.outside.id]);
    for (const ownerId of [w.partner.id, w.partnerSchool.id, otherNetwork.id, randomUUID()]) {
      const response = await me.post('/api/communities', communityBody(ownerId));
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('/body/ownerId');
    }
    const { rows } = await t.database.db.execute(
      sql`select 1 from communities where created_by = ${w.creator.id}`,
    );
    expect(rows).toHaveLength(0);
  });

  it('refuses bad input, naming the field', async () => {
    const w = await buildWorld(t);
    const me = await signedIn(t, w.creator.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '' }, '/body/name'],
      [{ name: 'x'.repeat(121) }, '/body/name'],
      [{ kind: 'club' }, '/body/kind'],
      [{ joinPolicy: 'secret' }, '/body/joinPolicy'],
      [{ subjects: ['Astrology'] }, '/body/subjects/0'],
      [{ gradeBands: ['13'] }, '/body/gradeBands/0'],
      [{ purpose: 'a\u0000b' }, '/body/purpose'],
      [{ ownerId: 'not-a-uuid' }, '/body/ownerId'],
      [{ extra: true }, '/body'],
    ];
    for (const [override, path] of cases) {
      const response = await me.post('/api/communities', communityBody(w.home.id, override));
      expect(response.statusCode, JSON.stringify(override)).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('offers the schools of one’s district, the district and its networks as owners', async () => {
    const w = await buildWorld(t);
    const response = await (await signedIn(t, w.creator.id)).get('/api/communities/owner-options');
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual([
      { kind: 'district', id: w.home.id, name: w.home.name },
      { kind: 'school', id: w.school.id, name: w.school.name },
      { kind: 'network', id: w.network.id, name: w.network.name },
    ]);
  });
});

describe('reading a community', () => {
  it('answers 401 signed out, 400 for a malformed id and 404 for an unknown one', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    expect((await agent(t).get(`/api/communities/${id}`)).statusCode).toBe(401);
    const me = await signedIn(t, w.colleague.id);
    expect((await me.get('/api/communities/nope')).statusCode).toBe(400);
    expect((await me.get(`/api/communities/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('shows a by-request network community to the network, with a request as the way in', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    const response = await (await signedIn(t, w.partnerTeacher.id)).get(`/api/communities/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      purpose: 'Share fraction lessons across districts.',
      facilitators: [{ id: w.creator.id }],
      membership: null,
      permissions: {
        canRead: false,
        canParticipate: false,
        canJoin: false,
        canRequest: true,
        canLeave: false,
      },
    });
  });

  it('hides network communities from districts outside the network', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const stranger = await signedIn(t, w.stranger.id);
    expect((await stranger.get(`/api/communities/${id}`)).statusCode).toBe(404);
    const list = (await stranger.get('/api/communities')).json();
    expect(list.data.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('hides a district community from the other districts of its network', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    expect((await (await signedIn(t, w.partnerTeacher.id)).get(`/api/communities/${id}`)).statusCode).toBe(
      404,
    );
    const colleague = (await (await signedIn(t, w.colleague.id)).get(`/api/communities/${id}`)).json().data;
    expect(colleague.permissions).toMatchObject({ canRead: true, canJoin: true, canParticipate: false });
  });

  it('hides an invitation community from everyone but its members and invitees', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'invitation' }));
    const colleague = await signedIn(t, w.colleague.id);
    expect((await colleague.get(`/api/communities/${id}`)).statusCode).toBe(404);
    expect(
      (await colleague.get('/api/communities')).json().data.map((c: { id: string }) => c.id),
    ).not.toContain(id);
    expect((await colleague.get('/api/communities?q=plains')).json().data).toEqual([]);
  });
});

describe('browsing communities', () => {
  it('lists what the viewer may see, most recently active first, a page at a time', async () => {
    const w = await buildWorld(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        await createVia(
          t,
          w.creator.id,
          communityBody(w.home.id, { joinPolicy: 'open', name: `Circle ${i}` }),
        ),
      );
    const me = await signedIn(t, w.colleague.id);
    const first = (await me.get('/api/communities?limit=3')).json();
    expect(first.data.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await me.get(`/api/communities?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect(first.data[0]).toMatchObject({
      kind: 'plc',
      owner: { kind: 'district', id: w.home.id },
      joinPolicy: 'open',
      memberCount: 1,
      membership: null,
      archived: false,
    });
  });

  it('searches by words and ranks the name above the purpose', async () => {
    const w = await buildWorld(t);
    const named = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, { joinPolicy: 'open', name: 'Number talks', purpose: 'Warm-ups.' }),
    );
    const described = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, {
        joinPolicy: 'open',
        name: 'Morning circle',
        purpose: 'We share number talks.',
      }),
    );
    await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, { joinPolicy: 'open', name: 'Reading lab', purpose: '' }),
    );
    const me = await signedIn(t, w.colleague.id);
    const response = await me.get('/api/communities?q=number%20talks');
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((c: { id: string }) => c.id)).toEqual([named, described]);
    const prefix = (await me.get('/api/communities?q=numb')).json().data.map((c: { id: string }) => c.id);
    expect(prefix).toContain(named);
  });

  it('pages a ranked search without repeats', async () => {
    const w = await buildWorld(t);
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++)
      ids.add(
        await createVia(
          t,
          w.creator.id,
          communityBody(w.home.id, { joinPolicy: 'open', name: `Geometry ${i}` }),
        ),
      );
    const me = await signedIn(t, w.colleague.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Array<{ id: string }>; nextCursor: string | null } = (
        await me.get(`/api/communities?q=geometry&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(ids);
  });

  it('answers a search asked again afresh once a community it ranked changes, on any instance', async () => {
    const w = await buildWorld(t);
    const first = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, { joinPolicy: 'open', name: 'Phenomena circle', purpose: '' }),
    );
    const me = await signedIn(t, w.colleague.id);
    const ids = async () =>
      (await me.get('/api/communities?q=phenomena')).json().data.map((c: { id: string }) => c.id);
    expect(await ids()).toEqual([first]);
    expect(await ids()).toEqual([first]);
    // A new community, a renamed one, one closed to invitation and one deleted: each is seen at once.
    const second = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, { joinPolicy: 'open', name: 'Phenomena lab', purpose: '' }),
    );
    expect(new Set(await ids())).toEqual(new Set([first, second]));
    const owner = await signedIn(t, w.creator.id);
    expect((await owner.patch(`/api/communities/${first}`, { name: 'Storyline circle' })).statusCode).toBe(
      200,
    );
    expect(await ids()).toEqual([second]);
    await owner.patch(`/api/communities/${first}`, { name: 'Phenomena storylines' });
    expect(new Set(await ids())).toEqual(new Set([first, second]));
    await owner.patch(`/api/communities/${second}`, { joinPolicy: 'invitation' });
    expect(await ids()).toEqual([first]);
    // What the page shows besides the ranking is read afresh: counts, archiving.
    await me.post(`/api/communities/${first}/join`);
    const [card] = (await me.get('/api/communities?q=phenomena')).json().data;
    expect(card).toMatchObject({ id: first, memberCount: 2, membership: { status: 'active' } });
    // A change made behind the app's back (another instance, a script) is seen too: the version
    // moves with the row in the same transaction.
    await t.database.db.execute(
      sql`update communities set search = to_tsvector('english', 'nothing here') where id = ${first}`,
    );
    expect(await ids()).toEqual([]);
  });

  it('finds one’s own invitation communities and those outside one’s scope among the matches', async () => {
    const w = await buildWorld(t);
    const hidden = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, { joinPolicy: 'invitation', name: 'Quadratics study group' }),
    );
    const open = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, { joinPolicy: 'open', name: 'Quadratics circle' }),
    );
    const ids = async (userId: string, query = 'q=quadratics') =>
      (await (await signedIn(t, userId)).get(`/api/communities?${query}`))
        .json()
        .data.map((c: { id: string }) => c.id);
    expect(await ids(w.colleague.id)).toEqual([open]);
    // The stranger's district is outside the network: neither is in their scope.
    expect(await ids(w.stranger.id)).toEqual([]);
    const owner = await signedIn(t, w.creator.id);
    expect(
      (await owner.post(`/api/communities/${hidden}/invitations`, { userId: w.colleague.id })).statusCode,
    ).toBe(201);
    expect(new Set(await ids(w.colleague.id))).toEqual(new Set([hidden, open]));
    // A member who has since moved to a district outside the network keeps their communities.
    await t.database.db.execute(sql`
      insert into community_members (community_id, user_id, role, status, joined_at)
      values (${open}, ${w.stranger.id}, 'member', 'active', now())`);
    expect(await ids(w.stranger.id)).toEqual([open]);
    expect(await ids(w.stranger.id, 'q=quadratics&kind=cohort')).toEqual([]);
    expect(await ids(w.stranger.id, 'q=quadratics&kind=plc')).toEqual([open]);
    // Their colleague, not invited, still finds only the open one (the ranking is shared by the scope).
    const other = await buildUser(t.database.db, { districtId: w.home.id, schoolId: w.school.id });
    expect(await ids(other.id)).toEqual([open]);
  });

  it('bumps the search version for what a ranking reads and for nothing else', async () => {
    const db = t.database.db;
    const w = await buildWorld(t);
    const version = async () =>
      Number(
        (
          await db.execute<{ v: string }>(
            sql`select value::text as v from settings where key = 'community_search_version'`,
          )
        ).rows[0].v,
      );
    const before = await version();
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const created = await version();
    expect(created).toBeGreaterThan(before);
    // Activity, counts and archiving are read with each page: no new ranking for them.
    await db.execute(
      sql`update communities set last_activity_at = now(), thread_count = thread_count + 1, member_count = 5, archived_at = now() where id = ${id}`,
    );
    await db.execute(sql`update communities set kind = kind, subjects = subjects where id = ${id}`);
    expect(await version()).toBe(created);
    for (const change of [
      sql`kind = 'cohort'`,
      sql`subjects = '{Science}'`,
      sql`grade_bands = '{6-8}'`,
      sql`join_policy = 'request'`,
      sql`owner_kind = 'network', owner_id = ${w.network.id}, district_id = null`,
      sql`search = to_tsvector('simple', 'changed')`,
    ]) {
      const was = await version();
      await db.execute(sql`update communities set ${change} where id = ${id}`);
      expect(await version(), String(change.queryChunks.length)).toBe(was + 1);
    }
    // Several changes in one transaction bump it once.
    const was = await version();
    await db.transaction(async (tx) => {
      await tx.execute(sql`update communities set kind = 'plc' where id = ${id}`);
      await tx.execute(sql`update communities set subjects = '{Arts}' where id = ${id}`);
    });
    expect(await version()).toBe(was + 1);
  });

  it('filters by kind, subject, grade band and one’s own communities', async () => {
    const w = await buildWorld(t);
    const study = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, {
        joinPolicy: 'open',
        kind: 'lesson_study',
        subjects: ['Science'],
        gradeBands: ['6-8'],
      }),
    );
    const plc = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const me = await signedIn(t, w.colleague.id);
    const ids = async (query: string) =>
      (await me.get(`/api/communities?${query}`)).json().data.map((c: { id: string }) => c.id);
    expect(await ids('kind=lesson_study')).toEqual([study]);
    expect(await ids('subject=Science')).toEqual([study]);
    expect(await ids('gradeBand=3-5')).toContain(plc);
    expect(await ids('gradeBand=3-5')).not.toContain(study);
    expect(await ids('mine=1')).toEqual([]);
    await me.post(`/api/communities/${plc}/join`);
    expect(await ids('mine=1')).toEqual([plc]);
  });

  it('lists one’s own communities (joined, invited, asked to join), with words and a page at a time', async () => {
    const w = await buildWorld(t);
    const asked = await createVia(t, w.creator.id, communityBody(w.network.id, { name: 'Asked circle' }));
    const invited = await createVia(
      t,
      w.creator.id,
      communityBody(w.network.id, { joinPolicy: 'invitation', name: 'Invited circle' }),
    );
    const joined = await createVia(
      t,
      w.creator.id,
      communityBody(w.home.id, { joinPolicy: 'open', name: 'Joined circle' }),
    );
    await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open', name: 'Other circle' }));
    const me = await signedIn(t, w.partnerTeacher.id);
    const owner = await signedIn(t, w.creator.id);
    expect((await me.post(`/api/communities/${asked}/requests`, {})).statusCode).toBe(200);
    expect(
      (await owner.post(`/api/communities/${invited}/invitations`, { userId: w.partnerTeacher.id }))
        .statusCode,
    ).toBe(201);
    // The partner district is in the network, not the home district: joined as a member moved in.
    await t.database.db.execute(sql`
      insert into community_members (community_id, user_id, role, status, joined_at)
      values (${joined}, ${w.partnerTeacher.id}, 'member', 'active', now())`);
    const ids = async (query: string) =>
      (await me.get(`/api/communities?${query}`)).json().data.map((c: { id: string }) => c.id);
    expect(new Set(await ids('mine=1'))).toEqual(new Set([asked, invited, joined]));
    expect(await ids('mine=1&q=invited')).toEqual([invited]);
    const first = (await me.get('/api/communities?mine=1&limit=2')).json();
    const second = (await me.get(`/api/communities?mine=1&limit=2&cursor=${first.nextCursor}`)).json();
    expect(new Set([...first.data, ...second.data].map((c: { id: string }) => c.id))).toEqual(
      new Set([asked, invited, joined]),
    );
    expect(second.nextCursor).toBeNull();
    // Pages are sent as JSON text built from explicit fields: each holds to the response schema
    // exactly, nothing missing and nothing more, whatever the viewer's standing in each community.
    for (const path of [
      'mine=1',
      'mine=1&q=circle',
      'q=circle',
      'q=circle&limit=1',
      '',
      'limit=1',
      `limit=2&cursor=${first.nextCursor}`,
    ]) {
      const page = (await me.get(`/api/communities?${path}`)).json();
      expect(page.data.length, path).toBeGreaterThan(0);
      expect(CommunityListResponse.parse(page), path).toEqual(page);
    }
  });

  it('refuses bad filters and cursors, naming the field', async () => {
    const w = await buildWorld(t);
    const me = await signedIn(t, w.colleague.id);
    for (const [query, path] of [
      ['kind=club', '/querystring/kind'],
      ['subject=Astrology', '/querystring/subject'],
      ['gradeBand=13', '/querystring/gradeBand'],
      ['limit=0', '/querystring/limit'],
      ['mine=maybe', '/querystring/mine'],
      ['cursor=garbage', '/querystring/cursor'],
      ['q=x&cursor=garbage', '/querystring/cursor'],
    ]) {
      const response = await me.get(`/api/communities?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].path, query).toBe(path);
    }
  });

  it('counts the people like you among members of other districts, on fields they show', async () => {
    const db = t.database.db;
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const alike = { subjects: ['Mathematics', 'Science'], gradeBands: ['3-5'] };
    const joiners = [
      w.partnerTeacher, // alike, other district
      await buildUser(db, { districtId: w.partner.id, profile: alike }), // alike
      await buildUser(db, { districtId: w.partner.id, profile: { ...alike, gradeBands: ['9-12'] } }), // other band
      await buildUser(db, {
        districtId: w.partner.id,
        profile: { ...alike, fieldVisibility: { gradeBands: 'district' } },
      }), // hides grade bands from the network
      await buildUser(db, { districtId: w.home.id, profile: alike }), // same district as the viewer
      await buildUser(db, { districtId: w.partner.id, profile: alike, status: 'active' }), // asks only
    ];
    for (const person of joiners.slice(0, 5)) {
      expect((await (await signedIn(t, person.id)).post(`/api/communities/${id}/join`)).statusCode).toBe(200);
    }
    const viewer = await signedIn(t, w.colleague.id);
    const row = (await viewer.get('/api/communities')).json().data.find((c: { id: string }) => c.id === id);
    expect(row.memberCount).toBe(6);
    expect(row.peopleLikeYou).toBe(2);
    // A viewer with no subjects has no one like them.
    const blank = await buildUser(db, { districtId: w.home.id });
    const blankRow = (await (await signedIn(t, blank.id)).get('/api/communities'))
      .json()
      .data.find((c: { id: string }) => c.id === id);
    expect(blankRow.peopleLikeYou).toBe(0);
  });

  it('keeps the people like you equal to their members as accounts and profiles change', async () => {
    const db = t.database.db;
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const alike = { subjects: ['Mathematics'], gradeBands: ['3-5'] };
    const people = [
      await buildUser(db, { districtId: w.partner.id, profile: alike }),
      await buildUser(db, { districtId: w.partner.id, profile: alike }),
      await buildUser(db, { districtId: w.partner.id, profile: { subjects: ['Arts'], gradeBands: ['3-5'] } }),
    ];
    for (const person of people)
      expect((await (await signedIn(t, person.id)).post(`/api/communities/${id}/join`)).statusCode).toBe(200);
    const viewer = await signedIn(t, w.colleague.id);
    await db.execute(sql`update profiles set subjects = '{Mathematics}', grade_bands = '{3-5}'
      where user_id = ${w.colleague.id}`);
    const shown = async () =>
      (await viewer.get('/api/communities')).json().data.find((c: { id: string }) => c.id === id)
        .peopleLikeYou;
    // What the copies stand for, counted from the accounts and profiles themselves.
    const live = async () => {
      const { rows } = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from community_members m join users u on u.id = m.user_id
          join profiles p on p.user_id = m.user_id
         where m.community_id = ${id} and m.status = 'active' and u.status = 'active'
           and u.district_id <> ${w.home.id}
           and p.subjects && '{Mathematics}' and p.grade_bands && '{3-5}'
           and coalesce(p.field_visibility->>'subjects', 'network') in ('public', 'network')
           and coalesce(p.field_visibility->>'gradeBands', 'network') in ('public', 'network')`);
      return rows[0].n;
    };
    const changes: Array<[string, () => Promise<unknown>, number]> = [
      ['as joined', async () => {}, 2],
      [
        'a subject added',
        () =>
          db.execute(
            sql`update profiles set subjects = '{Arts,Mathematics}' where user_id = ${people[2].id}`,
          ),
        3,
      ],
      [
        'grade bands hidden',
        () =>
          db.execute(
            sql`update profiles set field_visibility = '{"gradeBands":"district"}' where user_id = ${people[0].id}`,
          ),
        2,
      ],
      [
        'an account deactivated',
        () => db.execute(sql`update users set status = 'deactivated' where id = ${people[1].id}`),
        1,
      ],
      [
        'moved to the viewer’s district',
        () => db.execute(sql`update users set district_id = ${w.home.id} where id = ${people[2].id}`),
        0,
      ],
      [
        'moved back and reactivated',
        () =>
          db.execute(
            sql`update users set district_id = ${w.partner.id}, status = 'active' where id in (${people[1].id}, ${people[2].id})`,
          ),
        2,
      ],
      ['a profile removed', () => db.execute(sql`delete from profiles where user_id = ${people[2].id}`), 1],
    ];
    for (const [what, change, expected] of changes) {
      await change();
      expect(await live(), what).toBe(expected);
      expect(await shown(), what).toBe(expected);
    }
  });

  it('counts people like you afresh on every page once members join, leave or are removed, or the viewer changes', async () => {
    const db = t.database.db;
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const alike = { subjects: ['Mathematics'], gradeBands: ['3-5'] };
    const [first, second] = [
      await buildUser(db, { districtId: w.partner.id, profile: alike }),
      await buildUser(db, { districtId: w.partner.id, profile: alike }),
    ];
    const viewer = await signedIn(t, w.colleague.id);
    // Browsing and a ranked search each show the card; both are read after every change, twice,
    // so a count remembered from the first read is what the second one shows.
    const shown = async () => {
      const counts = [];
      for (const path of ['/api/communities', '/api/communities?q=fractions', '/api/communities'])
        counts.push(
          (await viewer.get(path)).json().data.find((c: { id: string }) => c.id === id).peopleLikeYou,
        );
      return counts;
    };
    const as = (person: { id: string }) => signedIn(t, person.id);
    const facilitator = await as(w.creator);
    const changes: Array<[string, () => Promise<unknown>, number]> = [
      ['before anyone joins', async () => {}, 0],
      ['one joins', async () => (await as(first)).post(`/api/communities/${id}/join`), 1],
      ['another joins', async () => (await as(second)).post(`/api/communities/${id}/join`), 2],
      ['one leaves', async () => (await as(first)).post(`/api/communities/${id}/leave`), 1],
      ['one is removed', () => facilitator.delete(`/api/communities/${id}/members/${second.id}`), 0],
      ['one joins again', async () => (await as(first)).post(`/api/communities/${id}/join`), 1],
      [
        'the viewer teaches other grades',
        () => db.execute(sql`update profiles set grade_bands = '{9-12}' where user_id = ${w.colleague.id}`),
        0,
      ],
      [
        'the viewer teaches the grades again',
        () => db.execute(sql`update profiles set grade_bands = '{3-5}' where user_id = ${w.colleague.id}`),
        1,
      ],
      [
        'the member’s district leaves the viewer’s network (fields shown to the network only)',
        () =>
          db.execute(
            sql`delete from network_districts where network_id = ${w.network.id} and district_id = ${w.partner.id}`,
          ),
        0,
      ],
      [
        'the member shows their fields to anyone',
        () =>
          db.execute(
            sql`update profiles set field_visibility = '{"subjects":"public","gradeBands":"public"}' where user_id = ${first.id}`,
          ),
        1,
      ],
    ];
    for (const [what, change, expected] of changes) {
      const response = await change();
      if (response && typeof response === 'object' && 'statusCode' in response)
        expect((response as { statusCode: number }).statusCode, what).toBeLessThan(300);
      expect(await shown(), what).toEqual([expected, expected, expected]);
    }
  });

  it('bumps a community’s membership version at commit for what people like you reads, and for nothing else', async () => {
    const db = t.database.db;
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const other = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const version = async (communityId: string) => {
      const { rows } = await db.execute<{ version: string }>(
        sql`select coalesce((select version::text from community_member_versions where community_id = ${communityId}), '0') as version`,
      );
      return Number(rows[0].version);
    };
    const member = await buildUser(db, { districtId: w.partner.id, profile: { subjects: ['Arts'] } });
    const cases: Array<[string, () => Promise<unknown>, number, number]> = [
      [
        'a member joins',
        async () => (await signedIn(t, member.id)).post(`/api/communities/${id}/join`),
        1,
        0,
      ],
      [
        'a role changes',
        () =>
          db.execute(
            sql`update community_members set role = 'facilitator' where community_id = ${id} and user_id = ${member.id}`,
          ),
        0,
        0,
      ],
      [
        'a message is written',
        () =>
          db.execute(
            sql`update community_members set decision_message = 'welcome' where community_id = ${id} and user_id = ${member.id}`,
          ),
        0,
        0,
      ],
      [
        'the member’s subjects change (both communities of the creator, one of the member)',
        () => db.execute(sql`update profiles set subjects = '{Science}' where user_id = ${member.id}`),
        1,
        0,
      ],
      [
        'the creator is deactivated, in both communities, and twice in one transaction',
        () =>
          db.transaction(async (tx) => {
            await tx.execute(sql`update users set status = 'deactivated' where id = ${w.creator.id}`);
            await tx.execute(sql`update users set district_id = ${w.partner.id} where id = ${w.creator.id}`);
          }),
        1,
        1,
      ],
      [
        'a change rolled back',
        () =>
          db
            .transaction(async (tx) => {
              await tx.execute(
                sql`delete from community_members where community_id = ${id} and user_id = ${member.id}`,
              );
              throw new Error('rolled back');
            })
            .catch(() => {}),
        0,
        0,
      ],
      [
        'a member removed',
        () =>
          db.execute(
            sql`delete from community_members where community_id = ${id} and user_id = ${member.id}`,
          ),
        1,
        0,
      ],
    ];
    for (const [what, change, bumps, otherBumps] of cases) {
      const before = [await version(id), await version(other)];
      await change();
      expect([await version(id), await version(other)], what).toEqual([
        before[0] + bumps,
        before[1] + otherBumps,
      ]);
    }
  });
});

describe('editing and archiving', () => {
  it('lets facilitators edit details and refreshes search', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const me = await signedIn(t, w.creator.id);
    const response = await me.patch(`/api/communities/${id}`, {
      name: 'Algebra readiness',
      subjects: ['Science', 'Mathematics', 'Science'],
      joinPolicy: 'request',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      name: 'Algebra readiness',
      subjects: ['Mathematics', 'Science'],
      joinPolicy: 'request',
    });
    const found = (await (await signedIn(t, w.colleague.id)).get('/api/communities?q=algebra')).json().data;
    expect(found.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('answers 401, 400, 403 for members, 404 for outsiders, and changes nothing on error', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    expect((await agent(t).patch(`/api/communities/${id}`, { name: 'x' })).statusCode).toBe(401);
    const owner = await signedIn(t, w.creator.id);
    const bad = await owner.patch(`/api/communities/${id}`, { name: 'Fine', kind: 'club' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/kind');
    const colleague = await signedIn(t, w.colleague.id);
    await colleague.post(`/api/communities/${id}/join`);
    expect((await colleague.patch(`/api/communities/${id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await colleague.post(`/api/communities/${id}/archive`)).statusCode).toBe(403);
    const outsider = await signedIn(t, w.partnerTeacher.id);
    expect((await outsider.patch(`/api/communities/${id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await outsider.post(`/api/communities/${id}/archive`)).statusCode).toBe(404);
    expect((await owner.get(`/api/communities/${id}`)).json().data.name).toBe(
      'Grade 5 Math Across the Plains',
    );
  });

  it('archives (still readable, no new members), audits, and unarchives', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const owner = await signedIn(t, w.creator.id);
    const archived = await owner.post(`/api/communities/${id}/archive`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().data).toMatchObject({ archived: true, permissions: { canParticipate: false } });
    expect((await owner.post(`/api/communities/${id}/archive`)).statusCode).toBe(409);
    const colleague = await signedIn(t, w.colleague.id);
    const view = (await colleague.get(`/api/communities/${id}`)).json().data;
    expect(view.permissions).toMatchObject({ canRead: true, canJoin: false });
    const join = await colleague.post(`/api/communities/${id}/join`);
    expect(join.statusCode).toBe(409);
    expect(join.json().detail).toMatch(/archived/);
    const { rows } = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_events where target_id = ${id} order by at`,
    );
    expect(rows.map((r) => r.action)).toEqual(['community.archived']);
    expect((await owner.post(`/api/communities/${id}/unarchive`)).json().data.archived).toBe(false);
    expect((await colleague.post(`/api/communities/${id}/join`)).statusCode).toBe(200);
  });

  it('keeps the last facilitator able to edit a community of a school', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const school = await buildSchool(db, district.id);
    const teacher = await buildUser(db, { districtId: district.id, schoolId: school.id });
    const id = await createVia(t, teacher.id, communityBody(school.id, { joinPolicy: 'invitation' }));
    const response = await (await signedIn(t, teacher.id)).patch(`/api/communities/${id}`, {
      purpose: 'New',
    });
    expect(response.json().data).toMatchObject({ purpose: 'New', owner: { kind: 'school', id: school.id } });
  });
});
