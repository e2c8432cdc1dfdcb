import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';
import { seedPlanDemo } from '#server/db/seed/plan-demo.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import {
  addPlanRow,
  cellText,
  fromBase64,
  planRows,
  planText,
  readPlan,
  toBase64,
} from '#shared/lesson-plan.ts';
import { planPointsToNotice, planTopics } from './feature-parts.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

/**
 * A lesson study of three teachers from two districts in one network: Ana facilitates, Ben and Cal
 * take part; Dee belongs to the community but not the cycle; Eve's district is outside the network.
 */
async function buildWorld(options: { status?: 'active' | 'completed' } = {}) {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const far = await buildDistrict(db);
  const network = await buildNetwork(db, [north.id, south.id]);
  const ana = await buildUser(db, { districtId: north.id, name: `Ana ${uniqueWord()}` });
  const ben = await buildUser(db, { districtId: south.id, name: `Ben ${uniqueWord()}` });
  const cal = await buildUser(db, { districtId: north.id, name: `Cal ${uniqueWord()}` });
  const dee = await buildUser(db, { districtId: north.id, name: `Dee ${uniqueWord()}` });
  const eve = await buildUser(db, { districtId: far.id, name: `Eve ${uniqueWord()}` });
  const community = await buildCommunity(db, {
    createdBy: ana.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    members: [
      { userId: ana.id, role: 'facilitator' },
      { userId: ben.id },
      { userId: cal.id },
      { userId: dee.id },
    ],
  });
  const cycleId = uuidv7();
  await db.execute(sql`
    insert into inquiry_cycles (id, kind, title, community_id, network_id, facilitator_id, template_base, status,
                                current_phase, subjects, starts_on, ends_on, member_count, created_by)
    values (${cycleId}, 'lesson_study', 'Fractions on the number line', ${community.id}, ${network.id}, ${ana.id},
            'classic_lesson_study', ${options.status ?? 'active'}, 'plan', '{math}', '2026-09-01', '2026-12-01', 3,
            ${ana.id})`);
  await db.execute(sql`
    insert into inquiry_cycle_members (cycle_id, user_id, role)
    values (${cycleId}, ${ana.id}, 'facilitator'), (${cycleId}, ${ben.id}, 'member'), (${cycleId}, ${cal.id}, 'member')`);
  return {
    network,
    community,
    cycleId,
    ana,
    ben,
    dee,
    eve,
    as: {
      ana: await signedIn(t, ana.id),
      ben: await signedIn(t, ben.id),
      cal: await signedIn(t, cal.id),
      dee: await signedIn(t, dee.id),
      eve: await signedIn(t, eve.id),
    },
  };
}

type World = Awaited<ReturnType<typeof buildWorld>>;
type Agent = World['as']['ana'];

/** A page's copy of a plan version: its document, kept current by fetching updates. */
async function openPlan(as: Agent, cycleId: string, version = 1) {
  const res = await as.get(`/api/inquiry/cycles/${cycleId}/plans/${version}`);
  expect(res.statusCode).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, fromBase64(res.json().data.state));
  let seq: number = res.json().data.seq;
  return {
    doc,
    /** Makes a change and answers the update it made, without sending it. */
    edit(change: (doc: Y.Doc) => void): string {
      let made: Uint8Array | null = null;
      const take = (u: Uint8Array) => {
        made = u;
      };
      doc.once('update', take);
      doc.transact(() => change(doc));
      if (!made) throw new Error('the change made no update');
      return toBase64(made);
    },
    send(update: string, v = version) {
      return as.post(`/api/inquiry/cycles/${cycleId}/plans/${v}/updates`, { update });
    },
    async pull() {
      const got = await as.get(`/api/inquiry/cycles/${cycleId}/plans/${version}/updates?after=${seq}`);
      expect(got.statusCode).toBe(200);
      for (const u of got.json().data.updates) Y.applyUpdate(doc, fromBase64(u.update));
      seq = got.json().data.seq;
    },
  };
}

const cell = (doc: Y.Doc, index: number, column: 'activities' | 'responses' | 'support' | 'notice') =>
  cellText(planRows(doc).get(index), column) as Y.Text;

