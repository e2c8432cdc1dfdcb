import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { memberships } from '#server/db/schema.ts';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';
import {
  buildFramework,
  buildMicroCredential,
  buildSubmission,
  TEST_PROMPTS,
  TEST_RUBRIC,
} from '#server/test/credential-builders.ts';
import { multipart } from '#server/test/multipart.ts';
import { achievementImageUrl } from '../issuing/open-badge.ts';

const t = setupTestApp();

/**
 * Two districts in a network (home and partner) and one outside; each district has an admin and a
 * teacher, the network an admin from the partner district, and home and outside each a framework.
 */
async function buildWorld() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const admin = await buildUser(db, { districtId: home.id, role: 'district_admin', name: 'Home Admin' });
  const teacher = await buildUser(db, { districtId: home.id, name: 'Home Teacher' });
  const assessor = await buildUser(db, { districtId: home.id, name: 'Ada Assessor' });
  const lead = await buildUser(db, { districtId: home.id, name: 'Lee Lead' });
  const gone = await buildUser(db, { districtId: home.id, status: 'deactivated' });
  const partnerAdmin = await buildUser(db, { districtId: partner.id, role: 'district_admin' });
  const partnerTeacher = await buildUser(db, { districtId: partner.id });
  const networkAdmin = await buildUser(db, { districtId: partner.id });
  await db
    .insert(memberships)
    .values({ userId: networkAdmin.id, organizationId: network.id, role: 'network_admin' });
  const outsideAdmin = await buildUser(db, { districtId: outside.id, role: 'district_admin' });
  const outsider = await buildUser(db, { districtId: outside.id });
  const framework = await buildFramework(db, {
    ownerOrgId: home.id,
    competencies: [
      { code: 'TLP.1.1', statement: 'Designs learning for adults' },
      { code: 'TLP.1.2', statement: 'Facilitates a community of practice' },
    ],
  });
  const networkFramework = await buildFramework(db, {
    ownerOrgId: network.id,
    competencies: [{ code: 'NET.1', statement: 'Shares practice across districts' }],
  });
  const outsideFramework = await buildFramework(db, { ownerOrgId: outside.id });
  return {
    home,
    partner,
    outside,
    network,
    admin,
    teacher,
    assessor,
    lead,
    gone,
    partnerAdmin,
    partnerTeacher,
    networkAdmin,
    outsideAdmin,
    outsider,
    competencies: framework.competencies,
    framework: framework.framework,
    networkCompetencies: networkFramework.competencies,
    outsideCompetencies: outsideFramework.competencies,
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

const microBody = (w: World, overrides: Record<string, unknown> = {}) => ({
  issuerOrgId: w.home.id,
  kind: 'micro',
  title: 'Facilitating peer observation',
  summary: 'Plan and lead a peer observation cycle.',
  description: 'Colleagues observe one another and talk about what they saw.',
  criteria: 'Lead one full cycle and reflect on it with evidence.',
  competencyIds: [w.competencies[0].id],
  evidencePrompts: [
    { kind: 'reflection', prompt: 'What did you notice, and what did you change?', required: true },
    { id: 'plan', kind: 'file', prompt: 'Your observation plan', required: false },
  ],
  rubric: TEST_RUBRIC,
  maxTeamSize: 2,
  secondAssessor: false,
  validForDays: 730,
  assessors: [{ userId: w.assessor.id, lead: false }],
  ...overrides,
});

async function create(w: World, overrides: Record<string, unknown> = {}, as = w.admin.id) {
  const response = await (await signedIn(t, as)).post('/api/micro-credentials', microBody(w, overrides));
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json().data as { id: string; currentVersion: number };
}

const paths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);

