import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildWorld, communityBody, createVia, memberCount, memberRow } from './test-world.ts';

const t = setupTestApp();

async function notificationsOf(userId: string) {
  const { rows } = await t.database.db.execute<{
    kind: string;
    actor_id: string;
    community_id: string;
    data: Record<string, string>;
  }>(
    sql`select kind, actor_id, community_id, data from notifications where user_id = ${userId} order by created_at`,
  );
  return rows;
}

async function statementsAbout(communityId: string, actorId: string) {
  const { rows } = await t.database.db.execute<{
    verb: string;
    school_id: string | null;
    district_id: string;
  }>(
    sql`select verb, school_id, district_id from statements
         where community_id = ${communityId} and actor_id = ${actorId} order by stored`,
  );
  return rows;
}

const JOIN = 'http://activitystrea.ms/schema/1.0/join';
const LEAVE = 'http://activitystrea.ms/schema/1.0/leave';
const REQUEST = 'http://activitystrea.ms/schema/1.0/request';

describe('every membership route', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    const anon = agent(t);
    const u = w.partnerTeacher.id;
    for (const [method, url, payload] of [
      ['POST', `/api/communities/${id}/join`],
      ['POST', `/api/communities/${id}/leave`],
      ['POST', `/api/communities/${id}/requests`, { message: 'hi' }],
      ['DELETE', `/api/communities/${id}/requests`],
      ['POST', `/api/communities/${id}/requests/${u}/approve`, {}],
      ['POST', `/api/communities/${id}/requests/${u}/decline`, {}],
      ['POST', `/api/communities/${id}/invitations`, { userId: u }],
      ['GET', `/api/communities/${id}/members`],
      ['PATCH', `/api/communities/${id}/members/${u}`, { role: 'member' }],
      ['DELETE', `/api/communities/${id}/members/${u}`],
    ] as const) {
      const response = await anon.request({ method, url, payload });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('answers 404 for unknown communities and for communities out of scope', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const stranger = await signedIn(t, w.stranger.id);
    const u = w.creator.id;
    for (const community of [id, randomUUID()]) {
      for (const [method, url, payload] of [
        ['POST', `/api/communities/${community}/join`],
        ['POST', `/api/communities/${community}/leave`],
        ['POST', `/api/communities/${community}/requests`, {}],
        ['DELETE', `/api/communities/${community}/requests`],
        ['POST', `/api/communities/${community}/requests/${u}/approve`, {}],
        ['POST', `/api/communities/${community}/requests/${u}/decline`, {}],
        ['POST', `/api/communities/${community}/invitations`, { userId: u }],
        ['GET', `/api/communities/${community}/members`],
        ['PATCH', `/api/communities/${community}/members/${u}`, { role: 'member' }],
        ['DELETE', `/api/communities/${community}/members/${u}`],
      ] as const) {
        const response = await stranger.request({ method, url, payload });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
      }
    }
  });

  it('refuses malformed input, naming the field', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    const me = await signedIn(t, w.creator.id);
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/communities/nope/join', undefined, '/params/id'],
      ['POST', `/api/communities/${id}/requests`, { message: 'x'.repeat(1001) }, '/body/message'],
      ['POST', `/api/communities/${id}/requests`, { message: 'hi', extra: 1 }, '/body'],
      ['POST', `/api/communities/${id}/requests/nope/approve`, {}, '/params/userId'],
      ['POST', `/api/communities/${id}/invitations`, { userId: 'nope' }, '/body/userId'],
      ['POST', `/api/communities/${id}/invitations`, {}, '/body/userId'],
      ['GET', `/api/communities/${id}/members?status=banned`, undefined, '/querystring/status'],
      ['GET', `/api/communities/${id}/members?cursor=zzz`, undefined, '/querystring/cursor'],
      ['PATCH', `/api/communities/${id}/members/${w.creator.id}`, { role: 'owner' }, '/body/role'],
      ['DELETE', `/api/communities/${id}/members/${w.creator.id}`, { message: 1 }, '/body/message'],
    ];
    for (const [method, url, payload, path] of cases) {
      const response = await me.request({ method: method as 'POST', url, payload: payload as object });
      expect(response.statusCode, `${method} ${url}`).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});

