import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '#server/db/client.ts';
import { VERBS } from '#server/platform/statements.ts';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { ResourceResponse } from '#shared/contracts/resources.ts';
import { buildWorld, uploadPng } from './test-world.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

async function rows<T extends Record<string, unknown>>(db: Db, query: ReturnType<typeof sql>) {
  return (await db.execute<T>(query)).rows;
}

const bundle = (fileIds: string[], extra: Record<string, unknown> = {}) => ({
  kind: 'assessment_bundle',
  title: 'Fractions performance task',
  summary: 'A task, its rubric and annotated work.',
  notesMd: 'Use **after** the unit. <script>alert(1)</script>',
  subjects: ['Mathematics'],
  gradeBands: ['3-5'],
  alignments: ['Fractions', 'fractions', 'Number Sense'],
  licence: 'cc-by-sa',
  audience: 'public',
  items: [
    ...fileIds.map((fileId, i) => ({ type: 'file', fileId, commentary: `Part ${i + 1}` })),
    { type: 'link', url: 'https://example.org/brief', title: 'Research brief', commentary: 'Why it works' },
  ],
  ...extra,
});

describe('sharing a resource', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).post('/api/resources', bundle([]))).statusCode).toBe(401);
  });

  it('shares a bundle of files with commentary in one transaction, with a shared statement', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const as = await signedIn(t, w.owner.id);
    const files = [await uploadPng(as, 'task.png'), await uploadPng(as, 'rubric.png')];
    const response = await as.post(
      '/api/resources',
      bundle(files, { audience: 'network', audienceId: w.network.id }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const r = response.json().data;
    expect(r).toMatchObject({
      kind: 'assessment_bundle',
      title: 'Fractions performance task',
      alignments: ['Fractions', 'Number Sense'],
      licence: 'cc-by-sa',
      version: 1,
      owner: { id: w.owner.id },
      audience: { audience: 'network', name: w.network.name },
      audienceId: w.network.id,
      remixOf: null,
      permissions: { canEdit: true, canRemix: true, remixLicences: ['cc-by-sa'], remixRefusal: null },
    });
    expect(r.notesHtml).toContain('<strong>after</strong>');
    expect(r.notesHtml).not.toContain('<script>');
    expect(r.items).toHaveLength(3);
    expect(r.items[0]).toMatchObject({ type: 'file', commentary: 'Part 1', file: { filename: 'task.png' } });
    expect(r.items[2]).toMatchObject({ type: 'link', url: 'https://example.org/brief' });
    // The page, sent as JSON text, says what the answer to the share said, held to the contract.
    const read = (await as.get(`/api/resources/${r.id}`)).json();
    expect(ResourceResponse.parse(read)).toEqual(read);
    expect(read.data).toEqual(r);

    const [stored] = await rows<{ district_id: string; school_id: string }>(
      db,
      sql`select district_id, school_id from resources where id = ${r.id}`,
    );
    expect(stored).toEqual({ district_id: w.district.id, school_id: w.school.id });
    expect(
      await rows(
        db,
        sql`select file_id from resource_version_files where resource_id = ${r.id} and version = 1`,
      ),
    ).toHaveLength(2);
    const statements = await rows<{ actor_id: string; object_type: string; district_id: string }>(
      db,
      sql`select actor_id, object_type, district_id from statements
           where verb = ${VERBS.shared} and object_id = ${r.id}`,
    );
    expect(statements).toEqual([
      { actor_id: w.owner.id, object_type: 'resource', district_id: w.district.id },
    ]);
  });

  it('names each bad field and changes nothing', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const as = await signedIn(t, w.owner.id);
    const theirs = await uploadPng(await signedIn(t, w.sameSchool.id));
    const mine = await uploadPng(as);
    const before = (await rows<{ n: number }>(db, sql`select count(*)::int as n from resources`))[0].n;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, '/body/title'],
      [{ kind: 'poem' }, '/body/kind'],
      [{ licence: 'gpl' }, '/body/licence'],
      [{ subjects: ['Astrology'] }, '/body/subjects/0'],
      [{ items: [{ type: 'link', url: 'javascript:alert(1)', title: 'x' }] }, '/body/items/0/url'],
      [{ items: [{ type: 'file', fileId: theirs }] }, '/body/items/0/fileId'],
      [{ items: [{ type: 'file', fileId: MISSING }] }, '/body/items/0/fileId'],
      [
        {
          items: [
            { type: 'file', fileId: mine },
            { type: 'file', fileId: mine },
          ],
        },
        '/body/items/1/fileId',
      ],
      [
        { items: Array.from({ length: 21 }, () => ({ type: 'link', url: 'https://a.example', title: 'a' })) },
        '/body/items',
      ],
      [{ audience: 'school' }, '/body/audienceId'],
      [{ audience: 'school', audienceId: w.otherSchool.id }, '/body/audienceId'],
      [{ audience: 'district', audienceId: w.partner.id }, '/body/audienceId'],
      [{ audience: 'community', audienceId: MISSING }, '/body/audienceId'],
      [{ surprise: true }, '/body'],
    ];
    for (const [change, path] of cases) {
      const response = await as.post('/api/resources', { ...bundle([]), ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(
        response.json().errors.map((e: { path: string }) => e.path),
        JSON.stringify(change),
      ).toContain(path);
    }
    expect((await rows<{ n: number }>(db, sql`select count(*)::int as n from resources`))[0].n).toBe(before);
  });
});