const count = async (table: string) => {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.raw(table)}`,
  );
  return rows[0].n;
};

/** A standing (or revoked) award of a credential, written straight to the tables. */
async function buildAward(w: World, credentialId: string, recipientId: string, revoked = false) {
  const db = t.database.db;
  const listId = uuidv7();
  await db.execute(
    sql`insert into status_lists (id, org_id, length) values (${listId}, ${w.home.id}, 131072)`,
  );
  await db.execute(sql`
    insert into awards (id, credential_id, version, recipient_id, issuer_org_id, status_list_id, status_index,
                        document, revoked_at)
    values (${uuidv7()}, ${credentialId}, 1, ${recipientId}, ${w.home.id}, ${listId}, 0, '{}'::jsonb,
            ${revoked ? new Date() : null})`);
}

const png = (width = 64) =>
  sharp({ create: { width, height: width, channels: 3, background: { r: 30, g: 120, b: 90 } } })
    .png()
    .toBuffer();

const uploadImage = (browser: Agent, id: string, data: Buffer, type = 'image/png', field = 'image') =>
  browser.request({
    method: 'PUT',
    url: `/api/micro-credentials/${id}/image`,
    ...multipart(field, 'badge.png', type, data),
  });

describe('defining a micro-credential', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const w = await buildWorld();
    expect((await agent(t).get('/api/micro-credentials')).statusCode).toBe(401);
    expect((await agent(t).post('/api/micro-credentials', microBody(w))).statusCode).toBe(401);
  });

  it('creates a draft at version 1 with prompts, rubric, competencies and assessors, and records it', async () => {
    const w = await buildWorld();
    const response = await (await signedIn(t, w.admin.id)).post('/api/micro-credentials', microBody(w));
    expect(response.statusCode).toBe(201);
    const data = response.json().data;
    expect(data).toMatchObject({
      kind: 'micro',
      status: 'draft',
      title: 'Facilitating peer observation',
      currentVersion: 1,
      issuer: { id: w.home.id, name: w.home.name, kind: 'district' },
      competencies: [{ id: w.competencies[0].id, code: 'TLP.1.1' }],
      assessors: [{ id: w.assessor.id, name: 'Ada Assessor', lead: false }],
      assessorCount: 1,
      earnedCount: 0,
      imageUrl: null,
      viewer: { canManage: true, isAssessor: false },
      versions: [{ version: 1, title: 'Facilitating peer observation' }],
      current: {
        version: 1,
        rubric: TEST_RUBRIC,
        maxTeamSize: 2,
        validForDays: 730,
        competencies: [{ code: 'TLP.1.1', framework: { id: w.framework.id, title: w.framework.title } }],
      },
    });
    const prompts = data.current.evidencePrompts;
    expect(prompts).toHaveLength(2);
    expect(prompts[0].id).toMatch(/^p-[0-9a-f]{8}$/);
    expect(prompts[1]).toEqual({
      id: 'plan',
      kind: 'file',
      prompt: 'Your observation plan',
      required: false,
    });

    const { rows: statements } = await t.database.db.execute<{ verb: string; actor_id: string }>(
      sql`select verb, actor_id from statements where object_id = ${data.id}`,
    );
    expect(statements).toEqual([{ verb: 'http://activitystrea.ms/schema/1.0/create', actor_id: w.admin.id }]);
    const { rows: audit } = await t.database.db.execute<{ action: string; district_id: string }>(
      sql`select action, district_id from audit_events where target_id = ${data.id}`,
    );
    expect(audit).toEqual([{ action: 'micro_credential.created', district_id: w.home.id }]);
  });

  it('lets a network admin define a network credential aligned to the network framework, with assessors from member districts', async () => {
    const w = await buildWorld();
    const response = await (await signedIn(t, w.networkAdmin.id)).post(
      '/api/micro-credentials',
      microBody(w, {
        issuerOrgId: w.network.id,
        competencyIds: [w.networkCompetencies[0].id],
        assessors: [{ userId: w.assessor.id }, { userId: w.partnerTeacher.id, lead: true }],
        secondAssessor: true,
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().data.issuer).toEqual({ id: w.network.id, name: w.network.name, kind: 'network' });
    expect(response.json().data.assessors[0]).toMatchObject({ id: w.partnerTeacher.id, lead: true });
  });

  it('names every bad field in one problem and writes nothing', async () => {
    const w = await buildWorld();
    const before = await count('micro_credentials');
    const response = await (await signedIn(t, w.admin.id)).post(
      '/api/micro-credentials',
      microBody(w, {
        competencyIds: [w.outsideCompetencies[0].id, w.networkCompetencies[0].id],
        evidencePrompts: [
          { id: 'same', kind: 'reflection', prompt: 'One', required: true },
          { id: 'same', kind: 'link', prompt: 'Two', required: true },
        ],
        assessors: [{ userId: w.outsider.id }, { userId: w.gone.id }, { userId: w.assessor.id }],
        secondAssessor: true,
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(paths(response)).toEqual([
      '/body/evidencePrompts/1/id',
      '/body/competencyIds/0',
      '/body/assessors/0/userId',
      '/body/assessors/1/userId',
      '/body/assessors',
    ]);
    expect(await count('micro_credentials')).toBe(before);
  });

  it('checks the rubric: one descriptor per level, unique ids, a passing level that exists', async () => {
    const w = await buildWorld();
    const me = await signedIn(t, w.admin.id);
    const rubric = {
      ...TEST_RUBRIC,
      criteria: [{ ...TEST_RUBRIC.criteria[0], descriptors: ['Only one'] }, TEST_RUBRIC.criteria[0]],
      passing: { minLevel: 5 },
    };
    const response = await me.post('/api/micro-credentials', microBody(w, { rubric }));
    expect(response.statusCode).toBe(400);
    expect(paths(response)).toEqual([
      '/body/rubric/criteria/1/id',
      '/body/rubric/criteria/0/descriptors',
      '/body/rubric/passing/minLevel',
    ]);
    const missing = await me.post('/api/micro-credentials', microBody(w, { rubric: undefined }));
    expect(paths(missing)).toEqual(['/body/rubric']);
    const bounds = await me.post('/api/micro-credentials', microBody(w, { maxTeamSize: 9, title: ' ' }));
    expect(paths(bounds).sort()).toEqual(['/body/maxTeamSize', '/body/title']);
  });

  it('refuses a teacher (403), an unknown issuer (400) and another district as issuer (403)', async () => {
    const w = await buildWorld();
    const teacher = await (await signedIn(t, w.teacher.id)).post('/api/micro-credentials', microBody(w));
    expect(teacher.statusCode).toBe(403);
    const admin = await signedIn(t, w.admin.id);
    const unknown = await admin.post('/api/micro-credentials', microBody(w, { issuerOrgId: uuidv7() }));
    expect(paths(unknown)).toEqual(['/body/issuerOrgId']);
    const other = await admin.post('/api/micro-credentials', microBody(w, { issuerOrgId: w.outside.id }));
    expect(other.statusCode).toBe(403);
    // A district admin is not the network's admin.
    const network = await admin.post('/api/micro-credentials', microBody(w, { issuerOrgId: w.network.id }));
    expect(network.statusCode).toBe(403);
  });
});

describe('stacks', () => {
  it('holds micro-credentials of the same issuer, in order, and the members list their stacks', async () => {
    const w = await buildWorld();
    const a = await create(w, { title: 'First step' });
    const b = await create(w, { title: 'Second step' });
    const stack = await create(w, {
      kind: 'stack',
      title: 'Peer learning leader',
      rubric: undefined,
      evidencePrompts: [],
      memberIds: [b.id, a.id],
    });
    const me = await signedIn(t, w.admin.id);
    const detail = (await me.get(`/api/micro-credentials/${stack.id}`)).json().data;
    expect(detail.kind).toBe('stack');
    expect(detail.current.rubric).toBeNull();
    expect(detail.members.map((m: { title: string }) => m.title)).toEqual(['Second step', 'First step']);
    const member = (await me.get(`/api/micro-credentials/${a.id}`)).json().data;
    expect(member.stacks).toEqual([{ id: stack.id, title: 'Peer learning leader' }]);
  });

  it('refuses members that are missing, of another issuer, stacks or repeated, and a rubric or prompts', async () => {
    const w = await buildWorld();
    const a = await create(w);
    const inner = await create(w, {
      kind: 'stack',
      rubric: undefined,
      evidencePrompts: [],
      memberIds: [a.id],
    });
    const foreign = await buildMicroCredential(t.database.db, {
      issuerOrgId: w.outside.id,
      createdBy: w.outsideAdmin.id,
    });
    const response = await (await signedIn(t, w.admin.id)).post(
      '/api/micro-credentials',
      microBody(w, { kind: 'stack', memberIds: [a.id, uuidv7(), foreign.credential.id, inner.id, a.id] }),
    );
    expect(response.statusCode).toBe(400);
    expect(paths(response)).toEqual([
      '/body/rubric',
      '/body/evidencePrompts',
      '/body/memberIds/4',
      '/body/memberIds/1',
      '/body/memberIds/2',
      '/body/memberIds/3',
    ]);
    const micro = await (await signedIn(t, w.admin.id)).post(
      '/api/micro-credentials',
      microBody(w, { memberIds: [a.id] }),
    );
    expect(paths(micro)).toEqual(['/body/memberIds']);
  });
});

describe('who sees and changes a definition', () => {
  it('shows a draft only to its issuer’s admins, and a published one to people in scope', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    for (const user of [w.teacher, w.outsideAdmin, w.partnerAdmin]) {
      const response = await (await signedIn(t, user.id)).get(`/api/micro-credentials/${id}`);
      expect(response.statusCode).toBe(404);
    }
    await (await signedIn(t, w.admin.id)).post(`/api/micro-credentials/${id}/publish`);
    const teacher = await (await signedIn(t, w.teacher.id)).get(`/api/micro-credentials/${id}`);
    expect(teacher.statusCode).toBe(200);
    expect(teacher.json().data.viewer).toEqual({ canManage: false, isAssessor: false });
    const assessor = await (await signedIn(t, w.assessor.id)).get(`/api/micro-credentials/${id}`);
    expect(assessor.json().data.viewer).toEqual({ canManage: false, isAssessor: true });
    // A district credential is not the partner district's, even within the network.
    expect(
      (await (await signedIn(t, w.partnerTeacher.id)).get(`/api/micro-credentials/${id}`)).statusCode,
    ).toBe(404);
  });

  it('lets no one but the issuer’s admins edit, publish or retire', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const outsider = await signedIn(t, w.outsideAdmin.id);
    expect((await outsider.patch(`/api/micro-credentials/${id}`, { title: 'Mine now' })).statusCode).toBe(
      404,
    );
    expect((await outsider.post(`/api/micro-credentials/${id}/publish`)).statusCode).toBe(404);
    await (await signedIn(t, w.admin.id)).post(`/api/micro-credentials/${id}/publish`);
    const teacher = await signedIn(t, w.teacher.id);
    expect((await teacher.patch(`/api/micro-credentials/${id}`, { title: 'Mine now' })).statusCode).toBe(403);
    expect((await teacher.post(`/api/micro-credentials/${id}/retire`)).statusCode).toBe(403);
    expect((await uploadImage(teacher, id, await png())).statusCode).toBe(403);
    const { rows } = await t.database.db.execute<{ title: string; status: string }>(
      sql`select title, status from micro_credentials where id = ${id}`,
    );
    expect(rows[0]).toEqual({ title: 'Facilitating peer observation', status: 'published' });
  });

  it('lets a partner district admin see a published network credential but not change it', async () => {
    const w = await buildWorld();
    const { id } = await create(
      w,
      { issuerOrgId: w.network.id, competencyIds: [], assessors: [{ userId: w.partnerTeacher.id }] },
      w.networkAdmin.id,
    );
    await (await signedIn(t, w.networkAdmin.id)).post(`/api/micro-credentials/${id}/publish`);
    const partnerAdmin = await signedIn(t, w.partnerAdmin.id);
    expect((await partnerAdmin.get(`/api/micro-credentials/${id}`)).statusCode).toBe(200);
    expect((await partnerAdmin.patch(`/api/micro-credentials/${id}`, { title: 'Changed' })).statusCode).toBe(
      403,
    );
    expect((await (await signedIn(t, w.teacher.id)).get(`/api/micro-credentials/${id}`)).statusCode).toBe(
      200,
    );
    expect((await (await signedIn(t, w.outsider.id)).get(`/api/micro-credentials/${id}`)).statusCode).toBe(
      404,
    );
  });
});

describe('versions', () => {
  it('edits the current version in place while no one has started it', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const response = await (await signedIn(t, w.admin.id)).patch(`/api/micro-credentials/${id}`, {
      title: 'Leading peer observation',
      validForDays: null,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      title: 'Leading peer observation',
      currentVersion: 1,
      versions: [{ version: 1, title: 'Leading peer observation' }],
      current: { validForDays: null, maxTeamSize: 2 },
    });
  });

  it('writes version 2 when version 1 has a submission, leaving version 1 as it was', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const me = await signedIn(t, w.admin.id);
    await me.post(`/api/micro-credentials/${id}/publish`);
    const v1 = (await me.get(`/api/micro-credentials/${id}/versions/1`)).json().data;
    await buildSubmission(t.database.db, { credentialId: id, ownerId: w.teacher.id });

    const rubric = { ...TEST_RUBRIC, passing: { minLevel: 2 } };
    const response = await me.patch(`/api/micro-credentials/${id}`, {
      title: 'Peer observation, revised',
      rubric,
    });
    expect(response.statusCode).toBe(200);
    const data = response.json().data;
    expect(data.currentVersion).toBe(2);
    expect(data.title).toBe('Peer observation, revised');
    expect(data.current).toMatchObject({ version: 2, rubric, evidencePrompts: v1.evidencePrompts });
    expect(data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    // The teacher who started on version 1 still reads it whole.
    const original = await (await signedIn(t, w.teacher.id)).get(`/api/micro-credentials/${id}/versions/1`);
    expect(original.statusCode).toBe(200);
    expect(original.json().data).toEqual(v1);

    // Version 2 has no submission yet: the next edit changes it in place.
    const again = await me.patch(`/api/micro-credentials/${id}`, { criteria: 'Two cycles now.' });
    expect(again.json().data).toMatchObject({ currentVersion: 2, current: { criteria: 'Two cycles now.' } });
    const { rows } = await t.database.db.execute<{ title: string }>(
      sql`select title from micro_credentials where id = ${id}`,
    );
    expect(rows[0].title).toBe('Peer observation, revised');
  });

  it('writes a new version after an award, and never touches the award', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    await buildAward(w, id, w.teacher.id);
    const before = await t.database.db.execute(sql`select * from awards where credential_id = ${id}`);
    const response = await (await signedIn(t, w.admin.id)).patch(`/api/micro-credentials/${id}`, {
      description: 'Now with a debrief protocol.',
    });
    expect(response.json().data.currentVersion).toBe(2);
    const after = await t.database.db.execute(sql`select * from awards where credential_id = ${id}`);
    expect(after.rows).toEqual(before.rows);
  });

  it('changes assessors and the summary, or resends fields unchanged, without a new version', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    await buildSubmission(t.database.db, { credentialId: id, ownerId: w.teacher.id });
    const response = await (await signedIn(t, w.admin.id)).patch(`/api/micro-credentials/${id}`, {
      summary: 'A new summary',
      assessors: [{ userId: w.lead.id, lead: true }, { userId: w.assessor.id }],
      title: 'Facilitating peer observation',
      rubric: TEST_RUBRIC,
      maxTeamSize: 2,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      currentVersion: 1,
      summary: 'A new summary',
      assessors: [
        { id: w.lead.id, lead: true },
        { id: w.assessor.id, lead: false },
      ],
    });
  });

  it('asks for a lead before requiring a second assessor, naming the field that was sent', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const response = await (await signedIn(t, w.admin.id)).patch(`/api/micro-credentials/${id}`, {
      secondAssessor: true,
    });
    expect(paths(response)).toEqual(['/body/secondAssessor']);
  });

  it('answers 404 for a version that does not exist, and refuses unknown fields', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const me = await signedIn(t, w.admin.id);
    expect((await me.get(`/api/micro-credentials/${id}/versions/2`)).statusCode).toBe(404);
    const issuer = await me.patch(`/api/micro-credentials/${id}`, { issuerOrgId: w.outside.id });
    expect(issuer.statusCode).toBe(400);
  });
});

describe('publishing and retiring', () => {
  it('refuses to publish a micro-credential without assessors or prompts, naming what is missing', async () => {
    const w = await buildWorld();
    const { id } = await create(w, { assessors: [], evidencePrompts: [] });
    const me = await signedIn(t, w.admin.id);
    const response = await me.post(`/api/micro-credentials/${id}/publish`);
    expect(response.statusCode).toBe(409);
    expect(paths(response)).toEqual(['/body/assessors', '/body/evidencePrompts']);
    await me.patch(`/api/micro-credentials/${id}`, {
      assessors: [{ userId: w.assessor.id }],
      evidencePrompts: TEST_PROMPTS,
    });
    const published = await me.post(`/api/micro-credentials/${id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json().data.status).toBe('published');
    expect((await me.post(`/api/micro-credentials/${id}/publish`)).statusCode).toBe(409);
  });

  it('needs two assessors with a lead when a second assessor is required', async () => {
    const w = await buildWorld();
    const { id } = await create(w, { secondAssessor: true, assessors: [{ userId: w.lead.id, lead: true }] });
    const me = await signedIn(t, w.admin.id);
    expect(paths(await me.post(`/api/micro-credentials/${id}/publish`))).toEqual(['/body/assessors']);
  });

  it('publishes a stack only with two or more published members', async () => {
    const w = await buildWorld();
    const me = await signedIn(t, w.admin.id);
    const a = await create(w);
    const b = await create(w);
    const stack = (memberIds: string[]) =>
      create(w, { kind: 'stack', rubric: undefined, evidencePrompts: [], memberIds });
    const one = await stack([a.id]);
    expect(paths(await me.post(`/api/micro-credentials/${one.id}/publish`))).toEqual([
      '/body/memberIds',
      '/body/memberIds/0',
    ]);
    const two = await stack([a.id, b.id]);
    await me.post(`/api/micro-credentials/${a.id}/publish`);
    expect(paths(await me.post(`/api/micro-credentials/${two.id}/publish`))).toEqual(['/body/memberIds/1']);
    await me.post(`/api/micro-credentials/${b.id}/publish`);
    expect((await me.post(`/api/micro-credentials/${two.id}/publish`)).statusCode).toBe(200);
  });

  it('retires only a published credential, and can publish it again', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const me = await signedIn(t, w.admin.id);
    expect((await me.post(`/api/micro-credentials/${id}/retire`)).statusCode).toBe(409);
    await me.post(`/api/micro-credentials/${id}/publish`);
    const retired = await me.post(`/api/micro-credentials/${id}/retire`);
    expect(retired.json().data.status).toBe('retired');
    // Retired: gone from teachers' view, unless they have a submission for it.
    expect((await (await signedIn(t, w.teacher.id)).get(`/api/micro-credentials/${id}`)).statusCode).toBe(
      404,
    );
    await buildSubmission(t.database.db, { credentialId: id, ownerId: w.teacher.id });
    expect(
      (await (await signedIn(t, w.teacher.id)).get(`/api/micro-credentials/${id}/versions/1`)).statusCode,
    ).toBe(200);
    expect((await me.post(`/api/micro-credentials/${id}/publish`)).json().data.status).toBe('published');
    const { rows } = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_events where target_id = ${id} order by at, id`,
    );
    expect(rows.map((r) => r.action)).toEqual([
      'micro_credential.created',
      'micro_credential.published',
      'micro_credential.retired',
      'micro_credential.published',
    ]);
  });
});

describe('browsing and searching', () => {
  it('filters by words, issuer, competency, kind and status, and pages with a cursor', async () => {
    const w = await buildWorld();
    const word = uniqueWord();
    const me = await signedIn(t, w.admin.id);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await create(w, {
        title: `${word} coaching cycle ${i}`,
        competencyIds: i === 0 ? [w.competencies[1].id] : [],
      });
      await me.post(`/api/micro-credentials/${id}/publish`);
      ids.push(id);
    }
    const draft = await create(w, { title: `${word} draft`, summary: 'Still being written' });
    const stack = await create(w, {
      kind: 'stack',
      title: `Stack of ${word}`,
      summary: 'Three steps of leading peers',
      rubric: undefined,
      evidencePrompts: [],
      memberIds: [ids[0], ids[1]],
    });

    const search = async (as: Agent, query: string) => {
      const response = await as.get(`/api/micro-credentials?${query}`);
      expect(response.statusCode).toBe(200);
      return response.json() as { data: Array<{ id: string; title: string }>; nextCursor: string | null };
    };
    const titles = (page: { data: Array<{ title: string }> }) => page.data.map((c) => c.title);

    expect(titles(await search(me, `q=${word}`))).toEqual([
      `Stack of ${word}`,
      `${word} draft`,
      `${word} coaching cycle 2`,
      `${word} coaching cycle 1`,
      `${word} coaching cycle 0`,
    ]);
    // Stemmed full-text search: "cycles" finds "cycle".
    expect((await search(me, `q=${word}+cycles`)).data).toHaveLength(3);
    expect(titles(await search(me, `q=${word}&kind=stack`))).toEqual([`Stack of ${word}`]);
    expect(titles(await search(me, `q=${word}&status=draft`))).toEqual([`Stack of ${word}`, `${word} draft`]);
    expect(titles(await search(me, `competencyId=${w.competencies[1].id}`))).toEqual([
      `${word} coaching cycle 0`,
    ]);
    expect((await search(me, `issuerOrgId=${w.outside.id}`)).data).toEqual([]);

    // A teacher sees only the published ones.
    const teacher = await signedIn(t, w.teacher.id);
    expect(titles(await search(teacher, `q=${word}`))).toHaveLength(3);
    expect((await search(teacher, `q=${word}&status=draft`)).data).toEqual([]);

    const first = await search(me, `q=${word}&limit=2`);
    expect(first.data.map((c) => c.id)).toEqual([stack.id, draft.id]);
    const second = await search(me, `q=${word}&limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const third = await search(me, `q=${word}&limit=2&cursor=${second.nextCursor}`);
    expect(third.data.map((c) => c.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();

    const bad = await me.get('/api/micro-credentials?cursor=nonsense');
    expect(paths(bad)).toEqual(['/querystring/cursor']);
  });

  it('keeps each district’s credentials to itself and counts standing awards and assessors', async () => {
    const w = await buildWorld();
    const word = uniqueWord();
    const { id } = await create(w, {
      title: `${word} home`,
      assessors: [{ userId: w.assessor.id }, { userId: w.lead.id }],
    });
    await (await signedIn(t, w.admin.id)).post(`/api/micro-credentials/${id}/publish`);
    await buildMicroCredential(t.database.db, {
      issuerOrgId: w.outside.id,
      createdBy: w.outsideAdmin.id,
      title: `${word} outside`,
    });
    await buildAward(w, id, w.teacher.id);
    await buildAward(w, id, w.assessor.id, true);

    const home = (await (await signedIn(t, w.teacher.id)).get(`/api/micro-credentials?q=${word}`)).json()
      .data;
    expect(home).toHaveLength(1);
    expect(home[0]).toMatchObject({
      id,
      earnedCount: 1,
      assessorCount: 2,
      competencies: [{ code: 'TLP.1.1' }],
    });
    const outside = (
      await (await signedIn(t, w.outsideAdmin.id)).get(`/api/micro-credentials?q=${word}`)
    ).json().data;
    expect(outside.map((c: { title: string }) => c.title)).toEqual([`${word} outside`]);
  });

  it('offers the issuers in scope, those one administers, and the competencies in use', async () => {
    const w = await buildWorld();
    await create(w);
    const admin = (await (await signedIn(t, w.admin.id)).get('/api/micro-credentials/options')).json().data;
    expect(admin.administers).toEqual([{ id: w.home.id, name: w.home.name, kind: 'district' }]);
    expect(admin.issuers.map((o: { id: string }) => o.id).sort()).toEqual([w.home.id, w.network.id].sort());
    expect(admin.competencies).toEqual([
      { id: w.competencies[0].id, code: 'TLP.1.1', statement: 'Designs learning for adults' },
    ]);
    const teacher = (await (await signedIn(t, w.teacher.id)).get('/api/micro-credentials/options')).json()
      .data;
    expect(teacher.administers).toEqual([]);
    // The draft's competencies are not shown to people who cannot see the draft.
    expect(teacher.competencies).toEqual([]);
  });
});