describe('joining and leaving', () => {
  it('joins an open community at once, with a joined statement in context, and leaves it', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const me = await signedIn(t, w.partnerTeacher.id);
    const joined = await me.post(`/api/communities/${id}/join`);
    expect(joined.statusCode).toBe(200);
    expect(joined.json().data.membership).toEqual({ status: 'active', role: 'member' });
    expect(await memberCount(t, id)).toBe(2);
    expect((await me.post(`/api/communities/${id}/join`)).statusCode).toBe(409);
    const detail = (await me.get(`/api/communities/${id}`)).json().data;
    expect(detail.permissions).toMatchObject({ canParticipate: true, canLeave: true, canJoin: false });
    const left = await me.post(`/api/communities/${id}/leave`);
    expect(left.json().data.membership).toEqual({ status: 'left', role: 'member' });
    expect(await memberCount(t, id)).toBe(1);
    expect((await me.post(`/api/communities/${id}/leave`)).statusCode).toBe(409);
    expect(await statementsAbout(id, w.partnerTeacher.id)).toEqual([
      { verb: JOIN, school_id: w.partnerSchool.id, district_id: w.partner.id },
      { verb: LEAVE, school_id: w.partnerSchool.id, district_id: w.partner.id },
    ]);
    // Coming back to an open community after leaving is allowed.
    expect((await me.post(`/api/communities/${id}/join`)).statusCode).toBe(200);
  });

  it('refuses joining a by-request community directly', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    const response = await (await signedIn(t, w.partnerTeacher.id)).post(`/api/communities/${id}/join`);
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toMatch(/request/);
    expect(await memberRow(t, id, w.partnerTeacher.id)).toBeNull();
  });

  it('keeps the last facilitator from leaving, with a clear message', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const owner = await signedIn(t, w.creator.id);
    const response = await owner.post(`/api/communities/${id}/leave`);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/only facilitator/);
    expect(await memberRow(t, id, w.creator.id)).toEqual({ status: 'active', role: 'facilitator' });
    // With a second facilitator, the first may go.
    const colleague = await signedIn(t, w.colleague.id);
    await colleague.post(`/api/communities/${id}/join`);
    expect(
      (await owner.patch(`/api/communities/${id}/members/${w.colleague.id}`, { role: 'facilitator' }))
        .statusCode,
    ).toBe(200);
    expect((await owner.post(`/api/communities/${id}/leave`)).statusCode).toBe(200);
    expect(await memberRow(t, id, w.creator.id)).toEqual({ status: 'left', role: 'member' });
  });
});