describe('where one may share', () => {
  it('names the school, district, networks and live communities of the person', async () => {
    const w = await buildWorld(t.database.db);
    for (const other of [{ archived: true }, { status: 'invited' as const }])
      await buildCommunity(t.database.db, {
        districtId: w.district.id,
        createdBy: w.owner.id,
        archived: other.archived,
        members: [{ userId: w.owner.id, status: other.status }],
      });
    expect((await agent(t).get('/api/resources/audience-options')).statusCode).toBe(401);
    const options = (await (await signedIn(t, w.owner.id)).get('/api/resources/audience-options')).json()
      .data;
    expect(options).toEqual({
      school: { id: w.school.id, name: w.school.name },
      schools: [{ id: w.school.id, name: w.school.name }],
      district: { id: w.district.id, name: w.district.name },
      networks: [{ id: w.network.id, name: w.network.name }],
      communities: [{ id: w.community.id, name: w.community.name }],
    });
    const outsider = (await (await signedIn(t, w.stranger.id)).get('/api/resources/audience-options')).json()
      .data;
    expect(outsider).toMatchObject({ school: null, schools: [], networks: [], communities: [] });
  });
});

describe('a resource page', () => {
  it('is seen by exactly its audience', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const as = await signedIn(t, w.owner.id);
    const people: Record<string, Agent> = {
      owner: as,
      sameSchool: await signedIn(t, w.sameSchool.id),
      sameDistrict: await signedIn(t, w.sameDistrict.id),
      inNetwork: await signedIn(t, w.inNetwork.id),
      stranger: await signedIn(t, w.stranger.id),
    };
    const cases = [
      ['private', null, ['owner']],
      ['school', w.school.id, ['owner', 'sameSchool']],
      ['district', w.district.id, ['owner', 'sameSchool', 'sameDistrict']],
      ['network', w.network.id, ['owner', 'sameSchool', 'sameDistrict', 'inNetwork']],
      ['community', w.community.id, ['owner', 'inNetwork']],
      ['public', null, ['owner', 'sameSchool', 'sameDistrict', 'inNetwork', 'stranger']],
    ] as const;
    for (const [audience, audienceId, allowed] of cases) {
      const response = await as.post('/api/resources', { ...bundle([]), audience, audienceId });
      expect(response.statusCode, response.body).toBe(201);
      const id = response.json().data.id;
      for (const [who, client] of Object.entries(people)) {
        const page = await client.get(`/api/resources/${id}`);
        expect(page.statusCode, `${audience} → ${who}`).toBe(
          (allowed as readonly string[]).includes(who) ? 200 : 404,
        );
        // Sent as JSON text without the serializer's check: held to the contract here, no field
        // missing, none more (parsing would drop one the contract does not name).
        if (page.statusCode === 200) expect(ResourceResponse.parse(page.json())).toEqual(page.json());
        if (page.statusCode === 200 && who !== 'owner') {
          expect(page.json().data.permissions.canEdit).toBe(false);
          expect(page.json().data.audienceId).toBeNull();
        }
      }
    }
    expect((await agent(t).get(`/api/resources/${MISSING}`)).statusCode).toBe(401);
    expect((await as.get(`/api/resources/${MISSING}`)).statusCode).toBe(404);
    expect((await as.get('/api/resources/nope')).statusCode).toBe(400);
  });

  it('tells why a resource whose licence forbids derivatives cannot be remixed', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const id = (await as.post('/api/resources', { ...bundle([]), licence: 'cc-by-nd' })).json().data.id;
    const page = (await (await signedIn(t, w.stranger.id)).get(`/api/resources/${id}`)).json().data;
    expect(page.permissions).toMatchObject({ canRemix: false, remixLicences: [] });
    expect(page.permissions.remixRefusal).toContain('CC BY-ND 4.0');
  });
});