describe('the research-lesson plan', () => {
  it('starts a plan for the team only, with the four columns, and refuses everyone else as if it did not exist', async () => {
    const w = await buildWorld();
    const path = `/api/inquiry/cycles/${w.cycleId}/plans`;
    expect((await agent(t).get(path)).statusCode).toBe(401);
    expect((await w.as.dee.get(path)).statusCode).toBe(404);
    expect((await w.as.eve.post(path, {})).statusCode).toBe(404);
    expect((await w.as.ana.get(`/api/inquiry/cycles/${MISSING}/plans`)).statusCode).toBe(404);

    const empty = await w.as.ben.get(path);
    expect(empty.json()).toMatchObject({
      data: { versions: [], caseStudents: [] },
      abilities: { edit: true },
    });
    const started = await w.as.ben.post(path, {});
    expect(started.statusCode).toBe(201);
    expect(started.json().data).toMatchObject({ version: 1, editable: true, createdBy: { id: w.ben.id } });

    const page = await w.as.cal.get(`${path}/1`);
    const { content } = page.json().data;
    expect(content.title).toBe('Fractions on the number line');
    expect(content.rows.length).toBeGreaterThan(2);
    expect(Object.keys(content.rows[0].cells)).toEqual(['activities', 'responses', 'support', 'notice']);
    expect((await w.as.dee.get(`${path}/1`)).statusCode).toBe(404);
    expect((await w.as.ana.get(`${path}/2`)).statusCode).toBe(404);
    expect((await w.as.ana.get(`${path}/zero`)).headers['content-type']).toContain(
      'application/problem+json',
    );
  });

  it('merges two teachers typing in the same cell at once, losing neither one’s words', async () => {
    const w = await buildWorld();
    await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {});
    const ana = await openPlan(w.as.ana, w.cycleId);
    const ben = await openPlan(w.as.ben, w.cycleId);

    // Both type in the same cell before either hears of the other.
    const fromAna = ana.edit((doc) => cell(doc, 1, 'responses').insert(0, 'Some place 1/3 after 1/2. '));
    const fromBen = ben.edit((doc) => cell(doc, 1, 'responses').insert(0, 'Others count the tick marks. '));
    expect((await ana.send(fromAna)).statusCode).toBe(201);
    expect((await ben.send(fromBen)).statusCode).toBe(201);
    await ana.pull();
    await ben.pull();

    const text = cell(ana.doc, 1, 'responses').toString();
    expect(text).toContain('Some place 1/3 after 1/2.');
    expect(text).toContain('Others count the tick marks.');
    expect(cell(ben.doc, 1, 'responses').toString()).toBe(text);

    // Whoever opens the plan later reads the same, as does the printable text.
    const page = await w.as.cal.get(`/api/inquiry/cycles/${w.cycleId}/plans/1`);
    expect(page.json().data.content.rows[1].cells.responses).toBe(text);
  });

  it('keeps a colleague’s words when another removes the row they are typing in, so it can be put back', async () => {
    const w = await buildWorld();
    await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {});
    const ana = await openPlan(w.as.ana, w.cycleId);
    const ben = await openPlan(w.as.ben, w.cycleId);
    const rowId = String(planRows(ana.doc).get(2).get('id'));
    await ana.send(ana.edit((doc) => planRows(doc).get(2).set('removed', true)));
    await ben.send(ben.edit((doc) => cell(doc, 2, 'support').insert(0, 'Offer fraction strips.')));
    await ana.pull();
    const row = readPlan(ana.doc).rows.find((r) => r.id === rowId);
    expect(row).toMatchObject({ removed: true, cells: { support: 'Offer fraction strips.' } });
  });

  it('refuses what is not an update of the plan, naming the field, and changes nothing', async () => {
    const w = await buildWorld();
    await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {});
    const path = `/api/inquiry/cycles/${w.cycleId}/plans/1/updates`;
    for (const update of ['not base64!', toBase64(new Uint8Array([1, 2, 3, 250, 7])), '']) {
      const res = await w.as.ana.post(path, { update });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].path).toBe('/body/update');
    }
    expect((await w.as.ana.get(`${path}?after=1`)).json().data.updates).toEqual([]);
    expect((await w.as.dee.post(path, { update: 'AAA=' })).statusCode).toBe(404);
    expect((await agent(t).post(path, { update: 'AAA=' })).statusCode).toBe(401);
  });

  it('lets no one change the plan of a completed cycle', async () => {
    const w = await buildWorld({ status: 'completed' });
    expect((await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {})).statusCode).toBe(403);
    expect(
      (await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/case-students`, { pseudonym: 'Student A' }))
        .statusCode,
    ).toBe(403);
  });

  it('merges many saves into one now and then, and a page that had read half-way still catches up', async () => {
    const w = await buildWorld();
    await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {});
    const ana = await openPlan(w.as.ana, w.cycleId);
    const ben = await openPlan(w.as.ben, w.cycleId);
    for (let i = 0; i < 60; i++) await ana.send(ana.edit((doc) => planText(doc, 'goals').insert(0, 'a')));
    await ben.pull();
    for (let i = 0; i < 60; i++) await ana.send(ana.edit((doc) => planText(doc, 'goals').insert(0, 'b')));
    await ben.pull();
    expect(planText(ben.doc, 'goals').toString()).toBe(`${'b'.repeat(60)}${'a'.repeat(60)}`);
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from inquiry_plan_updates u join inquiry_plans p on p.id = u.plan_id
           where p.cycle_id = ${w.cycleId}`,
    );
    expect(rows[0].n).toBeLessThan(30);
  });
});