describe('requests to join', () => {
  it('records a request, tells the facilitators, and lets the person withdraw it', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    const owner = await signedIn(t, w.creator.id);
    await owner.post(`/api/communities/${id}/invitations`, { userId: w.colleague.id });
    await (await signedIn(t, w.colleague.id)).post(`/api/communities/${id}/join`);
    await owner.patch(`/api/communities/${id}/members/${w.colleague.id}`, { role: 'facilitator' });

    const me = await signedIn(t, w.partnerTeacher.id);
    const asked = await me.post(`/api/communities/${id}/requests`, { message: 'I teach grade 5 math too.' });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().data.membership).toEqual({ status: 'requested', role: 'member' });
    expect((await me.post(`/api/communities/${id}/requests`, {})).statusCode).toBe(409);
    const detail = (await me.get(`/api/communities/${id}`)).json().data;
    expect(detail.permissions).toMatchObject({ canRead: false, canRequest: false });
    for (const facilitator of [w.creator.id, w.colleague.id]) {
      expect(await notificationsOf(facilitator)).toContainEqual({
        kind: 'join_request',
        actor_id: w.partnerTeacher.id,
        community_id: id,
        data: {
          communityName: 'Grade 5 Math Across the Plains',
          personName: w.partnerTeacher.name,
          message: 'I teach grade 5 math too.',
        },
      });
    }
    expect((await owner.get(`/api/communities/${id}`)).json().data.counts.pendingRequests).toBe(1);
    const requests = (await owner.get(`/api/communities/${id}/members?status=requested`)).json().data;
    expect(requests).toEqual([
      expect.objectContaining({
        id: w.partnerTeacher.id,
        status: 'requested',
        requestMessage: 'I teach grade 5 math too.',
        roleTitle: 'Grade 5 teacher',
        school: { id: w.partnerSchool.id, name: w.partnerSchool.name },
        district: { id: w.partner.id, name: w.partner.name },
      }),
    ]);

    const withdrawn = await me.delete(`/api/communities/${id}/requests`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().data.membership).toBeNull();
    expect(await memberRow(t, id, w.partnerTeacher.id)).toBeNull();
    expect((await me.delete(`/api/communities/${id}/requests`)).statusCode).toBe(409);
  });

  it('refuses requests to open and archived communities', async () => {
    const w = await buildWorld(t);
    const open = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'open' }));
    const closed = await createVia(t, w.creator.id, communityBody(w.network.id));
    await (await signedIn(t, w.creator.id)).post(`/api/communities/${closed}/archive`);
    const me = await signedIn(t, w.partnerTeacher.id);
    expect((await me.post(`/api/communities/${open}/requests`, {})).statusCode).toBe(409);
    const archived = await me.post(`/api/communities/${closed}/requests`, {});
    expect(archived.statusCode).toBe(409);
    expect(archived.json().detail).toMatch(/archived/);
    expect(await memberRow(t, closed, w.partnerTeacher.id)).toBeNull();
  });

  it('lets a facilitator approve with a message: member, counted, joined statement, told', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    await (await signedIn(t, w.partnerTeacher.id)).post(`/api/communities/${id}/requests`, {});
    const owner = await signedIn(t, w.creator.id);
    const approved = await owner.post(`/api/communities/${id}/requests/${w.partnerTeacher.id}/approve`, {
      message: 'Welcome aboard!',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().data).toMatchObject({ id: w.partnerTeacher.id, status: 'active', role: 'member' });
    expect(await memberCount(t, id)).toBe(2);
    expect(await statementsAbout(id, w.partnerTeacher.id)).toEqual([
      { verb: REQUEST, school_id: w.partnerSchool.id, district_id: w.partner.id },
      { verb: JOIN, school_id: w.partnerSchool.id, district_id: w.partner.id },
    ]);
    expect(await notificationsOf(w.partnerTeacher.id)).toContainEqual({
      kind: 'join_decision',
      actor_id: w.creator.id,
      community_id: id,
      data: {
        communityName: 'Grade 5 Math Across the Plains',
        decision: 'approved',
        message: 'Welcome aboard!',
      },
    });
    const view = (await (await signedIn(t, w.partnerTeacher.id)).get(`/api/communities/${id}`)).json().data;
    expect(view.permissions).toMatchObject({ canRead: true, canParticipate: true });
    // Members across districts see one another, with school and district.
    const members = (
      await (await signedIn(t, w.partnerTeacher.id)).get(`/api/communities/${id}/members`)
    ).json();
    expect(members.data.map((m: { id: string; role: string }) => [m.id, m.role])).toEqual([
      [w.creator.id, 'facilitator'],
      [w.partnerTeacher.id, 'member'],
    ]);
    expect(members.data[0]).toMatchObject({ district: { id: w.home.id }, school: { id: w.school.id } });
    expect(members.data[0].requestMessage).toBeUndefined();
    // A second decision on the same person finds no request.
    expect(
      (await owner.post(`/api/communities/${id}/requests/${w.partnerTeacher.id}/decline`, {})).statusCode,
    ).toBe(404);
  });

  it('lets a facilitator decline with a message, and only facilitators decide', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    const asker = await signedIn(t, w.partnerTeacher.id);
    await asker.post(`/api/communities/${id}/requests`, {});
    // A member who is not a facilitator may not decide, nor see requests.
    const owner = await signedIn(t, w.creator.id);
    await owner.post(`/api/communities/${id}/invitations`, { userId: w.colleague.id });
    const colleague = await signedIn(t, w.colleague.id);
    await colleague.post(`/api/communities/${id}/join`);
    expect(
      (await colleague.post(`/api/communities/${id}/requests/${w.partnerTeacher.id}/approve`, {})).statusCode,
    ).toBe(403);
    expect((await colleague.get(`/api/communities/${id}/members?status=requested`)).statusCode).toBe(403);
    expect((await asker.get(`/api/communities/${id}/members`)).statusCode).toBe(404);

    const declined = await owner.post(`/api/communities/${id}/requests/${w.partnerTeacher.id}/decline`, {
      message: 'This group is full this term.',
    });
    expect(declined.json().data.status).toBe('declined');
    expect(await memberCount(t, id)).toBe(2);
    expect(await notificationsOf(w.partnerTeacher.id)).toContainEqual(
      expect.objectContaining({
        kind: 'join_decision',
        data: expect.objectContaining({ decision: 'declined', message: 'This group is full this term.' }),
      }),
    );
    // They may ask again later.
    expect((await asker.get(`/api/communities/${id}`)).json().data.permissions.canRequest).toBe(true);
  });
});