describe('editing makes versions', () => {
  it('keeps every version whole, lists them, and tells what changed', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const as = await signedIn(t, w.owner.id);
    const [task, rubric, work] = [
      await uploadPng(as, 'task.png'),
      await uploadPng(as, 'rubric.png'),
      await uploadPng(as, 'work.png'),
    ];
    const id = (await as.post('/api/resources', bundle([task, rubric]))).json().data.id;
    const reader = await signedIn(t, w.stranger.id);

    expect((await agent(t).patch(`/api/resources/${id}`, { title: 'x' })).statusCode).toBe(401);
    expect((await reader.patch(`/api/resources/${id}`, { title: 'Mine now' })).statusCode).toBe(403);
    expect((await as.patch(`/api/resources/${id}`, { title: '' })).json().errors[0].path).toBe('/body/title');
    expect((await as.patch(`/api/resources/${MISSING}`, { title: 'x' })).statusCode).toBe(404);

    const edited = await as.patch(`/api/resources/${id}`, {
      title: 'Fractions performance task for grade 4',
      gradeBands: ['3-5', '6-8'],
      items: [
        { type: 'file', fileId: task, commentary: 'The revised task' },
        { type: 'file', fileId: work, commentary: 'Student work, names removed' },
      ],
      changeNote: 'Adapted for grade 4',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().data).toMatchObject({ version: 2, changeNote: 'Adapted for grade 4' });
    expect((await reader.get(`/api/resources/${id}`)).json().data.title).toBe(
      'Fractions performance task for grade 4',
    );

    const versions = (await reader.get(`/api/resources/${id}/versions`)).json();
    expect(versions.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.data[0]).toMatchObject({ changeNote: 'Adapted for grade 4', editor: { id: w.owner.id } });
    const paged = (await reader.get(`/api/resources/${id}/versions?limit=1`)).json();
    expect(paged.data).toHaveLength(1);
    const rest = (
      await reader.get(`/api/resources/${id}/versions?limit=1&cursor=${paged.nextCursor}`)
    ).json();
    expect(rest.data.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(rest.nextCursor).toBeNull();

    const v1 = await reader.get(`/api/resources/${id}/versions/1`);
    expect(v1.statusCode).toBe(200);
    expect(v1.json().data).toMatchObject({
      version: 1,
      currentVersion: 2,
      title: 'Fractions performance task',
    });
    // An older version's files stay downloadable through the resource.
    const oldRubric = v1.json().data.items.find((i: { file?: { id: string } }) => i.file?.id === rubric);
    expect((await reader.get(oldRubric.downloadUrl)).statusCode).toBe(200);
    expect((await reader.get(`/api/resources/${id}/versions/9`)).statusCode).toBe(404);
    expect((await reader.get(`/api/resources/${id}/versions/0`)).statusCode).toBe(400);

    const changes = (await reader.get(`/api/resources/${id}/changes`)).json().data;
    expect(changes.from.version).toBe(1);
    expect(changes.to.version).toBe(2);
    expect(changes.changes.title).toContainEqual({ kind: 'added', text: expect.stringContaining('grade') });
    expect(changes.changes.gradeBands).toEqual({ added: ['6-8'], removed: [] });
    expect(changes.changes.items.added.map((i: { label: string }) => i.label)).toEqual(['work.png']);
    expect(changes.changes.items.removed.map((i: { label: string }) => i.label)).toEqual([
      'rubric.png',
      'Research brief',
    ]);
    expect(changes.changes.items.commentaryChanged.map((i: { label: string }) => i.label)).toEqual([
      'task.png',
    ]);
    expect((await reader.get(`/api/resources/${id}/changes?from=2&to=1`)).json().errors[0].path).toBe(
      '/querystring/from',
    );
    expect((await reader.get(`/api/resources/${id}/changes?from=1&to=7`)).statusCode).toBe(404);

    const updated = await rows(
      db,
      sql`select 1 from statements where verb = ${VERBS.updated} and object_id = ${id} and actor_id = ${w.owner.id}`,
    );
    expect(updated).toHaveLength(1);
  });

  it('hides versions and changes from those who may not see the resource', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const { id } = await buildResource(db, {
      ownerId: w.owner.id,
      districtId: w.district.id,
      audience: 'private',
    });
    const stranger = await signedIn(t, w.stranger.id);
    for (const url of ['versions', 'versions/1', 'changes', 'remixes'])
      expect((await stranger.get(`/api/resources/${id}/${url}`)).statusCode, url).toBe(404);
    expect((await stranger.patch(`/api/resources/${id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await stranger.delete(`/api/resources/${id}`)).statusCode).toBe(404);
    expect((await agent(t).get(`/api/resources/${id}/versions`)).statusCode).toBe(401);
  });

  it('lets only the owner withdraw a resource, after which it is gone for everyone', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const reader = await signedIn(t, w.sameDistrict.id);
    const id = (await as.post('/api/resources', bundle([]))).json().data.id;
    expect((await agent(t).delete(`/api/resources/${id}`)).statusCode).toBe(401);
    expect((await reader.delete(`/api/resources/${id}`)).statusCode).toBe(403);
    expect((await as.delete(`/api/resources/${id}`)).statusCode).toBe(204);
    expect((await as.get(`/api/resources/${id}`)).statusCode).toBe(404);
    expect((await reader.get(`/api/resources/${id}`)).statusCode).toBe(404);
    expect((await as.delete(`/api/resources/${id}`)).statusCode).toBe(404);
  });
});

describe('remixing', () => {
  it('copies the current version with its files, links back, counts and records the remix on the source', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const coach = await signedIn(t, w.owner.id);
    const teacher = await signedIn(t, w.inNetwork.id);
    const files = [await uploadPng(coach, 'task.png')];
    const source = (
      await coach.post(
        '/api/resources',
        bundle(files, { licence: 'cc-by', audience: 'network', audienceId: w.network.id }),
      )
    ).json().data;

    expect(
      (await agent(t).post(`/api/resources/${source.id}/remixes`, { licence: 'cc-by', audience: 'private' }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await teacher.post(`/api/resources/${source.id}/remixes`, { licence: 'nope', audience: 'private' })
      ).json().errors[0].path,
    ).toBe('/body/licence');
    expect(
      (
        await teacher.post(`/api/resources/${source.id}/remixes`, {
          licence: 'cc-by',
          audience: 'district',
          audienceId: w.district.id,
        })
      ).json().errors[0].path,
    ).toBe('/body/audienceId');

    const response = await teacher.post(`/api/resources/${source.id}/remixes`, {
      licence: 'cc-by-nc',
      audience: 'district',
      audienceId: w.partner.id,
      title: 'Fractions task, grade 4',
    });
    expect(response.statusCode, response.body).toBe(201);
    const remix = response.json().data;
    expect(remix).toMatchObject({
      title: 'Fractions task, grade 4',
      licence: 'cc-by-nc',
      version: 1,
      owner: { id: w.inNetwork.id },
      remixOf: { id: source.id, title: source.title },
      remixOfVersion: 1,
      permissions: { canEdit: true },
    });
    expect(remix.items.map((i: { type: string }) => i.type)).toEqual(['file', 'link']);
    expect(remix.items[0].file.id).toBe(files[0]);
    expect((await teacher.get(remix.items[0].downloadUrl)).statusCode).toBe(200);
    // The remixer may keep the copied file when adapting the remix.
    const adapted = await teacher.patch(`/api/resources/${remix.id}`, {
      items: [{ type: 'file', fileId: files[0], commentary: 'Used with grade 4' }],
      changeNote: 'For grade 4',
    });
    expect(adapted.statusCode, adapted.body).toBe(200);
    // ...but not put it in another resource of theirs.
    const elsewhere = await teacher.post('/api/resources', {
      ...bundle([]),
      items: [{ type: 'file', fileId: files[0] }],
    });
    expect(elsewhere.json().errors[0].path).toBe('/body/items/0/fileId');

    const sourcePage = (await coach.get(`/api/resources/${source.id}`)).json().data;
    expect(sourcePage.remixCount).toBe(1);
    // The coach's district cannot see a remix shared with the partner district.
    expect(sourcePage.visibleRemixCount).toBe(0);
    expect((await coach.get(`/api/resources/${source.id}/remixes`)).json().data).toEqual([]);
    const listed = (await teacher.get(`/api/resources/${source.id}/remixes`)).json();
    expect(listed.data.map((r: { id: string }) => r.id)).toEqual([remix.id]);
    expect((await teacher.get(`/api/resources/${source.id}`)).json().data.visibleRemixCount).toBe(1);

    const [statement] = await rows<{ object_id: string; actor_id: string; body: { result: unknown } }>(
      db,
      sql`select object_id, actor_id, body from statements where verb = ${VERBS.remixed} and actor_id = ${w.inNetwork.id}`,
    );
    expect(statement.object_id).toBe(source.id);
    expect(JSON.stringify(statement.body.result)).toContain(remix.id);

    // The source is narrowed to its community afterwards. A colleague of the remixer still sees the
    // remix, but not the source: not its title, and not the file the remix copied from it.
    const colleague = await signedIn(t, (await buildUser(db, { districtId: w.partner.id })).id);
    expect((await colleague.get(remix.items[0].downloadUrl)).statusCode).toBe(200);
    const narrowed = await coach.patch(`/api/resources/${source.id}`, {
      audience: 'community',
      audienceId: w.community.id,
      changeNote: 'Community only',
    });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    const seen = await colleague.get(`/api/resources/${remix.id}`);
    expect(seen.json().data.remixOf).toBeNull();
    expect(seen.body).not.toContain(source.title);
    expect((await colleague.get(`/api/resources/${remix.id}/versions`)).body).not.toContain(source.title);
    expect((await colleague.get(remix.items[0].downloadUrl)).statusCode).toBe(404);
    // The remixer is in the source's community, so the copied file still reaches them.
    expect((await teacher.get(remix.items[0].downloadUrl)).statusCode).toBe(200);
    // A withdrawn remix is no longer counted on the source's page, even for its own remixer.
    expect((await teacher.get(`/api/resources/${source.id}`)).json().data.visibleRemixCount).toBe(1);
    expect((await teacher.delete(`/api/resources/${remix.id}`)).statusCode).toBe(204);
    expect((await teacher.get(`/api/resources/${source.id}`)).json().data.visibleRemixCount).toBe(0);
  });

  it("never shares a remix more widely than its source, so the source's files stay within its audience", async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const coach = await signedIn(t, w.owner.id);
    const teacher = await signedIn(t, w.inNetwork.id);
    const files = [await uploadPng(coach, 'community-only.png')];
    const source = (
      await coach.post(
        '/api/resources',
        bundle(files, { licence: 'cc-by', audience: 'community', audienceId: w.community.id }),
      )
    ).json().data;
    for (const wider of [
      { audience: 'district', audienceId: w.partner.id },
      { audience: 'network', audienceId: w.network.id },
      { audience: 'public' },
    ]) {
      const refused = await teacher.post(`/api/resources/${source.id}/remixes`, {
        licence: 'cc-by',
        ...wider,
      });
      expect(refused.statusCode, wider.audience).toBe(400);
      expect(refused.json().errors[0].path).toBe('/body/audience');
    }
    expect(
      (await rows(db, sql`select 1 from resources where remix_of_id = ${source.id}`)).length,
      'nothing written',
    ).toBe(0);

    const kept = await teacher.post(`/api/resources/${source.id}/remixes`, {
      licence: 'cc-by',
      audience: 'community',
      audienceId: w.community.id,
    });
    expect(kept.statusCode, kept.body).toBe(201);
    const remix = kept.json().data;
    // Widening the remix later is refused the same way.
    const widened = await teacher.patch(`/api/resources/${remix.id}`, {
      audience: 'district',
      audienceId: w.partner.id,
      changeNote: 'For my district',
    });
    expect(widened.statusCode).toBe(400);
    expect(widened.json().errors[0].path).toBe('/body/audience');
    const stranger = await signedIn(t, (await buildUser(db, { districtId: w.partner.id })).id);
    expect((await stranger.get(`/api/resources/${remix.id}`)).statusCode).toBe(404);
    expect((await stranger.get(remix.items[0].downloadUrl)).statusCode).toBe(404);

    // Within a network source, a remix may go to a member district but not to everyone.
    const networkSource = (
      await coach.post('/api/resources', {
        ...bundle([]),
        licence: 'cc-by',
        audience: 'network',
        audienceId: w.network.id,
      })
    ).json().data;
    expect(
      (
        await teacher.post(`/api/resources/${networkSource.id}/remixes`, {
          licence: 'cc-by',
          audience: 'district',
          audienceId: w.partner.id,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await teacher.post(`/api/resources/${networkSource.id}/remixes`, {
          licence: 'cc-by',
          audience: 'public',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('keeps a share-alike licence, and refuses licences that forbid derivatives', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const coach = await signedIn(t, w.owner.id);
    const teacher = await signedIn(t, w.stranger.id);
    const sa = (await coach.post('/api/resources', { ...bundle([]), licence: 'cc-by-sa' })).json().data.id;
    const wrong = await teacher.post(`/api/resources/${sa}/remixes`, {
      licence: 'cc-by',
      audience: 'private',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({
      path: '/body/licence',
      message: expect.stringContaining('CC BY-SA 4.0'),
    });
    expect(
      (await teacher.post(`/api/resources/${sa}/remixes`, { licence: 'cc-by-sa', audience: 'private' }))
        .statusCode,
    ).toBe(201);

    for (const [licence, label] of [
      ['cc-by-nd', 'CC BY-ND 4.0'],
      ['cc-by-nc-nd', 'CC BY-NC-ND 4.0'],
      ['all-rights-reserved', 'All rights reserved'],
    ] as const) {
      const id = (await coach.post('/api/resources', { ...bundle([]), licence })).json().data.id;
      const refused = await teacher.post(`/api/resources/${id}/remixes`, { licence, audience: 'private' });
      expect(refused.statusCode, licence).toBe(409);
      expect(refused.json().detail).toContain(label);
      const [row] = await rows<{ remix_count: number }>(
        db,
        sql`select remix_count from resources where id = ${id}`,
      );
      expect(row.remix_count).toBe(0);
    }
    const [made] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from resources where owner_id = ${w.stranger.id}`,
    );
    expect(made.n).toBe(1);
  });

  it('cannot remix what one cannot see', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const { id } = await buildResource(db, {
      ownerId: w.owner.id,
      districtId: w.district.id,
      audience: 'private',
    });
    const stranger = await signedIn(t, w.stranger.id);
    const response = await stranger.post(`/api/resources/${id}/remixes`, {
      licence: 'cc-by',
      audience: 'private',
    });
    expect(response.statusCode).toBe(404);
    const [row] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from resources where remix_of_id = ${id}`,
    );
    expect(row.n).toBe(0);
  });
});