describe('the plan topic', () => {
  it('lets the team hear a plan version and its cycle, and no one else', async () => {
    const w = await buildWorld();
    const started = await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {});
    const planId = started.json().data.id;
    const [topic] = planTopics;
    const db = t.database.db;
    const actor = (userId: string) => ({ userId }) as Parameters<typeof topic.hearing>[1];
    expect(await topic.hearing(db, actor(w.ben.id), planId)).toBe('all');
    expect(await topic.hearing(db, actor(w.ben.id), w.cycleId)).toBe('all');
    expect(await topic.hearing(db, actor(w.dee.id), planId)).toBeNull();
    expect(await topic.hearing(db, actor(w.eve.id), w.cycleId)).toBeNull();
    expect(await topic.hearing(db, actor(w.ben.id), MISSING)).toBeNull();
  });
});

describe('presence', () => {
  it('shows who has the plan open and where they type, and forgets who closed it', async () => {
    const w = await buildWorld();
    await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {});
    const path = `/api/inquiry/cycles/${w.cycleId}/plans/1/presence`;
    expect((await w.as.ana.put(path, { focus: 'title' })).statusCode).toBe(200);
    const here = await w.as.ben.put(path, { focus: '' });
    expect(here.json().data).toEqual([
      expect.objectContaining({ id: w.ana.id, focus: 'title', me: false }),
      expect.objectContaining({ id: w.ben.id, me: true }),
    ]);
    expect((await w.as.ana.put(path, { focus: 'no spaces allowed' })).json().errors[0].path).toBe(
      '/body/focus',
    );
    expect((await w.as.dee.get(path)).statusCode).toBe(404);
    expect((await w.as.ana.delete(path)).statusCode).toBe(204);
    expect((await w.as.ben.get(path)).json().data.map((p: { id: string }) => p.id)).toEqual([w.ben.id]);
  });
});