describe('invitations', () => {
  it('shows an invitation community only to its invitee, who accepts by joining', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id, { joinPolicy: 'invitation' }));
    const invitee = await signedIn(t, w.partnerTeacher.id);
    expect((await invitee.get(`/api/communities/${id}`)).statusCode).toBe(404);
    expect((await invitee.post(`/api/communities/${id}/join`)).statusCode).toBe(404);

    const owner = await signedIn(t, w.creator.id);
    const invited = await owner.post(`/api/communities/${id}/invitations`, { userId: w.partnerTeacher.id });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().data).toMatchObject({ id: w.partnerTeacher.id, status: 'invited' });
    expect(
      (await owner.post(`/api/communities/${id}/invitations`, { userId: w.partnerTeacher.id })).statusCode,
    ).toBe(409);
    expect(await notificationsOf(w.partnerTeacher.id)).toContainEqual({
      kind: 'community_invitation',
      actor_id: w.creator.id,
      community_id: id,
      data: { communityName: 'Grade 5 Math Across the Plains', inviterName: w.creator.name },
    });
    const invitations = (await owner.get(`/api/communities/${id}/members?status=invited`)).json().data;
    expect(invitations.map((m: { id: string }) => m.id)).toEqual([w.partnerTeacher.id]);

    const seen = (await invitee.get(`/api/communities/${id}`)).json().data;
    expect(seen).toMatchObject({
      membership: { status: 'invited' },
      permissions: { canJoin: true, canRead: false },
    });
    expect(
      (await invitee.get('/api/communities?mine=1')).json().data.map((c: { id: string }) => c.id),
    ).toEqual([id]);
    // Others still see nothing of it.
    const colleague = await signedIn(t, w.colleague.id);
    expect((await colleague.get(`/api/communities/${id}`)).statusCode).toBe(404);
    expect(
      (await colleague.get('/api/communities')).json().data.map((c: { id: string }) => c.id),
    ).not.toContain(id);

    const accepted = await invitee.post(`/api/communities/${id}/join`);
    expect(accepted.json().data.membership).toEqual({ status: 'active', role: 'member' });
    expect(await memberCount(t, id)).toBe(2);
  });

  it('lets an invitee decline by leaving, after which the community is hidden again', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'invitation' }));
    await (await signedIn(t, w.creator.id)).post(`/api/communities/${id}/invitations`, {
      userId: w.colleague.id,
    });
    const invitee = await signedIn(t, w.colleague.id);
    const declined = await invitee.post(`/api/communities/${id}/leave`);
    expect(declined.json().data.membership).toEqual({ status: 'declined', role: 'member' });
    expect((await invitee.get(`/api/communities/${id}`)).statusCode).toBe(404);
    expect(await memberCount(t, id)).toBe(1);
  });

  it("invites only people in the community's scope, naming userId", async () => {
    const w = await buildWorld(t);
    const district = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'invitation' }));
    const network = await createVia(
      t,
      w.creator.id,
      communityBody(w.network.id, { joinPolicy: 'invitation' }),
    );
    const gone = await buildUser(t.database.db, { districtId: w.home.id, status: 'deactivated' });
    const owner = await signedIn(t, w.creator.id);
    for (const [community, userId] of [
      [district, w.partnerTeacher.id],
      [district, gone.id],
      [district, randomUUID()],
      [network, w.stranger.id],
    ]) {
      const response = await owner.post(`/api/communities/${community}/invitations`, { userId });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('/body/userId');
    }
    expect(
      (await owner.post(`/api/communities/${network}/invitations`, { userId: w.partnerTeacher.id }))
        .statusCode,
    ).toBe(201);
    // Only facilitators invite.
    const member = await signedIn(t, w.partnerTeacher.id);
    await member.post(`/api/communities/${network}/join`);
    expect(
      (await member.post(`/api/communities/${network}/invitations`, { userId: w.colleague.id })).statusCode,
    ).toBe(403);
  });

  it('withdraws an invitation when a facilitator removes the invitee', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'invitation' }));
    const owner = await signedIn(t, w.creator.id);
    await owner.post(`/api/communities/${id}/invitations`, { userId: w.colleague.id });
    expect(
      (await owner.request({ method: 'DELETE', url: `/api/communities/${id}/members/${w.colleague.id}` }))
        .statusCode,
    ).toBe(200);
    expect(await memberRow(t, id, w.colleague.id)).toBeNull();
    expect((await (await signedIn(t, w.colleague.id)).get(`/api/communities/${id}`)).statusCode).toBe(404);
  });
});

