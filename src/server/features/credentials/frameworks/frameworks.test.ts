import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships } from '#server/db/schema.ts';
import { agent, setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildFramework, buildMicroCredential } from '#server/test/credential-builders.ts';
import { competencyAlignmentUrl } from './alignment.ts';

const t = setupTestApp();

const DOC = '7d1c2b1e-3f0a-4c55-9a51-0b7e8a2f4c10';
type CasePackageJson = {
  CFDocument: Record<string, unknown>;
  CFItems: Array<Record<string, unknown>>;
  CFAssociations: Array<Record<string, unknown>>;
};
const fixtureText = readFileSync(
  new URL('./fixtures/discourse-practices.case.json', import.meta.url),
  'utf8',
);
const fixture = (): CasePackageJson => JSON.parse(fixtureText);

/** Two districts in a network (each with an admin and a teacher), a network admin, and a district outside. */
async function buildWorld(ctx: TestContext) {
  const db = ctx.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const admin = await buildUser(db, { districtId: home.id, role: 'district_admin', name: 'Home Admin' });
  const teacher = await buildUser(db, { districtId: home.id });
  const partnerTeacher = await buildUser(db, { districtId: partner.id });
  const networkAdmin = await buildUser(db, { districtId: partner.id });
  await db
    .insert(memberships)
    .values({ userId: networkAdmin.id, organizationId: network.id, role: 'network_admin' });
  const outsideAdmin = await buildUser(db, { districtId: outside.id, role: 'district_admin' });
  const outsideTeacher = await buildUser(db, { districtId: outside.id });
  return {
    home,
    partner,
    outside,
    network,
    admin,
    teacher,
    partnerTeacher,
    networkAdmin,
    outsideAdmin,
    outsideTeacher,
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

const paths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);

async function createFramework(userId: string, ownerOrgId: string, title = `Framework ${uniqueWord()}`) {
  const response = await (await signedIn(t, userId)).post('/api/frameworks', { ownerOrgId, title });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json().data as { id: string; title: string };
}

async function addCompetency(userId: string, frameworkId: string, body: Record<string, unknown>) {
  const response = await (await signedIn(t, userId)).post(
    `/api/frameworks/${frameworkId}/competencies`,
    body,
  );
  if (response.statusCode !== 201) throw new Error(`add failed: ${response.statusCode} ${response.body}`);
  return response.json().data as { id: string; position: number; parentId: string | null };
}

async function importPackage(userId: string, ownerOrgId: string, pkg: unknown = fixture()) {
  return (await signedIn(t, userId)).post('/api/frameworks/import', { ownerOrgId, package: pkg });
}

/** The framework's competencies as stored, by code: parent's code and position. */
async function storedTree(frameworkId: string) {
  const { rows } = await t.database.db.execute<{
    id: string;
    code: string;
    parent: string | null;
    position: number;
  }>(
    sql`select c.id, c.code, p.code as parent, c.position from competencies c
          left join competencies p on p.id = c.parent_id
         where c.framework_id = ${frameworkId} order by c.code`,
  );
  return rows;
}

async function frameworkCount(ownerOrgId: string) {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from competency_frameworks where owner_org_id = ${ownerOrgId}`,
  );
  return rows[0].n;
}

function multipartImport(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = `----trellis${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    method: 'POST' as const,
    url: '/api/frameworks/import',
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('frameworks', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const w = await buildWorld(t);
    expect((await agent(t).get('/api/frameworks')).statusCode).toBe(401);
    expect((await agent(t).get('/api/competencies?q=a')).statusCode).toBe(401);
    expect((await agent(t).post('/api/frameworks', { ownerOrgId: w.home.id, title: 'x' })).statusCode).toBe(
      401,
    );
  });

  it('lets a district admin create one for their district, with the owner and no competencies', async () => {
    const w = await buildWorld(t);
    const response = await (await signedIn(t, w.admin.id)).post('/api/frameworks', {
      ownerOrgId: w.home.id,
      title: '  Leading learning  ',
      description: 'Our own.',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().data).toMatchObject({
      title: 'Leading learning',
      description: 'Our own.',
      owner: { id: w.home.id, name: w.home.name, kind: 'district' },
      competencyCount: 0,
      importedFromCase: false,
      competencies: [],
      viewer: { canManage: true },
    });
  });

  it('refuses a teacher, and an admin of another district, and changes nothing', async () => {
    const w = await buildWorld(t);
    const body = { ownerOrgId: w.home.id, title: 'Not theirs' };
    expect((await (await signedIn(t, w.teacher.id)).post('/api/frameworks', body)).statusCode).toBe(403);
    expect((await (await signedIn(t, w.outsideAdmin.id)).post('/api/frameworks', body)).statusCode).toBe(403);
    expect(await frameworkCount(w.home.id)).toBe(0);
  });

  it('names bad fields', async () => {
    const w = await buildWorld(t);
    const response = await (await signedIn(t, w.admin.id)).post('/api/frameworks', {
      ownerOrgId: 'nope',
      title: '',
      extra: 1,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(paths(response)).toEqual(expect.arrayContaining(['/body/ownerOrgId', '/body/title']));
  });

  it('shows a network framework to every district in the network and to nobody outside it', async () => {
    const w = await buildWorld(t);
    const word = uniqueWord();
    const framework = await createFramework(w.networkAdmin.id, w.network.id, `Network ${word}`);
    for (const reader of [w.teacher, w.partnerTeacher, w.admin]) {
      const me = await signedIn(t, reader.id);
      const list = await me.get(`/api/frameworks?q=${word}`);
      expect(list.json().data.map((f: { id: string }) => f.id)).toEqual([framework.id]);
      const detail = await me.get(`/api/frameworks/${framework.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().data.viewer.canManage).toBe(false);
    }
    const stranger = await signedIn(t, w.outsideTeacher.id);
    expect((await stranger.get(`/api/frameworks?q=${word}`)).json().data).toEqual([]);
    expect((await stranger.get(`/api/frameworks/${framework.id}`)).statusCode).toBe(404);
    const adminView = await (await signedIn(t, w.networkAdmin.id)).get(`/api/frameworks/${framework.id}`);
    expect(adminView.json().data.viewer.canManage).toBe(true);
  });

  it('keeps a district framework within the district', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.admin.id, w.home.id);
    expect(
      (await (await signedIn(t, w.partnerTeacher.id)).get(`/api/frameworks/${framework.id}`)).statusCode,
    ).toBe(404);
    const patch = await (await signedIn(t, w.outsideAdmin.id)).patch(`/api/frameworks/${framework.id}`, {
      title: 'Taken',
    });
    expect(patch.statusCode).toBe(404);
  });

  it('pages the list by title with a cursor, counting competencies', async () => {
    const w = await buildWorld(t);
    const word = uniqueWord();
    const made = [];
    for (const letter of ['C', 'A', 'B'])
      made.push(await createFramework(w.admin.id, w.home.id, `${letter} ${word}`));
    await addCompetency(w.admin.id, made[1].id, { code: 'A.1', statement: 'One' });
    const me = await signedIn(t, w.teacher.id);
    const first = await me.get(`/api/frameworks?q=${word}&limit=2`);
    expect(first.json().data.map((f: { title: string }) => f.title)).toEqual([`A ${word}`, `B ${word}`]);
    expect(first.json().data[0].competencyCount).toBe(1);
    const second = await me.get(`/api/frameworks?q=${word}&limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json()).toMatchObject({ data: [{ title: `C ${word}` }], nextCursor: null });
    expect((await me.get('/api/frameworks?cursor=garbage')).statusCode).toBe(400);
  });

  it('lets the owner admins edit and delete it, and a teacher neither', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.admin.id, w.home.id);
    const teacher = await signedIn(t, w.teacher.id);
    expect((await teacher.patch(`/api/frameworks/${framework.id}`, { title: 'Mine now' })).statusCode).toBe(
      403,
    );
    expect((await teacher.delete(`/api/frameworks/${framework.id}`)).statusCode).toBe(403);
    const admin = await signedIn(t, w.admin.id);
    const patched = await admin.patch(`/api/frameworks/${framework.id}`, { description: 'Revised' });
    expect(patched.json().data).toMatchObject({ title: framework.title, description: 'Revised' });
    expect((await admin.delete(`/api/frameworks/${framework.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/frameworks/${framework.id}`)).statusCode).toBe(404);
  });

  it('refuses to delete a framework a micro-credential is aligned to', async () => {
    const w = await buildWorld(t);
    const { framework, competencies } = await buildFramework(t.database.db, { ownerOrgId: w.home.id });
    await buildMicroCredential(t.database.db, {
      issuerOrgId: w.home.id,
      createdBy: w.admin.id,
      competencyIds: [competencies[0].id],
    });
    const response = await (await signedIn(t, w.admin.id)).delete(`/api/frameworks/${framework.id}`);
    expect(response.statusCode).toBe(409);
    expect(await frameworkCount(w.home.id)).toBe(1);
  });
});

describe('competencies', () => {
  async function tree(w: World) {
    const framework = await createFramework(w.admin.id, w.home.id);
    const a = await addCompetency(w.admin.id, framework.id, { code: 'A', statement: 'Domain A' });
    const b = await addCompetency(w.admin.id, framework.id, { code: 'B', statement: 'Domain B' });
    const a1 = await addCompetency(w.admin.id, framework.id, {
      parentId: a.id,
      code: 'A.1',
      statement: 'First',
    });
    const a2 = await addCompetency(w.admin.id, framework.id, {
      parentId: a.id,
      code: 'A.2',
      statement: 'Second',
    });
    return { framework, a, b, a1, a2 };
  }

  it('adds nested competencies at the end of their parent, listed flat in tree order', async () => {
    const w = await buildWorld(t);
    const { framework, a, a1, a2, b } = await tree(w);
    expect([a.position, b.position, a1.position, a2.position]).toEqual([0, 1, 0, 1]);
    const detail = (await (await signedIn(t, w.teacher.id)).get(`/api/frameworks/${framework.id}`)).json()
      .data;
    expect(
      detail.competencies.map((c: { code: string; parentId: string | null }) => [c.code, c.parentId]),
    ).toEqual([
      ['A', null],
      ['A.1', a.id],
      ['A.2', a.id],
      ['B', null],
    ]);
    expect(detail.competencyCount).toBe(4);
  });

  it('refuses a parent from another framework', async () => {
    const w = await buildWorld(t);
    const { a } = await tree(w);
    const other = await createFramework(w.admin.id, w.home.id);
    const response = await (await signedIn(t, w.admin.id)).post(`/api/frameworks/${other.id}/competencies`, {
      parentId: a.id,
      statement: 'Lost',
    });
    expect(response.statusCode).toBe(400);
    expect(paths(response)).toEqual(['/body/parentId']);
  });

  it('moves a competency under another parent and renumbers both sets of siblings', async () => {
    const w = await buildWorld(t);
    const { framework, a1, b } = await tree(w);
    const admin = await signedIn(t, w.admin.id);
    const moved = await admin.patch(`/api/competencies/${a1.id}`, { parentId: b.id, code: 'B.1' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data).toMatchObject({ parentId: b.id, code: 'B.1', position: 0 });
    expect(await storedTree(framework.id)).toMatchObject([
      { code: 'A', parent: null, position: 0 },
      { code: 'A.2', parent: 'A', position: 0 },
      { code: 'B', parent: null, position: 1 },
      { code: 'B.1', parent: 'B', position: 0 },
    ]);
    const reordered = await admin.patch(`/api/competencies/${b.id}`, { position: 0 });
    expect(reordered.json().data.position).toBe(0);
    expect((await storedTree(framework.id)).find((c) => c.code === 'A')?.position).toBe(1);
  });

  it('refuses to move a competency under itself or one of its own', async () => {
    const w = await buildWorld(t);
    const { framework, a, a1 } = await tree(w);
    const admin = await signedIn(t, w.admin.id);
    const before = await storedTree(framework.id);
    for (const parentId of [a.id, a1.id]) {
      const response = await admin.patch(`/api/competencies/${a.id}`, { parentId });
      expect(response.statusCode).toBe(400);
      expect(paths(response)).toEqual(['/body/parentId']);
    }
    expect(await storedTree(framework.id)).toEqual(before);
  });

  it('deletes a leaf, refusing one with children or one a micro-credential is aligned to', async () => {
    const w = await buildWorld(t);
    const { framework, a, a1, a2 } = await tree(w);
    await buildMicroCredential(t.database.db, {
      issuerOrgId: w.home.id,
      createdBy: w.admin.id,
      competencyIds: [a2.id],
    });
    const admin = await signedIn(t, w.admin.id);
    expect((await admin.delete(`/api/competencies/${a.id}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/competencies/${a2.id}`)).statusCode).toBe(409);
    expect((await (await signedIn(t, w.teacher.id)).delete(`/api/competencies/${a1.id}`)).statusCode).toBe(
      403,
    );
    expect(
      (await (await signedIn(t, w.outsideAdmin.id)).delete(`/api/competencies/${a1.id}`)).statusCode,
    ).toBe(404);
    expect((await admin.delete(`/api/competencies/${a1.id}`)).statusCode).toBe(204);
    expect(await storedTree(framework.id)).toMatchObject([
      { code: 'A' },
      { code: 'A.2', parent: 'A', position: 0 },
      { code: 'B' },
    ]);
  });

  it('finds competencies by code or words in visible frameworks only, and fetches chosen ones by id', async () => {
    const w = await buildWorld(t);
    const word = uniqueWord();
    const mine = await buildFramework(t.database.db, {
      ownerOrgId: w.network.id,
      title: 'Shared',
      competencies: [
        { code: `${word}.1`, statement: 'Plans the lesson study cycle' },
        { code: 'X.2', statement: `Facilitates ${word} protocols` },
      ],
    });
    const hidden = await buildFramework(t.database.db, {
      ownerOrgId: w.outside.id,
      competencies: [{ code: `${word}.9`, statement: 'Out of sight' }],
    });
    const me = await signedIn(t, w.partnerTeacher.id);
    const found = await me.get(`/api/competencies?q=${word}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().data).toEqual([
      {
        id: mine.competencies[0].id,
        code: `${word}.1`,
        statement: 'Plans the lesson study cycle',
        framework: { id: mine.framework.id, title: 'Shared' },
      },
      expect.objectContaining({ id: mine.competencies[1].id }),
    ]);
    const ids = [mine.competencies[1].id, hidden.competencies[0].id, mine.competencies[0].id].join(',');
    const chosen = await me.get(`/api/competencies?ids=${ids}`);
    expect(chosen.json().data.map((c: { id: string }) => c.id)).toEqual([
      mine.competencies[1].id,
      mine.competencies[0].id,
    ]);
    expect(paths(await me.get('/api/competencies?ids=1,2'))).toEqual([
      '/querystring/ids/0',
      '/querystring/ids/1',
    ]);
  });
});

describe('importing a CASE package', () => {
  it('creates the framework and its tree, and records the import', async () => {
    const w = await buildWorld(t);
    const response = await importPackage(w.admin.id, w.home.id);
    expect(response.statusCode).toBe(201);
    const result = response.json().data;
    expect(result).toMatchObject({
      title: 'Classroom Discourse Practices',
      createdFramework: true,
      created: 7,
      updated: 0,
      unchanged: 0,
      removed: 0,
      kept: 0,
    });
    expect(await storedTree(result.frameworkId)).toMatchObject([
      { code: 'CDP.1', parent: null, position: 0 },
      { code: 'CDP.1.1', parent: 'CDP.1', position: 0 },
      { code: 'CDP.1.2', parent: 'CDP.1', position: 1 },
      { code: 'CDP.2', parent: null, position: 1 },
      { code: 'CDP.2.1', parent: 'CDP.2', position: 0 },
      { code: 'CDP.2.2', parent: 'CDP.2', position: 1 },
      { code: 'CDP.2.2.a', parent: 'CDP.2.2', position: 0 },
    ]);
    const detail = (
      await (await signedIn(t, w.teacher.id)).get(`/api/frameworks/${result.frameworkId}`)
    ).json().data;
    expect(detail).toMatchObject({
      importedFromCase: true,
      caseIdentifier: DOC,
      creator: 'Prairie Schools Teaching Collaborative',
      version: '1.0',
    });
    const { rows } = await t.database.db.execute(
      sql`select 1 from statements where object_id = ${result.frameworkId} and verb like '%imported'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('updates in place by identifier when imported again, counting what changed', async () => {
    const w = await buildWorld(t);
    const first = (await importPackage(w.admin.id, w.home.id)).json().data;
    const idsBefore = new Map((await storedTree(first.frameworkId)).map((c) => [c.code, c.id]));

    const again = await importPackage(w.admin.id, w.home.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().data).toMatchObject({
      frameworkId: first.frameworkId,
      created: 0,
      updated: 0,
      unchanged: 7,
    });

    const pkg = fixture();
    pkg.CFDocument.title = 'Classroom Discourse Practices, revised';
    pkg.CFItems[2].fullStatement = 'Gives every student time to think before anyone answers.';
    pkg.CFItems.push({
      identifier: 'a1000000-0000-4000-8000-000000000013',
      fullStatement: 'Names the norms.',
      humanCodingScheme: 'CDP.1.3',
    });
    pkg.CFAssociations.push({
      associationType: 'isChildOf',
      sequenceNumber: 3,
      originNodeURI: { identifier: 'a1000000-0000-4000-8000-000000000013' },
      destinationNodeURI: { identifier: 'a1000000-0000-4000-8000-000000000001' },
    });
    const revised = await importPackage(w.admin.id, w.home.id, pkg);
    expect(revised.json().data).toMatchObject({
      frameworkId: first.frameworkId,
      createdFramework: false,
      created: 1,
      updated: 1,
      unchanged: 6,
      removed: 0,
      kept: 0,
    });
    const after = await storedTree(first.frameworkId);
    for (const c of after) if (idsBefore.has(c.code)) expect(c.id).toBe(idsBefore.get(c.code));
    expect(after.find((c) => c.code === 'CDP.1.3')).toMatchObject({ parent: 'CDP.1', position: 2 });
    expect(await frameworkCount(w.home.id)).toBe(1);
    const detail = (await (await signedIn(t, w.admin.id)).get(`/api/frameworks/${first.frameworkId}`)).json()
      .data;
    expect(detail.title).toBe('Classroom Discourse Practices, revised');
  });

  it('removes items the package dropped, but keeps those a micro-credential is aligned to', async () => {
    const w = await buildWorld(t);
    const first = (await importPackage(w.admin.id, w.home.id)).json().data;
    const ids = new Map((await storedTree(first.frameworkId)).map((c) => [c.code, c.id]));
    await buildMicroCredential(t.database.db, {
      issuerOrgId: w.home.id,
      createdBy: w.admin.id,
      competencyIds: [ids.get('CDP.2.2.a')!],
    });
    const pkg = fixture();
    const dropped = new Set(['a1000000-0000-4000-8000-000000000022', 'a1000000-0000-4000-8000-000000000221']);
    pkg.CFItems = pkg.CFItems.filter((i) => !dropped.has(i.identifier as string));
    pkg.CFAssociations = pkg.CFAssociations.filter(
      (a) => !dropped.has((a.originNodeURI as { identifier: string }).identifier),
    );
    const response = await importPackage(w.admin.id, w.home.id, pkg);
    expect(response.json().data).toMatchObject({ created: 0, unchanged: 5, removed: 1, kept: 1 });
    const after = await storedTree(first.frameworkId);
    expect(after.map((c) => c.code)).not.toContain('CDP.2.2');
    // Its parent went, so the kept competency moves to the top level, after the package's own.
    expect(after.find((c) => c.code === 'CDP.2.2.a')).toMatchObject({
      id: ids.get('CDP.2.2.a'),
      parent: null,
      position: 2,
    });
  });

  it('imports the same package separately for another owner', async () => {
    const w = await buildWorld(t);
    const mine = (await importPackage(w.admin.id, w.home.id)).json().data;
    const theirs = await importPackage(w.outsideAdmin.id, w.outside.id);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().data.frameworkId).not.toBe(mine.frameworkId);
    const found = await (await signedIn(t, w.outsideTeacher.id)).get('/api/frameworks?q=Classroom Discourse');
    expect(found.json().data.map((f: { id: string }) => f.id)).toEqual([theirs.json().data.frameworkId]);
  });

  it('refuses a teacher and another district’s admin, and writes nothing', async () => {
    const w = await buildWorld(t);
    expect((await importPackage(w.teacher.id, w.home.id)).statusCode).toBe(403);
    expect((await importPackage(w.outsideAdmin.id, w.home.id)).statusCode).toBe(403);
    expect((await importPackage(w.teacher.id, w.home.id, { nonsense: true })).statusCode).toBe(403);
    expect(await frameworkCount(w.home.id)).toBe(0);
  });

  it('refuses a bad package naming the JSON path, and writes nothing', async () => {
    const w = await buildWorld(t);
    const pkg = fixture();
    delete pkg.CFItems[3].identifier;
    const response = await importPackage(w.admin.id, w.home.id, pkg);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(paths(response)).toEqual(['/body/package/CFItems/3/identifier']);

    const cyclic = fixture();
    (cyclic.CFAssociations[0].destinationNodeURI as { identifier: string }).identifier =
      'a1000000-0000-4000-8000-000000000011';
    const cycle = await importPackage(w.admin.id, w.home.id, cyclic);
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0].message).toMatch(/cycle/);

    const missing = await (await signedIn(t, w.admin.id)).post('/api/frameworks/import', {
      ownerOrgId: w.home.id,
    });
    expect(paths(missing)).toEqual(['/body/package']);
    const badOwner = await (await signedIn(t, w.admin.id)).post('/api/frameworks/import', {
      ownerOrgId: 'x',
      package: fixture(),
    });
    expect(paths(badOwner)).toEqual(['/body/ownerOrgId']);
    expect(await frameworkCount(w.home.id)).toBe(0);
  });

  it('takes the package as an uploaded .json file', async () => {
    const w = await buildWorld(t);
    const admin = await signedIn(t, w.admin.id);
    const upload = multipartImport(
      { ownerOrgId: w.home.id },
      { name: 'discourse.json', data: Buffer.from(fixtureText) },
    );
    const response = await admin.request(upload);
    expect(response.statusCode).toBe(201);
    expect(response.json().data).toMatchObject({ created: 7 });

    const notJson = await admin.request(
      multipartImport({ ownerOrgId: w.home.id }, { name: 'x.json', data: Buffer.from('{ nope') }),
    );
    expect(notJson.statusCode).toBe(400);
    expect(paths(notJson)).toEqual(['/body/file']);
    const broken = fixture();
    broken.CFItems[1].fullStatement = 7;
    const badItem = await admin.request(
      multipartImport(
        { ownerOrgId: w.home.id },
        { name: 'x.json', data: Buffer.from(JSON.stringify(broken)) },
      ),
    );
    expect(paths(badItem)).toEqual(['/body/file/CFItems/1/fullStatement']);
    expect(paths(await admin.request(multipartImport({ ownerOrgId: w.home.id })))).toEqual(['/body/file']);
  });

  it('refuses a package over 5 MB', async () => {
    const w = await buildWorld(t);
    const pkg = fixture();
    pkg.CFDocument.padding = 'x'.repeat(5.2 * 1024 * 1024);
    const response = await importPackage(w.admin.id, w.home.id, pkg);
    expect(response.statusCode).toBe(413);
  });
});

async function publish(userId: string, frameworkId: string, published = true) {
  const response = await (await signedIn(t, userId)).patch(`/api/frameworks/${frameworkId}`, { published });
  if (response.statusCode !== 200) throw new Error(`publish failed: ${response.statusCode} ${response.body}`);
  return response.json().data as { published: boolean };
}

/** CASE 1.0's identifier pattern: a UUID of version 1 to 5. */
const CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('publishing a framework', () => {
  it('keeps a new framework private: its CASE addresses answer 404 outside the owner’s scope', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.admin.id, w.home.id, 'Private by default');
    const c = await addCompetency(w.admin.id, framework.id, { code: 'P.1', statement: 'Plans' });
    const owner = await signedIn(t, w.admin.id);
    expect((await owner.get(`/api/frameworks/${framework.id}`)).json().data.published).toBe(false);
    const item = `/api/public/competencies/${c.id}`;
    const pkg = `/api/public/frameworks/${framework.id}/case`;
    for (const url of [item, pkg]) {
      expect((await agent(t).get(url)).statusCode).toBe(404);
      expect((await (await signedIn(t, w.outsideTeacher.id)).get(url)).statusCode).toBe(404);
      expect((await (await signedIn(t, w.outsideAdmin.id)).get(url)).statusCode).toBe(404);
      // A district in the same network is outside a district framework's scope too.
      expect((await (await signedIn(t, w.partnerTeacher.id)).get(url)).statusCode).toBe(404);
      const own = await (await signedIn(t, w.teacher.id)).get(url);
      expect(own.statusCode).toBe(200);
      expect(own.headers['cache-control']).toContain('no-store');
    }
  });

  it('serves a published framework to anyone, and hides it again when made private', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.admin.id, w.home.id, 'Shared with the world');
    const c = await addCompetency(w.admin.id, framework.id, { code: 'S.1', statement: 'Shares' });
    expect((await publish(w.admin.id, framework.id)).published).toBe(true);
    const item = `/api/public/competencies/${c.id}`;
    const pkg = `/api/public/frameworks/${framework.id}/case`;
    for (const url of [item, pkg]) {
      const response = await agent(t).get(url);
      expect(response.statusCode).toBe(200);
    }
    const { rows } = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_events where target_id = ${framework.id} order by at`,
    );
    expect(rows.map((r) => r.action)).toContain('framework.published');

    await publish(w.admin.id, framework.id, false);
    expect((await agent(t).get(item)).statusCode).toBe(404);
    expect((await agent(t).get(pkg)).statusCode).toBe(404);
  });

  it('lets only the owner’s admins publish, and refuses a flag that is not true or false', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.admin.id, w.home.id);
    const teacher = await (await signedIn(t, w.teacher.id)).patch(`/api/frameworks/${framework.id}`, {
      published: true,
    });
    expect(teacher.statusCode).toBe(403);
    const outsider = await (await signedIn(t, w.outsideAdmin.id)).patch(`/api/frameworks/${framework.id}`, {
      published: true,
    });
    expect(outsider.statusCode).toBe(404);
    const bad = await (await signedIn(t, w.admin.id)).patch(`/api/frameworks/${framework.id}`, {
      published: 'yes',
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/body/published']);
    const { rows } = await t.database.db.execute<{ published: boolean }>(
      sql`select published from competency_frameworks where id = ${framework.id}`,
    );
    expect(rows[0].published).toBe(false);
  });

  it('lets a network admin publish a network framework for the whole network', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.networkAdmin.id, w.network.id, 'Network practices');
    const pkg = `/api/public/frameworks/${framework.id}/case`;
    expect((await (await signedIn(t, w.partnerTeacher.id)).get(pkg)).statusCode).toBe(200);
    expect((await agent(t).get(pkg)).statusCode).toBe(404);
    await publish(w.networkAdmin.id, framework.id);
    expect((await agent(t).get(pkg)).statusCode).toBe(200);
  });
});

describe('public CASE answers', () => {
  it('serves a competency as a CFItem without sign-in, at its alignment URL', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.admin.id, w.home.id, 'Written in Trellis');
    const c = await addCompetency(w.admin.id, framework.id, {
      code: 'W.1',
      statement: 'Leads a study group',
    });
    await publish(w.admin.id, framework.id);
    const response = await agent(t).get(`/api/public/competencies/${c.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const url = competencyAlignmentUrl(t.config.PUBLIC_URL, { id: c.id, caseUri: null });
    expect(url).toBe(`http://trellis.test/api/public/competencies/${c.id}`);
    expect(response.json()).toMatchObject({
      uri: url,
      fullStatement: 'Leads a study group',
      humanCodingScheme: 'W.1',
      CFDocumentURI: { title: 'Written in Trellis' },
    });
    expect(response.json().identifier).toMatch(CASE_UUID);
    expect(response.json().CFDocumentURI.identifier).toMatch(CASE_UUID);
    expect((await agent(t).get(`/api/public/competencies/${framework.id}`)).statusCode).toBe(404);
  });

  it('points an imported competency at its CASE publisher’s URI', async () => {
    const w = await buildWorld(t);
    const { frameworkId } = (await importPackage(w.admin.id, w.home.id)).json().data;
    await publish(w.admin.id, frameworkId);
    const c = (await storedTree(frameworkId))[0];
    const item = (await agent(t).get(`/api/public/competencies/${c.id}`)).json();
    expect(item.identifier).toBe('a1000000-0000-4000-8000-000000000001');
    expect(item.uri).toBe('https://case.example.org/uri/a1000000-0000-4000-8000-000000000001');
  });

  it('keeps the source’s lastChangeDateTime for imported items and uses Trellis’s for edits made here', async () => {
    const w = await buildWorld(t);
    const { frameworkId } = (await importPackage(w.admin.id, w.home.id)).json().data;
    const owner = await signedIn(t, w.admin.id);
    const exported = async () => (await owner.get(`/api/public/frameworks/${frameworkId}/case`)).json();
    const first = await exported();
    expect(first.CFDocument.lastChangeDateTime).toBe('2025-03-01T12:00:00.000Z');
    expect(new Set(first.CFItems.map((i: { lastChangeDateTime: string }) => i.lastChangeDateTime))).toEqual(
      new Set(['2025-03-01T12:00:00.000Z']),
    );
    // Importing again does not claim the source's items changed.
    expect((await importPackage(w.admin.id, w.home.id)).json().data.unchanged).toBe(7);
    expect((await exported()).CFItems[0].lastChangeDateTime).toBe('2025-03-01T12:00:00.000Z');
    // A newer source time is taken from the package.
    const newer = fixture();
    newer.CFItems[0].lastChangeDateTime = '2026-01-02T03:04:05Z';
    expect((await importPackage(w.admin.id, w.home.id, newer)).json().data.updated).toBe(1);
    const identifier = newer.CFItems[0].identifier;
    const find = (pkg: { CFItems: Array<{ identifier: string; lastChangeDateTime: string }> }) =>
      pkg.CFItems.find((i) => i.identifier === identifier)!;
    expect(find(await exported()).lastChangeDateTime).toBe('2026-01-02T03:04:05.000Z');
    // An edit in Trellis makes it Trellis's change.
    const c = (await storedTree(frameworkId)).find((row) => row.code === newer.CFItems[0].humanCodingScheme)!;
    const before = Date.now();
    await owner.patch(`/api/competencies/${c.id}`, { statement: 'Reworded here' });
    const after = await exported();
    expect(Date.parse(find(after).lastChangeDateTime)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(after.CFDocument.lastChangeDateTime)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('orders an imported framework’s children by sequenceNumber, else by the natural order of their codes', async () => {
    const w = await buildWorld(t);
    const pkg = {
      CFDocument: { identifier: '0b0e6b1e-1111-4222-8333-444455556666', title: 'Coded in order' },
      CFItems: ['1.10', '1.2', '1.1'].map((code, i) => ({
        identifier: `0b0e6b1e-1111-4222-8333-00000000000${i}`,
        fullStatement: `Statement ${code}`,
        humanCodingScheme: code,
      })),
      CFAssociations: [],
    };
    const { frameworkId } = (await importPackage(w.admin.id, w.home.id, pkg)).json().data;
    const detail = (await (await signedIn(t, w.admin.id)).get(`/api/frameworks/${frameworkId}`)).json().data;
    expect(detail.competencies.map((c: { code: string }) => c.code)).toEqual(['1.1', '1.2', '1.10']);
  });

  it('exports a framework as a CFPackage that imports into another district as the same tree', async () => {
    const w = await buildWorld(t);
    const framework = await createFramework(w.admin.id, w.home.id, 'Round trip');
    const a = await addCompetency(w.admin.id, framework.id, { code: 'R.1', statement: 'One' });
    await addCompetency(w.admin.id, framework.id, { code: 'R.2', statement: 'Two' });
    await addCompetency(w.admin.id, framework.id, { parentId: a.id, code: 'R.1.1', statement: 'One, first' });
    await publish(w.admin.id, framework.id);
    const exported = await agent(t).get(`/api/public/frameworks/${framework.id}/case`);
    expect(exported.statusCode).toBe(200);
    expect(exported.json().CFAssociations).toHaveLength(3);
    for (const node of [exported.json().CFDocument, ...exported.json().CFItems])
      expect(node.identifier).toMatch(CASE_UUID);

    const imported = await importPackage(w.outsideAdmin.id, w.outside.id, exported.json());
    expect(imported.statusCode).toBe(201);
    const strip = (rows: Awaited<ReturnType<typeof storedTree>>) =>
      rows.map(({ code, parent, position }) => ({ code, parent, position }));
    expect(strip(await storedTree(imported.json().data.frameworkId))).toEqual(
      strip(await storedTree(framework.id)),
    );
    const again = await importPackage(w.outsideAdmin.id, w.outside.id, exported.json());
    expect(again.json().data).toMatchObject({ createdFramework: false, unchanged: 3 });
  });
});
