import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildCommunity, setMember } from '#server/test/community-builders.ts';
import { buildFramework, buildMicroCredential, issueAwards } from '#server/test/credential-builders.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';
const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Two districts of a network and one outside it. North: Ada administers, Pat is principal of Elm
 * school, Tia and Nell teach at Elm. South: Sam administers, Cole teaches. Far: Olaf administers.
 * North issues a published credential and a framework's competency.
 */
async function buildWorld() {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const far = await buildDistrict(db);
  const network = await buildNetwork(db, [north.id, south.id]);
  const elm = await buildSchool(db, north.id, { name: `Elm ${uniqueWord()}` });
  const oak = await buildSchool(db, north.id, { name: `Oak ${uniqueWord()}` });
  const ada = await buildUser(db, {
    districtId: north.id,
    role: 'district_admin',
    name: `Ada ${uniqueWord()}`,
  });
  const pat = await buildUser(db, {
    districtId: north.id,
    role: 'principal',
    schoolId: elm.id,
    name: `Pat ${uniqueWord()}`,
  });
  const tia = await buildUser(db, { districtId: north.id, schoolId: elm.id, name: `Tia ${uniqueWord()}` });
  const nell = await buildUser(db, { districtId: north.id, schoolId: elm.id, name: `Nell ${uniqueWord()}` });
  const sam = await buildUser(db, {
    districtId: south.id,
    role: 'district_admin',
    name: `Sam ${uniqueWord()}`,
  });
  const cole = await buildUser(db, { districtId: south.id, name: `Cole ${uniqueWord()}` });
  const olaf = await buildUser(db, {
    districtId: far.id,
    role: 'district_admin',
    name: `Olaf ${uniqueWord()}`,
  });
  const { competencies } = await buildFramework(db, {
    ownerOrgId: north.id,
    competencies: [{ code: 'TL.1', statement: 'Leads professional learning' }],
  });
  const { credential } = await buildMicroCredential(db, {
    issuerOrgId: north.id,
    createdBy: ada.id,
    title: 'Coaching foundations',
    competencyIds: competencies.map((c) => c.id),
  });
  return {
    north,
    south,
    far,
    network,
    elm,
    oak,
    ada,
    pat,
    tia,
    nell,
    sam,
    cole,
    olaf,
    competency: competencies[0],
    credential,
    as: {
      ada: await signedIn(t, ada.id),
      pat: await signedIn(t, pat.id),
      tia: await signedIn(t, tia.id),
      nell: await signedIn(t, nell.id),
      sam: await signedIn(t, sam.id),
      cole: await signedIn(t, cole.id),
      olaf: await signedIn(t, olaf.id),
    },
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

async function logLearning(
  userId: string,
  districtId: string,
  e: {
    minutes: number;
    daysAgo: number;
    kind?: string;
    competencyIds?: string[];
    status?: 'draft' | 'logged';
  },
) {
  await t.database.db.execute(sql`
    insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes, competency_ids, status)
    values (${uuidv7()}, ${userId}, ${districtId}, 'self', ${e.kind ?? 'workshop'}, 'Session',
            now() - make_interval(days => ${e.daysAgo}), ${e.minutes}, ${sql.param(e.competencyIds ?? [])}::uuid[],
            ${e.status ?? 'logged'})`);
}

/** A three-step ladder of north: teacher leader (a credential, 10 hours of TL.1 in 12 months), mentor (3 years, an interview), master teacher. */
async function defineLadder(w: World) {
  const res = await w.as.ada.post('/api/pathways/ladders', {
    ownerOrgId: w.north.id,
    title: 'Teacher leadership',
    roles: [
      {
        title: 'Teacher leader',
        stipendCents: 150000,
        termMonths: 12,
        payCode: 'TL100',
        requirements: [
          { kind: 'credential', credentialId: w.credential.id },
          { kind: 'learning_hours', hours: 10, competencyId: w.competency.id, windowMonths: 12 },
        ],
      },
      {
        title: 'Mentor',
        releaseTime: '2 periods a week',
        requirements: [
          { kind: 'experience', years: 3 },
          { kind: 'manual', label: 'Interview with the mentoring coordinator' },
          { kind: 'role_held', roleKind: 'pathway_role' },
        ],
      },
      { title: 'Master teacher', requirements: [{ kind: 'role_held', roleKind: 'community_facilitator' }] },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string; roles: { id: string; requirements: { id: string }[] }[] };
}

async function myLadder(as: World['as']['tia'], ladderId: string) {
  const res = await as.get(`/api/pathways/ladders/${ladderId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as {
    roles: {
      title: string;
      met: boolean;
      held: boolean;
      requirements: { kind: string; standing: string; missing: string; label: string; link: string | null }[];
    }[];
    nextStep: { text: string; link: string | null } | null;
  };
}

describe('career ladders', () => {
  it('asks for sign-in', async () => {
    expect((await agent(t).get('/api/pathways')).statusCode).toBe(401);
    expect(
      (
        await agent(t).post('/api/pathways/ladders', {
          ownerOrgId: MISSING,
          title: 'L',
          roles: [{ title: 'R' }],
        })
      ).statusCode,
    ).toBe(401);
    expect((await agent(t).get('/api/opportunities')).statusCode).toBe(401);
  });

  it('lets a district administrator define a three-step ladder and shows each teacher where she stands', async () => {
    const w = await buildWorld();
    const ladder = await defineLadder(w);
    const mine = await myLadder(w.as.tia, ladder.id);
    expect(mine.roles.map((r) => r.title)).toEqual(['Teacher leader', 'Mentor', 'Master teacher']);
    expect(mine.roles[0].requirements.map((r) => [r.kind, r.standing])).toEqual([
      ['credential', 'not_started'],
      ['learning_hours', 'not_started'],
    ]);
    expect(mine.roles[0].requirements[0].link).toBe(`/micro-credentials/${w.credential.id}`);
    expect(mine.nextStep?.link).toBe(`/micro-credentials/${w.credential.id}`);
    // A teacher of the network's other district does not see a district's ladder; another district's admin cannot reach it.
    expect((await w.as.cole.get(`/api/pathways/ladders/${ladder.id}`)).statusCode).toBe(404);
    const page = await w.as.tia.get('/api/pathways');
    expect(page.json().data.ladders.map((l: { id: string }) => l.id)).toContain(ladder.id);
    expect(page.json().abilities.defineLadders).toBe(false);
  });

  it('refuses a teacher, another tenant and bad requirements, naming the field and changing nothing', async () => {
    const w = await buildWorld();
    const body = { ownerOrgId: w.north.id, title: 'Ladder', roles: [{ title: 'Lead' }] };
    expect((await w.as.tia.post('/api/pathways/ladders', body)).statusCode).toBe(403);
    const far = await w.as.olaf.post('/api/pathways/ladders', body);
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0].path).toBe('/body/ownerOrgId');
    const bad = await w.as.ada.post('/api/pathways/ladders', {
      ...body,
      roles: [{ title: 'Lead', requirements: [{ kind: 'credential', credentialId: MISSING }] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/roles/0/requirements/0/credentialId');
    const first = await w.as.ada.post('/api/pathways/ladders', {
      ...body,
      roles: [{ title: 'Lead', requirements: [{ kind: 'role_held', roleKind: 'pathway_role' }] }],
    });
    expect(first.json().errors[0].path).toBe('/body/roles/0/requirements/0/heldRoleId');
    const hours = await w.as.ada.post('/api/pathways/ladders', {
      ...body,
      roles: [{ title: 'Lead', requirements: [{ kind: 'learning_hours', hours: -1 }] }],
    });
    expect(hours.statusCode).toBe(400);
    const { rows } = await t.database.db.execute(
      sql`select 1 from pathway_ladders where owner_org_id = ${w.north.id}`,
    );
    expect(rows).toHaveLength(0);
  });

  it('lets a network administrator define a ladder open to every district of the network', async () => {
    const w = await buildWorld();
    await t.database.db.execute(sql`
      insert into memberships (user_id, organization_id, role) values (${w.sam.id}, ${w.network.id}, 'network_admin')`);
    const sam = await signedIn(t, w.sam.id);
    const res = await sam.post('/api/pathways/ladders', {
      ownerOrgId: w.network.id,
      title: 'Network fellows',
      roles: [{ title: 'Fellow' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().data.id;
    expect((await w.as.tia.get(`/api/pathways/ladders/${id}`)).statusCode).toBe(200);
    expect((await w.as.cole.get(`/api/pathways/ladders/${id}`)).statusCode).toBe(200);
    expect((await w.as.olaf.get(`/api/pathways/ladders/${id}`)).statusCode).toBe(404);
    // A role with no requirements is met, and the next step is to take it on.
    const ladder = await myLadder(w.as.cole, id);
    expect(ladder.roles[0].met).toBe(true);
    expect(ladder.nextStep?.link).toBe('/opportunities');
  });
});

describe('requirement evaluation', () => {
  it('counts a current credential, not an expired or revoked one, and shows a submission under way', async () => {
    const w = await buildWorld();
    const ladder = await defineLadder(w);
    const db = t.database.db;
    await db.execute(sql`
      insert into submissions (id, credential_id, version, owner_id, status) values (${uuidv7()}, ${w.credential.id}, 1, ${w.nell.id}, 'submitted')`);
    expect((await myLadder(w.as.nell, ladder.id)).roles[0].requirements[0]).toMatchObject({
      standing: 'in_progress',
    });
    await issueAwards(t, w.credential.id, [w.tia.id]);
    expect((await myLadder(w.as.tia, ladder.id)).roles[0].requirements[0].standing).toBe('met');
    await db.execute(
      sql`update awards set expires_at = now() - interval '1 day' where recipient_id = ${w.tia.id}`,
    );
    const expired = (await myLadder(w.as.tia, ladder.id)).roles[0].requirements[0];
    expect(expired.standing).toBe('in_progress');
    expect(expired.missing).toMatch(/expired/);
    await db.execute(
      sql`update awards set expires_at = null, revoked_at = now() where recipient_id = ${w.tia.id}`,
    );
    expect((await myLadder(w.as.tia, ladder.id)).roles[0].requirements[0].standing).toBe('not_started');
  });

  it('counts logged hours of the competency within the window only, never drafts or other competencies', async () => {
    const w = await buildWorld();
    const ladder = await defineLadder(w);
    await logLearning(w.tia.id, w.north.id, { minutes: 240, daysAgo: 10, competencyIds: [w.competency.id] });
    await logLearning(w.tia.id, w.north.id, { minutes: 600, daysAgo: 400, competencyIds: [w.competency.id] });
    await logLearning(w.tia.id, w.north.id, { minutes: 600, daysAgo: 5 });
    await logLearning(w.tia.id, w.north.id, {
      minutes: 600,
      daysAgo: 5,
      competencyIds: [w.competency.id],
      status: 'draft',
    });
    const hours = (await myLadder(w.as.tia, ladder.id)).roles[0].requirements[1];
    expect(hours).toMatchObject({ standing: 'in_progress', missing: '6 more hours' });
    await logLearning(w.tia.id, w.north.id, { minutes: 360, daysAgo: 1, competencyIds: [w.competency.id] });
    expect((await myLadder(w.as.tia, ladder.id)).roles[0].requirements[1].standing).toBe('met');
  });

  it('takes years of experience and interviews only from an administrator, and counts the step held before', async () => {
    const w = await buildWorld();
    const ladder = await defineLadder(w);
    const mentor = ladder.roles[1];
    let mine = (await myLadder(w.as.tia, ladder.id)).roles[1].requirements;
    expect(mine.map((r) => r.standing)).toEqual(['not_started', 'not_started', 'not_started']);
    // The teacher cannot type her own years or confirm her own interview.
    expect(
      (await w.as.tia.put(`/api/pathways/people/${w.tia.id}/experience`, { years: 9, asOf: today() }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await w.as.tia.put(
          `/api/pathways/requirements/${mentor.requirements[1].id}/confirmations/${w.tia.id}`,
          {},
        )
      ).statusCode,
    ).toBe(403);
    // Another district's administrator is told the person does not exist.
    expect(
      (await w.as.olaf.put(`/api/pathways/people/${w.tia.id}/experience`, { years: 9, asOf: today() }))
        .statusCode,
    ).toBe(404);
    const future = await w.as.ada.put(`/api/pathways/people/${w.tia.id}/experience`, {
      years: 9,
      asOf: daysFromNow(3),
    });
    expect(future.json().errors[0].path).toBe('/body/asOf');
    expect(
      (
        await w.as.ada.put(`/api/pathways/people/${w.tia.id}/experience`, {
          years: 2,
          asOf: daysFromNow(-400),
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await w.as.ada.put(
          `/api/pathways/requirements/${mentor.requirements[1].id}/confirmations/${w.tia.id}`,
          { note: 'Strong interview' },
        )
      ).statusCode,
    ).toBe(204);
    // Only a manual requirement is confirmed by hand.
    expect(
      (
        await w.as.ada.put(
          `/api/pathways/requirements/${mentor.requirements[0].id}/confirmations/${w.tia.id}`,
          {},
        )
      ).statusCode,
    ).toBe(404);
    const hold = await w.as.ada.post(`/api/pathways/roles/${ladder.roles[0].id}/holders`, {
      userId: w.tia.id,
      startsOn: daysFromNow(-30),
      endsOn: daysFromNow(300),
    });
    expect(hold.statusCode, hold.body).toBe(201);
    mine = (await myLadder(w.as.tia, ladder.id)).roles[1].requirements;
    expect(mine.map((r) => r.standing)).toEqual(['met', 'met', 'met']);
    // The administrator sees the person's standing; a colleague does not.
    expect((await w.as.ada.get(`/api/pathways/people/${w.tia.id}`)).statusCode).toBe(200);
    expect((await w.as.nell.get(`/api/pathways/people/${w.tia.id}`)).statusCode).toBe(404);
    expect(
      (
        await w.as.ada.delete(
          `/api/pathways/requirements/${mentor.requirements[1].id}/confirmations/${w.tia.id}`,
        )
      ).statusCode,
    ).toBe(204);
    expect((await myLadder(w.as.tia, ladder.id)).roles[1].requirements[1].standing).toBe('not_started');
  });

  it('counts communities facilitated as roles held', async () => {
    const w = await buildWorld();
    const ladder = await defineLadder(w);
    expect((await myLadder(w.as.tia, ladder.id)).roles[2].requirements[0].standing).toBe('not_started');
    const community = await buildCommunity(t.database.db, { districtId: w.north.id, createdBy: w.ada.id });
    await setMember(t.database.db, community.id, w.tia.id, 'active', { role: 'facilitator' });
    expect((await myLadder(w.as.tia, ladder.id)).roles[2].requirements[0].standing).toBe('met');
  });
});

async function postOpportunity(w: World, as = w.as.pat, overrides: Record<string, unknown> = {}) {
  const res = await as.post('/api/opportunities', {
    schoolId: w.elm.id,
    kind: 'mentor',
    title: 'Mentor a new science teacher',
    timeCommitment: 'One hour a week',
    stipendCents: 120000,
    payCode: 'MENT1',
    startsOn: daysFromNow(-10),
    endsOn: daysFromNow(355),
    closesOn: daysFromNow(14),
    requirements: [{ kind: 'credential', credentialId: w.credential.id }],
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string; eligible: boolean };
}

describe('leadership opportunities', () => {
  it('tells the staff who meet the requirements, once, and no one else', async () => {
    const w = await buildWorld();
    await issueAwards(t, w.credential.id, [w.tia.id]);
    const o = await postOpportunity(w);
    await t.app.jobs.drain({ names: ['pathways.notify-eligible'] });
    const { rows } = await t.database.db.execute<{ user_id: string }>(sql`
      select user_id from notifications where kind = 'leadership_opportunity' and data->>'opportunityId' = ${o.id}`);
    expect(rows.map((r) => r.user_id)).toEqual([w.tia.id]);
    // Nell earns the credential later: the nightly run tells her, and Tia not again.
    await issueAwards(t, w.credential.id, [w.nell.id]);
    await t.app.jobs.drain({ names: ['pathways.notify-eligible'] });
    const { notifyNewlyEligibleJob } = await import('./jobs.ts');
    await notifyNewlyEligibleJob.work(
      {
        id: 'x',
        name: notifyNewlyEligibleJob.name,
        data: { districtId: null },
        attempt: 1,
        lastAttempt: true,
      },
      t.app,
    );
    const { rows: after } = await t.database.db.execute<{ user_id: string }>(sql`
      select user_id from notifications where kind = 'leadership_opportunity' and data->>'opportunityId' = ${o.id}`);
    expect(after.map((r) => r.user_id).sort()).toEqual([w.tia.id, w.nell.id].sort());
  });

  it('is closed early and reopened by whoever posted it or a district administrator, and refuses applications while closed', async () => {
    const w = await buildWorld();
    await issueAwards(t, w.credential.id, [w.tia.id]);
    const o = await postOpportunity(w);
    const put = (as: typeof w.as.pat, status: string) =>
      as.put(`/api/opportunities/${o.id}/status`, { status });
    expect((await w.as.pat.get(`/api/opportunities/${o.id}`)).json().data.abilities.close).toBe(true);
    expect((await w.as.tia.get(`/api/opportunities/${o.id}`)).json().data.abilities.close).toBe(false);
    // A teacher may not close it; another district does not see it; a made-up status names the field.
    expect((await put(w.as.tia, 'closed')).statusCode).toBe(403);
    expect((await put(w.as.sam, 'closed')).statusCode).toBe(404);
    const bad = await put(w.as.pat, 'paused');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/status');
    const closed = await put(w.as.pat, 'closed');
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().data).toMatchObject({ status: 'closed', open: false });
    const refused = await w.as.tia.post(`/api/opportunities/${o.id}/applications`, {
      statement: 'I would love to',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/closed early/);
    expect((await w.as.tia.get(`/api/opportunities/${o.id}`)).json().data.abilities.apply).toBe(false);
    // A district administrator reopens it, and Tia applies.
    const reopened = await put(w.as.ada, 'open');
    expect(reopened.json().data).toMatchObject({ status: 'open', open: true });
    const applied = await w.as.tia.post(`/api/opportunities/${o.id}/applications`, {
      statement: 'I would love to',
    });
    expect(applied.statusCode, applied.body).toBe(201);
    // Once its closing date has passed it is not reopened.
    await put(w.as.ada, 'closed');
    await t.database.db.execute(
      sql`update pathway_opportunities set closes_on = current_date - 1 where id = ${o.id}`,
    );
    const late = await put(w.as.pat, 'open');
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0].path).toBe('/body/status');
    const { rows } = await t.database.db.execute<{ status: string }>(
      sql`select status from pathway_opportunities where id = ${o.id}`,
    );
    expect(rows[0].status).toBe('closed');
  });

  it('lets a principal post for their own school only, and refuses a teacher and bad dates', async () => {
    const w = await buildWorld();
    const oak = await w.as.pat.post('/api/opportunities', {
      schoolId: w.oak.id,
      kind: 'lead_plc',
      title: 'Lead the grade 5 PLC',
      startsOn: today(),
      endsOn: daysFromNow(100),
      closesOn: daysFromNow(10),
    });
    expect(oak.statusCode).toBe(403);
    const teacher = await w.as.tia.post('/api/opportunities', {
      kind: 'lead_plc',
      title: 'Lead',
      startsOn: today(),
      endsOn: daysFromNow(100),
      closesOn: daysFromNow(10),
    });
    expect(teacher.statusCode).toBe(403);
    const dates = await w.as.ada.post('/api/opportunities', {
      kind: 'lead_plc',
      title: 'Lead',
      startsOn: today(),
      endsOn: daysFromNow(-1),
      closesOn: daysFromNow(10),
    });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().errors[0].path).toBe('/body/endsOn');
    const otherSchool = await w.as.ada.post('/api/opportunities', {
      schoolId: MISSING,
      kind: 'lead_plc',
      title: 'Lead',
      startsOn: today(),
      endsOn: daysFromNow(10),
      closesOn: daysFromNow(10),
    });
    expect(otherSchool.json().errors[0].path).toBe('/body/schoolId');
    const { rows } = await t.database.db.execute(
      sql`select 1 from pathway_opportunities where district_id = ${w.north.id}`,
    );
    expect(rows).toHaveLength(0);
  });

  it('takes applications from those who meet the requirements and shows reviewers only what the applicant shared', async () => {
    const w = await buildWorld();
    const o = await postOpportunity(w);
    // Nell does not hold the credential: she sees why, and may not apply.
    const nellView = (await w.as.nell.get(`/api/opportunities/${o.id}`)).json().data;
    expect(nellView).toMatchObject({ eligible: false, abilities: { apply: false, review: false } });
    const refused = await w.as.nell.post(`/api/opportunities/${o.id}/applications`, {
      statement: 'I would love to',
    });
    expect(refused.statusCode).toBe(409);
    // Another district's people do not see it.
    expect((await w.as.cole.get(`/api/opportunities/${o.id}`)).statusCode).toBe(404);
    expect(
      (await w.as.cole.post(`/api/opportunities/${o.id}/applications`, { statement: 'Hi' })).statusCode,
    ).toBe(404);
    expect(
      (await w.as.tia.post(`/api/opportunities/${o.id}/applications`, { statement: '' })).statusCode,
    ).toBe(400);

    await issueAwards(t, w.credential.id, [w.tia.id, w.nell.id]);
    const tia = await w.as.tia.post(`/api/opportunities/${o.id}/applications`, {
      statement: 'I mentored before',
      shareStanding: true,
    });
    expect(tia.statusCode, tia.body).toBe(201);
    const nell = await w.as.nell.post(`/api/opportunities/${o.id}/applications`, {
      statement: 'Happy to help',
    });
    expect(nell.statusCode).toBe(201);
    expect(
      (await w.as.tia.post(`/api/opportunities/${o.id}/applications`, { statement: 'Again' })).statusCode,
    ).toBe(409);
    const { rows } = await t.database.db.execute(sql`
      select 1 from notifications where user_id = ${w.pat.id} and kind = 'leadership_application'`);
    expect(rows).toHaveLength(2);

    // A colleague may not read applications; the principal reads both, with standing only where shared.
    expect((await w.as.nell.get(`/api/opportunities/${o.id}/applications`)).statusCode).toBe(403);
    expect((await w.as.nell.get(`/api/leadership-applications/${tia.json().data.id}`)).statusCode).toBe(404);
    const list = (await w.as.pat.get(`/api/opportunities/${o.id}/applications`)).json().data;
    const byName = Object.fromEntries(list.map((a: { applicantId: string }) => [a.applicantId, a]));
    expect(byName[w.tia.id].standing).toHaveLength(1);
    expect(byName[w.nell.id].standing).toBeNull();
    expect((await w.as.ada.get(`/api/opportunities/${o.id}/applications`)).statusCode).toBe(200);
  });

  it('shortlists, accepts into a role that counts toward requirements and shows who leads what across the network', async () => {
    const w = await buildWorld();
    const ladder = await defineLadder(w);
    await issueAwards(t, w.credential.id, [w.tia.id]);
    const o = await postOpportunity(w, w.as.pat, { roleId: ladder.roles[0].id, requirements: [] });
    // The role's own requirements count too: Tia lacks the hours.
    const before = (await w.as.tia.get(`/api/opportunities/${o.id}`)).json().data;
    expect(before.requirements).toHaveLength(2);
    expect(before.eligible).toBe(false);
    await logLearning(w.tia.id, w.north.id, { minutes: 600, daysAgo: 2, competencyIds: [w.competency.id] });
    const applied = await w.as.tia.post(`/api/opportunities/${o.id}/applications`, { statement: 'Ready' });
    expect(applied.statusCode, applied.body).toBe(201);
    const id = applied.json().data.id;
    expect(
      (await w.as.tia.post(`/api/leadership-applications/${id}/decision`, { status: 'accepted' })).statusCode,
    ).toBe(403);
    expect(
      (await w.as.pat.post(`/api/leadership-applications/${id}/decision`, { status: 'maybe' })).statusCode,
    ).toBe(400);
    expect(
      (await w.as.pat.post(`/api/leadership-applications/${id}/decision`, { status: 'shortlisted' })).json()
        .data.status,
    ).toBe('shortlisted');
    const accepted = await w.as.pat.post(`/api/leadership-applications/${id}/decision`, {
      status: 'accepted',
    });
    expect(accepted.json().data.status).toBe('accepted');
    expect(
      (await w.as.pat.post(`/api/leadership-applications/${id}/decision`, { status: 'declined' })).statusCode,
    ).toBe(409);
    const { rows } = await t.database.db.execute<{ data: Record<string, string> }>(sql`
      select data from notifications where user_id = ${w.tia.id} and kind = 'leadership_decision' order by created_at`);
    expect(rows.map((r) => r.data.status)).toEqual(['shortlisted', 'accepted']);

    const mine = (await w.as.tia.get('/api/pathways')).json().data;
    expect(mine.holdings.map((h: { title: string }) => h.title)).toEqual(['Mentor a new science teacher']);
    expect(mine.ladders.find((l: { id: string }) => l.id === ladder.id).roles[0].held).toBe(true);
    // Holding the first step meets the second step's "held the step before".
    expect((await myLadder(w.as.tia, ladder.id)).roles[1].requirements[2].standing).toBe('met');
    // Shared leadership: a teacher of the network's other district sees it; a district outside does not.
    const leaders = (await w.as.cole.get('/api/pathways/leaders')).json().data;
    expect(leaders.map((h: { userId: string }) => h.userId)).toContain(w.tia.id);
    expect(
      (await w.as.olaf.get('/api/pathways/leaders')).json().data.map((h: { userId: string }) => h.userId),
    ).not.toContain(w.tia.id);
    // On her profile, for the same people.
    expect((await w.as.cole.get(`/api/pathways/people/${w.tia.id}/roles`)).json().data).toHaveLength(1);
    expect((await w.as.olaf.get(`/api/pathways/people/${w.tia.id}/roles`)).json().data).toHaveLength(0);
  });

  it('lets an applicant withdraw while undecided', async () => {
    const w = await buildWorld();
    await issueAwards(t, w.credential.id, [w.tia.id]);
    const o = await postOpportunity(w);
    const id = (await w.as.tia.post(`/api/opportunities/${o.id}/applications`, { statement: 'Yes' })).json()
      .data.id;
    expect((await w.as.nell.post(`/api/leadership-applications/${id}/withdraw`)).statusCode).toBe(404);
    expect((await w.as.tia.post(`/api/leadership-applications/${id}/withdraw`)).json().data.status).toBe(
      'withdrawn',
    );
    expect((await w.as.pat.get(`/api/opportunities/${o.id}/applications`)).json().data).toHaveLength(0);
  });

  it('lists open opportunities of the district with eligibility', async () => {
    const w = await buildWorld();
    const o = await postOpportunity(w);
    const res = await w.as.nell.get('/api/opportunities');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((x: { id: string }) => x.id)).toContain(o.id);
    expect(res.json().abilities.post).toBe(false);
    expect(
      (await w.as.cole.get('/api/opportunities')).json().data.map((x: { id: string }) => x.id),
    ).not.toContain(o.id);
  });
});

/** An active mentorship of Cole (south) mentoring Tia (north), north paying, with meetings of the given minutes on the given days. */
async function buildMentorship(
  w: World,
  meetings: Array<{ on: string; minutes: number }>,
  mentor: { id: string; districtId: string } = { id: w.cole.id, districtId: w.south.id },
) {
  const db = t.database.db;
  const requestId = uuidv7();
  const id = uuidv7();
  await db.execute(sql`
    insert into mentoring_requests (id, mentee_id, district_id, subject, grade_band, meeting_mode, status)
    values (${requestId}, ${w.tia.id}, ${w.north.id}, 'Science', '6-8', 'online', 'matched')`);
  await db.execute(sql`
    insert into mentorships (id, request_id, mentee_id, mentor_id, mentee_district_id, mentor_district_id, status, approved_at)
    values (${id}, ${requestId}, ${w.tia.id}, ${mentor.id}, ${w.north.id}, ${mentor.districtId}, 'active', now())`);
  for (const m of meetings)
    await db.execute(sql`
      insert into mentorship_meetings (id, mentorship_id, held_on, minutes) values (${uuidv7()}, ${id}, ${m.on}, ${m.minutes})`);
  return id;
}

describe('roles held from other features', () => {
  it('counts lesson studies led, mentorships as mentor and any leadership role', async () => {
    const w = await buildWorld();
    const db = t.database.db;
    const res = await w.as.ada.post('/api/pathways/ladders', {
      ownerOrgId: w.north.id,
      title: 'Roles',
      roles: [
        {
          title: 'Lead',
          requirements: [
            { kind: 'role_held', roleKind: 'lesson_study_lead' },
            { kind: 'role_held', roleKind: 'mentor' },
            { kind: 'role_held', roleKind: 'leadership_role', count: 2 },
          ],
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const ladderId = res.json().data.id;
    const standings = async (as: World['as']['tia']) =>
      (await myLadder(as, ladderId)).roles[0].requirements.map((r) => r.standing);
    expect(await standings(w.as.tia)).toEqual(['not_started', 'not_started', 'not_started']);

    const community = await buildCommunity(db, { districtId: w.north.id, createdBy: w.ada.id });
    const cycleId = uuidv7();
    await db.execute(sql`
      insert into inquiry_cycles (id, kind, title, community_id, district_id, facilitator_id, template_base, current_phase,
                                  starts_on, ends_on, created_by)
      values (${cycleId}, 'lesson_study', 'Fractions', ${community.id}, ${w.north.id}, ${w.tia.id}, 'classic_lesson_study',
              'study', current_date, current_date + 60, ${w.tia.id})`);
    await db.execute(sql`
      insert into inquiry_cycle_members (cycle_id, user_id, role) values (${cycleId}, ${w.tia.id}, 'facilitator')`);
    await w.as.ada.post(`/api/pathways/roles/${res.json().data.roles[0].id}/holders`, {
      userId: w.tia.id,
      startsOn: daysFromNow(-10),
      endsOn: daysFromNow(10),
    });
    expect(await standings(w.as.tia)).toEqual(['met', 'not_started', 'in_progress']);

    // Nell mentors Tia: the mentorship counts for Nell, the mentor, not for Tia.
    await buildMentorship(w, [], { id: w.nell.id, districtId: w.north.id });
    expect(await standings(w.as.nell)).toEqual(['not_started', 'met', 'not_started']);
    expect(await standings(w.as.tia)).toEqual(['met', 'not_started', 'in_progress']);
  });
});

describe('completing a role and stipends', () => {
  it('recognises a completed role with its credential, awarded by its issuer', async () => {
    const w = await buildWorld();
    const res = await w.as.ada.post('/api/pathways/ladders', {
      ownerOrgId: w.north.id,
      title: 'Recognised',
      roles: [{ title: 'PLC lead', credentialId: w.credential.id }],
    });
    const roleId = res.json().data.roles[0].id;
    const held = await w.as.ada.post(`/api/pathways/roles/${roleId}/holders`, {
      userId: w.nell.id,
      startsOn: daysFromNow(-100),
      endsOn: daysFromNow(-1),
    });
    const holdingId = held.json().data.id;
    expect(
      (await w.as.olaf.post(`/api/pathways/holdings/${holdingId}/complete`, { recognise: true })).statusCode,
    ).toBe(404);
    expect(
      (await w.as.nell.post(`/api/pathways/holdings/${holdingId}/complete`, { recognise: true })).statusCode,
    ).toBe(403);
    expect(
      (await w.as.pat.post(`/api/pathways/holdings/${holdingId}/complete`, { recognise: true })).statusCode,
    ).toBe(403);
    const done = await w.as.ada.post(`/api/pathways/holdings/${holdingId}/complete`, { recognise: true });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().data.awardJobId).toBeTruthy();
    await t.app.jobs.drain();
    const { rows } = await t.database.db.execute(sql`
      select 1 from awards where recipient_id = ${w.nell.id} and credential_id = ${w.credential.id} and revoked_at is null`);
    expect(rows).toHaveLength(1);
    expect((await w.as.ada.post(`/api/pathways/holdings/${holdingId}/complete`, {})).statusCode).toBe(409);
  });

  it('exports the stipends of a period as CSV with the staff identifier and pay codes', async () => {
    const w = await buildWorld();
    const db = t.database.db;
    await db.execute(sql`update users set sourced_id = 'T-0042' where id = ${w.tia.id}`);
    const res = await w.as.ada.post('/api/pathways/ladders', {
      ownerOrgId: w.north.id,
      title: 'Paid',
      roles: [{ title: 'Instructional coach', stipendCents: 36500, payCode: '' }],
    });
    const roleId = res.json().data.roles[0].id;
    await w.as.ada.post(`/api/pathways/roles/${roleId}/holders`, {
      userId: w.tia.id,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    expect(
      (
        await w.as.tia.put(`/api/districts/${w.north.id}/pathway-pay`, {
          rolePayCode: 'X',
          mentoringPayCode: 'Y',
          mentoringHourlyCents: 1,
        })
      ).statusCode,
    ).toBe(403);
    const pay = await w.as.ada.put(`/api/districts/${w.north.id}/pathway-pay`, {
      rolePayCode: 'STIP-LEAD',
      mentoringPayCode: 'STIP-MENT',
      mentoringHourlyCents: 3500,
    });
    expect(pay.json().data.rolePayCode).toBe('STIP-LEAD');
    const csv = await w.as.ada.get(`/api/districts/${w.north.id}/stipends.csv?from=2026-01-01&to=2026-01-31`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('staff_id,name,email,pay_code,kind,description,quantity,amount');
    expect(lines[1]).toContain('T-0042');
    expect(lines[1]).toContain('STIP-LEAD');
    expect(lines[1]).toContain('31/365 days');
    expect(lines[1].endsWith(',31.00')).toBe(true);
    expect(
      (await w.as.tia.get(`/api/districts/${w.north.id}/stipends.csv?from=2026-01-01&to=2026-01-31`))
        .statusCode,
    ).toBe(403);
    expect(
      (await w.as.olaf.get(`/api/districts/${w.north.id}/stipends.csv?from=2026-01-01&to=2026-01-31`))
        .statusCode,
    ).toBe(404);
    // Mentoring north pays for: Cole's minutes as mentor in the period, at north's rate, with south's staff id for him.
    await db.execute(sql`update users set sourced_id = 'S-7' where id = ${w.cole.id}`);
    await buildMentorship(w, [
      { on: '2026-01-10', minutes: 60 },
      { on: '2026-01-24', minutes: 30 },
      { on: '2026-02-03', minutes: 45 },
    ]);
    const withMentoring = await w.as.ada.get(
      `/api/districts/${w.north.id}/stipends.csv?from=2026-01-01&to=2026-01-31`,
    );
    const mentoringLine = withMentoring.body
      .trim()
      .split('\r\n')
      .find((l) => l.includes(',mentoring,'));
    expect(mentoringLine).toBe(
      `S-7,${w.cole.name},${w.cole.email},STIP-MENT,mentoring,Mentoring hours,1.5 hours,52.50`,
    );
    const bad = await w.as.ada.get(`/api/districts/${w.north.id}/stipends.csv?from=2026-02-01&to=2026-01-01`);
    expect(bad.statusCode).toBe(400);
  });
});