describe('managing members', () => {
  it('changes roles, but never demotes the last facilitator', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const owner = await signedIn(t, w.creator.id);
    const demote = await owner.patch(`/api/communities/${id}/members/${w.creator.id}`, { role: 'member' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().detail).toMatch(/at least one facilitator/);
    const colleague = await signedIn(t, w.colleague.id);
    await colleague.post(`/api/communities/${id}/join`);
    expect(
      (await colleague.patch(`/api/communities/${id}/members/${w.creator.id}`, { role: 'member' }))
        .statusCode,
    ).toBe(403);
    const promoted = await owner.patch(`/api/communities/${id}/members/${w.colleague.id}`, {
      role: 'facilitator',
    });
    expect(promoted.json().data.role).toBe('facilitator');
    expect(
      (await owner.patch(`/api/communities/${id}/members/${w.creator.id}`, { role: 'member' })).statusCode,
    ).toBe(200);
    expect((await colleague.get(`/api/communities/${id}`)).json().data.facilitators).toEqual([
      { id: w.colleague.id, name: w.colleague.name },
    ]);
    expect(
      (await owner.patch(`/api/communities/${id}/members/${w.stranger.id}`, { role: 'member' })).statusCode,
    ).toBe(403);
    expect(
      (await colleague.patch(`/api/communities/${id}/members/${w.stranger.id}`, { role: 'member' }))
        .statusCode,
    ).toBe(404);
    const { rows } = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_events where details->>'communityId' = ${id} order by at`,
    );
    expect(rows.map((r) => r.action)).toEqual([
      'community.member_role_changed',
      'community.member_role_changed',
    ]);
  });

  it('removes a member at once: told with the message, signalled, audited, and shut out of content', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.network.id));
    const member = await signedIn(t, w.partnerTeacher.id);
    await member.post(`/api/communities/${id}/requests`, {});
    const owner = await signedIn(t, w.creator.id);
    await owner.post(`/api/communities/${id}/requests/${w.partnerTeacher.id}/approve`, {});
    expect((await member.get(`/api/communities/${id}/members`)).statusCode).toBe(200);

    const listener = new pg.Client({ connectionString: t.databaseUrl });
    await listener.connect();
    const signals: Array<{ topic: string; type: string }> = [];
    listener.on('notification', (n) => signals.push(JSON.parse(n.payload ?? '{}')));
    await listener.query('listen trellis_events');
    try {
      const removed = await owner.request({
        method: 'DELETE',
        url: `/api/communities/${id}/members/${w.partnerTeacher.id}`,
        payload: { message: 'Please keep posts respectful.' },
      });
      expect(removed.statusCode).toBe(200);
      expect(removed.json().data.status).toBe('removed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await listener.end();
    }
    expect(signals).toContainEqual({ topic: `user:${w.partnerTeacher.id}`, type: 'access', id });
    expect(signals).toContainEqual({ topic: `community:${id}`, type: 'members', id });

    expect((await member.get(`/api/communities/${id}/members`)).statusCode).toBe(404);
    const view = (await member.get(`/api/communities/${id}`)).json().data;
    expect(view).toMatchObject({
      membership: { status: 'removed' },
      permissions: { canRead: false, canParticipate: false, canJoin: false, canRequest: false },
    });
    expect((await member.post(`/api/communities/${id}/requests`, {})).statusCode).toBe(403);
    expect(await memberCount(t, id)).toBe(1);
    expect(await notificationsOf(w.partnerTeacher.id)).toContainEqual(
      expect.objectContaining({
        kind: 'removed',
        data: { communityName: 'Grade 5 Math Across the Plains', message: 'Please keep posts respectful.' },
      }),
    );
    const { rows } = await t.database.db.execute<{ action: string; actor_id: string }>(
      sql`select action, actor_id from audit_events where target_id = ${w.partnerTeacher.id}
           and action = 'community.member_removed'`,
    );
    expect(rows).toEqual([{ action: 'community.member_removed', actor_id: w.creator.id }]);
    // Removing them again finds no member.
    expect(
      (
        await owner.request({
          method: 'DELETE',
          url: `/api/communities/${id}/members/${w.partnerTeacher.id}`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('never removes the last facilitator', async () => {
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const owner = await signedIn(t, w.creator.id);
    const response = await owner.request({
      method: 'DELETE',
      url: `/api/communities/${id}/members/${w.creator.id}`,
    });
    expect(response.statusCode).toBe(409);
    expect(await memberRow(t, id, w.creator.id)).toEqual({ status: 'active', role: 'facilitator' });
  });

  it('pages the member list, facilitators first, then by name', async () => {
    const db = t.database.db;
    const w = await buildWorld(t);
    const id = await createVia(t, w.creator.id, communityBody(w.home.id, { joinPolicy: 'open' }));
    const names = ['Zed Ames', 'Amy Bloom', 'Lou Carter'];
    for (const name of names) {
      const person = await buildUser(db, { districtId: w.home.id, name });
      await (await signedIn(t, person.id)).post(`/api/communities/${id}/join`);
    }
    const me = await signedIn(t, w.colleague.id);
    const first = (await me.get(`/api/communities/${id}/members?limit=2`)).json();
    expect(first.data.map((m: { name: string }) => m.name)).toEqual([w.creator.name, 'Amy Bloom']);
    const second = (await me.get(`/api/communities/${id}/members?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((m: { name: string }) => m.name)).toEqual(['Lou Carter', 'Zed Ames']);
    expect(second.nextCursor).toBeNull();
  });
});