describe('badge images', () => {
  it('takes a PNG, serves it to the issuer’s admins while draft and to anyone once published', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const me = await signedIn(t, w.admin.id);
    const image = await png();
    const response = await uploadImage(me, id, image);
    expect(response.statusCode).toBe(200);
    const data = response.json().data;
    expect(data.currentVersion).toBe(1);
    expect(data.imageUrl).toMatch(new RegExp(`^/api/micro-credentials/${id}/versions/1/image\\?v=`));

    const draftImage = await me.get(data.imageUrl);
    expect(draftImage.statusCode).toBe(200);
    expect(draftImage.headers['content-type']).toBe('image/png');
    expect(draftImage.rawPayload.equals(image)).toBe(true);

    const publicPath = `/api/public/micro-credentials/${id}/versions/1/image`;
    expect((await agent(t).get(publicPath)).statusCode).toBe(404);
    expect((await (await signedIn(t, w.teacher.id)).get(data.imageUrl)).statusCode).toBe(404);

    const published = (await me.post(`/api/micro-credentials/${id}/publish`)).json().data;
    expect(published.imageUrl.startsWith(publicPath)).toBe(true);
    const visitor = await agent(t).get(publicPath);
    expect(visitor.statusCode).toBe(200);
    expect(visitor.headers['cache-control']).toBe('public, max-age=604800');
    expect(visitor.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(visitor.rawPayload.equals(image)).toBe(true);
    const cached = await agent(t).request({
      method: 'GET',
      url: publicPath,
      headers: { 'if-none-match': String(visitor.headers.etag) },
    });
    expect(cached.statusCode).toBe(304);
    expect(achievementImageUrl('http://trellis.test', id, 1)).toBe(`http://trellis.test${publicPath}`);
  });

  it('accepts a JPEG and judges the type by content, not by what the browser declared', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const me = await signedIn(t, w.admin.id);
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    expect((await uploadImage(me, id, jpeg, 'image/png')).statusCode).toBe(200);
    const text = await uploadImage(me, id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'));
    expect(text.statusCode).toBe(400);
    expect(paths(text)).toEqual(['/body/image']);
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
      .gif()
      .toBuffer();
    expect(paths(await uploadImage(me, id, gif, 'image/gif'))).toEqual(['/body/image']);
    expect(paths(await uploadImage(me, id, Buffer.alloc(0)))).toEqual(['/body/image']);
    expect(paths(await uploadImage(me, id, await png(), 'image/png', 'photo'))).toEqual(['/body/image']);
    const { rows } = await t.database.db.execute<{ image_type: string }>(
      sql`select image_type from micro_credential_versions where credential_id = ${id}`,
    );
    expect(rows).toEqual([{ image_type: 'image/jpeg' }]);
  });

  it('refuses an image over 1 MB', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const big = Buffer.concat([await png(8), Buffer.alloc(1024 * 1024 + 10)]);
    const response = await uploadImage(await signedIn(t, w.admin.id), id, big);
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
    expect(paths(response)).toEqual(['/body/image']);
  });

  it('puts a new image on a new version once the current one has a submission', async () => {
    const w = await buildWorld();
    const { id } = await create(w);
    const me = await signedIn(t, w.admin.id);
    await uploadImage(me, id, await png(16));
    await me.post(`/api/micro-credentials/${id}/publish`);
    await buildSubmission(t.database.db, { credentialId: id, ownerId: w.teacher.id });
    const next = await png(32);
    const response = await uploadImage(me, id, next);
    expect(response.json().data.currentVersion).toBe(2);
    const v1 = await agent(t).get(`/api/public/micro-credentials/${id}/versions/1/image`);
    const v2 = await agent(t).get(`/api/public/micro-credentials/${id}/versions/2/image`);
    expect(v1.rawPayload.equals(await png(16))).toBe(true);
    expect(v2.rawPayload.equals(next)).toBe(true);
  });
});