describe('case students', () => {
  it('keeps case students by pseudonym with what to watch for, for the team only', async () => {
    const w = await buildWorld();
    const path = `/api/inquiry/cycles/${w.cycleId}/case-students`;
    const added = await w.as.ben.post(path, {
      pseudonym: 'Student A',
      watchFor: 'Counts tick marks instead of spaces',
    });
    expect(added.statusCode).toBe(201);
    const id = added.json().data.id;
    const bad = await w.as.ben.post(path, { pseudonym: '   ', watchFor: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/pseudonym');
    expect((await w.as.dee.post(path, { pseudonym: 'Student B' })).statusCode).toBe(404);

    const changed = await w.as.cal.patch(`${path}/${id}`, {
      watchFor: 'Whether she checks with a benchmark',
    });
    expect(changed.json().data).toMatchObject({
      pseudonym: 'Student A',
      watchFor: 'Whether she checks with a benchmark',
    });
    const overview = await w.as.ana.get(`/api/inquiry/cycles/${w.cycleId}/plans`);
    expect(overview.json().data.caseStudents).toEqual([
      expect.objectContaining({ id, pseudonym: 'Student A' }),
    ]);
    expect((await w.as.dee.delete(`${path}/${id}`)).statusCode).toBe(404);
    expect((await w.as.ana.delete(`${path}/${MISSING}`)).statusCode).toBe(404);
    expect((await w.as.ana.delete(`${path}/${id}`)).statusCode).toBe(204);
    expect((await w.as.ana.get(`/api/inquiry/cycles/${w.cycleId}/plans`)).json().data.caseStudents).toEqual(
      [],
    );
  });
});

describe('revising the plan', () => {
  it('makes a revision a new version, keeps the first fixed, and shows the differences row by row', async () => {
    const w = await buildWorld();
    const plans = `/api/inquiry/cycles/${w.cycleId}/plans`;
    await w.as.ana.post(plans, {});
    const first = await openPlan(w.as.ana, w.cycleId);
    await first.send(first.edit((doc) => cell(doc, 1, 'activities').insert(0, 'Where does 2/3 go? ')));
    const removedId = String(planRows(first.doc).get(3).get('id'));

    const revised = await w.as.cal.post(plans, {});
    expect(revised.json().data).toMatchObject({ version: 2, editable: true });
    const overview = (await w.as.ana.get(plans)).json().data.versions;
    expect(overview.map((v: { version: number; editable: boolean }) => [v.version, v.editable])).toEqual([
      [1, false],
      [2, true],
    ]);

    // A page still on the first version is told to send its edit to the revision, which takes it.
    const late = first.edit((doc) => cell(doc, 1, 'support').insert(0, 'Give a number line to 1.'));
    const refused = await first.send(late);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('plan_revised');
    expect((await first.send(late, 2)).statusCode).toBe(201);

    const second = await openPlan(w.as.ben, w.cycleId, 2);
    await second.send(
      second.edit((doc) => {
        cell(doc, 1, 'activities').insert(cell(doc, 1, 'activities').length, 'Ask for two ways to show it.');
        planRows(doc).get(3).set('removed', true);
        addPlanRow(doc, uuidv7(), { activities: 'Students place 5/4' }, 4);
      }),
    );
    const changes = await w.as.ana.get(`${plans}/2/changes`);
    expect(changes.statusCode).toBe(200);
    const { rows } = changes.json().data;
    const changed = rows.find((r: { change: string }) => r.change === 'changed');
    expect(changed.cells.activities).toContainEqual({
      kind: 'added',
      text: expect.stringContaining('two ways'),
    });
    expect(changed.cells.support).toContainEqual({
      kind: 'added',
      text: expect.stringContaining('number line'),
    });
    expect(rows.find((r: { id: string }) => r.id === removedId).change).toBe('removed');
    expect(rows.find((r: { change: string }) => r.change === 'added').text.activities).toBe(
      'Students place 5/4',
    );

    expect((await w.as.ana.get(`${plans}/1`)).json().data.content.rows[1].cells.support).toBe('');
    expect((await w.as.ana.get(`${plans}/2/changes?from=2`)).json().errors[0].path).toBe('/querystring/from');
    expect((await w.as.dee.get(`${plans}/2/changes`)).statusCode).toBe(404);
    // Observation notes are tagged to the newest plan's points to notice.
    await second.send(second.edit((doc) => cell(doc, 0, 'notice').insert(0, 'Who uses benchmarks?')));
    const points = await planPointsToNotice(t.database.db, w.cycleId);
    expect(points).toEqual([
      { id: String(planRows(second.doc).get(0).get('id')), text: 'Who uses benchmarks?' },
    ]);
  });
});

describe('the findings report', () => {
  it('drafts the findings together, refusing to overwrite a newer save, and publishes them as a resource others find', async () => {
    const w = await buildWorld();
    const path = `/api/inquiry/cycles/${w.cycleId}/findings`;
    await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/plans`, {});
    await w.as.ana.post(`/api/inquiry/cycles/${w.cycleId}/case-students`, { pseudonym: 'Student A' });
    expect((await w.as.dee.get(path)).statusCode).toBe(404);
    const empty = await w.as.ben.get(path);
    expect(empty.json()).toMatchObject({
      data: { studentThinking: '', updatedAt: null, published: null },
      abilities: { edit: true, publish: false },
    });
    const saved = await w.as.ben.put(path, {
      studentThinking: 'Students counted marks, not spaces.',
      teaching: '',
      baseUpdatedAt: null,
    });
    expect(saved.statusCode).toBe(200);
    const stale = await w.as.cal.put(path, { studentThinking: 'Mine', teaching: '', baseUpdatedAt: null });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('findings_changed');
    const base = saved.json().data.updatedAt;
    expect(
      (
        await w.as.cal.put(path, {
          studentThinking: saved.json().data.studentThinking,
          teaching: 'Ask for a second way.',
          baseUpdatedAt: base,
        })
      ).statusCode,
    ).toBe(200);

    const publish = `${path}/publish`;
    const body = {
      title: 'What we learned about fractions on a line',
      audience: 'network',
      licence: 'cc-by',
    };
    expect((await w.as.ben.post(publish, { ...body, networkId: w.network.id })).statusCode).toBe(403);
    const missing = await w.as.ana.post(publish, body);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('/body/networkId');
    const published = await w.as.ana.post(publish, { ...body, networkId: w.network.id });
    expect(published.statusCode).toBe(201);
    const { resourceId } = published.json().data;
    expect((await w.as.ana.post(publish, { ...body, networkId: w.network.id })).statusCode).toBe(409);

    const after = (await w.as.ben.get(path)).json();
    expect(after.data.published).toMatchObject({ resourceId, title: body.title, by: { id: w.ana.id } });
    expect(after.abilities).toEqual({ edit: false, publish: false });
    // Dee, outside the cycle but in the network, finds the report as a resource with the plan in it.
    const resource = await w.as.dee.get(`/api/resources/${resourceId}`);
    expect(resource.statusCode).toBe(200);
    expect(JSON.stringify(resource.json())).toContain('counted marks, not spaces');
    expect(JSON.stringify(resource.json())).toContain('Student A');
    const { rows } = await t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from statements where object_type = 'inquiry_findings' and object_id = ${w.cycleId}`);
    expect(rows[0].n).toBe(1);
  });
});

describe('the demo plan', () => {
  it('gives the demo lesson study a plan in four columns, two case students and a findings draft, once', async () => {
    const w = await buildWorld();
    await seedPlanDemo(t.database.db, w.cycleId);
    await seedPlanDemo(t.database.db, w.cycleId);
    const overview = (await w.as.ben.get(`/api/inquiry/cycles/${w.cycleId}/plans`)).json().data;
    expect(overview.versions).toHaveLength(1);
    expect(overview.caseStudents.map((s: { pseudonym: string }) => s.pseudonym)).toEqual([
      'Student A',
      'Student B',
    ]);
    const { content } = (await w.as.ben.get(`/api/inquiry/cycles/${w.cycleId}/plans/1`)).json().data;
    expect(content.title).toContain('3/4 of 12');
    expect(content.rows).toHaveLength(5);
    const points = await planPointsToNotice(t.database.db, w.cycleId);
    expect(points.map((p) => p.text)).toContain('How students represent “3/4 of” a set');
    expect(
      (await w.as.ben.get(`/api/inquiry/cycles/${w.cycleId}/findings`)).json().data.studentThinking,
    ).toContain('Student A');
    // The team goes on editing the demo plan where the demo left it.
    const page = await openPlan(w.as.cal, w.cycleId);
    expect(
      (await page.send(page.edit((doc) => planText(doc, 'goals').insert(0, 'Draft: ')))).statusCode,
    ).toBe(201);
  });
});
