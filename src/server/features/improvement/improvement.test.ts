import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { ChartsResponse } from '#shared/contracts/improvement.ts';
import { buildImprovementCommunity } from './test-support.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

/**
 * A network improvement community with two school teams in two districts: Fay facilitates (North's
 * Aspen school), Gus teaches at Aspen, Hal at South's Birch school; Ivy is of the network but not a
 * member, and Jon is a member of a plain PLC.
 */
async function buildWorld() {
  const db = t.database.db;
  const { network, north, south, aspen, birch, fay, gus, hal, nic } = await buildImprovementCommunity(db);
  const ivy = await buildUser(db, { districtId: south.id, schoolId: birch.id });
  const plc = await buildCommunity(db, {
    createdBy: fay.id,
    districtId: north.id,
    members: [{ userId: fay.id, role: 'facilitator' }],
  });
  return {
    network,
    north,
    south,
    aspen,
    birch,
    fay,
    gus,
    hal,
    ivy,
    nic,
    plc,
    as: {
      fay: await signedIn(t, fay.id),
      gus: await signedIn(t, gus.id),
      hal: await signedIn(t, hal.id),
      ivy: await signedIn(t, ivy.id),
    },
  };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

const AIM = {
  what: 'Students plan their own investigations',
  howMuch: 'from 30% to 70% of lab reports',
  byWhen: '2027-06-01',
  forWhom: 'grades 6–8 science students in every member school',
};

async function withAimAndMeasure(w: World) {
  expect((await w.as.fay.put(`/api/communities/${w.nic.id}/improvement/aim`, AIM)).statusCode).toBe(204);
  const drivers = await w.as.fay.put(`/api/communities/${w.nic.id}/improvement/drivers`, {
    drivers: [
      {
        text: 'Students see investigations as theirs',
        children: [
          { text: 'Question routines', children: [{ text: 'Question wall at the start of a unit' }] },
        ],
      },
    ],
  });
  expect(drivers.statusCode).toBe(204);
  const measure = await w.as.fay.post(`/api/communities/${w.nic.id}/improvement/measures`, {
    kind: 'outcome',
    name: 'Student-planned lab reports',
    definition:
      'Lab reports in the week whose procedure the students wrote, as a percentage of all lab reports.',
    unit: '%',
  });
  expect(measure.statusCode).toBe(201);
  const page = (await w.as.fay.get(`/api/communities/${w.nic.id}/improvement`)).json().data;
  const changeIdeaId: string = page.drivers[0].children[0].children[0].id;
  return { measureId: measure.json().data.id as string, changeIdeaId };
}

const week = (i: number) => new Date(Date.UTC(2026, 8, 7 + 7 * i)).toISOString().slice(0, 10);

async function enter(
  who: World['as']['fay'],
  measureId: string,
  schoolId: string,
  values: number[],
  from = 0,
) {
  for (const [i, value] of values.entries()) {
    const r = await who.put(`/api/improvement/measures/${measureId}/values`, {
      schoolId,
      period: week(from + i),
      value,
      studentCount: 24,
    });
    expect(r.statusCode, r.body).toBe(200);
  }
}

/** A PDSA cycle as the inquiry feature starts one, with its team. */
async function buildPdsaCycle(w: World, title: string, memberIds: string[]) {
  const id = uuidv7();
  await t.database.db.execute(sql`
    insert into inquiry_cycles (id, kind, title, community_id, network_id, facilitator_id, template_base,
                                current_phase, starts_on, ends_on, created_by, member_count)
    values (${id}, 'pdsa', ${title}, ${w.nic.id}, ${w.network.id}, ${memberIds[0]}, 'pdsa_90_day', 'plan',
            '2026-09-07', '2026-12-06', ${memberIds[0]}, ${memberIds.length})`);
  for (const [i, userId] of memberIds.entries())
    await t.database.db.execute(sql`
      insert into inquiry_cycle_members (cycle_id, user_id, role)
      values (${id}, ${userId}, ${i === 0 ? 'facilitator' : 'member'})`);
  return id;
}

describe('the aim and the driver diagram', () => {
  it('lets a facilitator set the aim, which members read and others cannot reach', async () => {
    const w = await buildWorld();
    const url = `/api/communities/${w.nic.id}/improvement`;
    expect((await agent(t).get(url)).statusCode).toBe(401);
    expect((await w.as.ivy.get(url)).statusCode).toBe(404);
    expect((await w.as.fay.get(`/api/communities/${w.plc.id}/improvement`)).statusCode).toBe(404);
    expect((await w.as.fay.get(`/api/communities/${MISSING}/improvement`)).statusCode).toBe(404);

    const empty = (await w.as.gus.get(url)).json();
    expect(empty).toMatchObject({
      data: { aim: null, drivers: [], measures: [] },
      abilities: { edit: false },
    });
    expect((await w.as.gus.put(`${url}/aim`, AIM)).statusCode).toBe(403);

    const bad = await w.as.fay.put(`${url}/aim`, { ...AIM, byWhen: 'next June' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0].path).toBe('/body/byWhen');
    expect((await w.as.gus.get(url)).json().data.aim).toBeNull();

    expect((await w.as.fay.put(`${url}/aim`, AIM)).statusCode).toBe(204);
    const read = (await w.as.hal.get(url)).json();
    expect(read.data.aim).toMatchObject(AIM);
    expect(read.data.teams.map((x: { name: string }) => x.name)).toEqual(['Aspen Middle', 'Birch Middle']);
    expect(read.data.myTeamIds).toEqual([w.birch.id]);
    expect(read.abilities).toEqual({ edit: false, enterData: true });
    expect((await w.as.fay.get(url)).json().abilities).toEqual({ edit: true, enterData: true });
  });

  it('saves the driver diagram as an outline and keeps each line’s id when saved again', async () => {
    const w = await buildWorld();
    const url = `/api/communities/${w.nic.id}/improvement`;
    const outline = {
      drivers: [
        {
          text: 'Students see investigations as theirs',
          children: [
            {
              text: 'Question routines',
              children: [{ text: 'Question wall' }, { text: 'Notice and wonder' }],
            },
          ],
        },
        { text: 'Teachers share lab routines', children: [] },
      ],
    };
    expect((await w.as.fay.put(`${url}/drivers`, outline)).statusCode).toBe(409);
    await w.as.fay.put(`${url}/aim`, AIM);
    expect((await w.as.gus.put(`${url}/drivers`, outline)).statusCode).toBe(403);
    const blank = await w.as.fay.put(`${url}/drivers`, {
      drivers: [{ text: 'x', children: [{ text: ' ', children: [] }] }],
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].path).toBe('/body/drivers/0/children/0/text');

    expect((await w.as.fay.put(`${url}/drivers`, outline)).statusCode).toBe(204);
    const first = (await w.as.gus.get(url)).json().data.drivers;
    expect(first).toMatchObject([
      {
        kind: 'primary',
        text: 'Students see investigations as theirs',
        children: [
          {
            kind: 'secondary',
            children: [
              { kind: 'change_idea', text: 'Question wall' },
              { kind: 'change_idea', text: 'Notice and wonder' },
            ],
          },
        ],
      },
      { kind: 'primary', text: 'Teachers share lab routines', children: [] },
    ]);
    const wall = first[0].children[0].children[0];
    // Renamed, moved under the second primary's new secondary; the other change idea removed.
    await w.as.fay.put(`${url}/drivers`, {
      drivers: [
        {
          id: first[0].id,
          text: first[0].text,
          children: [{ id: first[0].children[0].id, text: 'Question routines' }],
        },
        {
          id: first[1].id,
          text: 'Teachers share lab routines',
          children: [
            { text: 'Shared lab bank', children: [{ id: wall.id, text: 'Question wall, every unit' }] },
          ],
        },
      ],
    });
    const second = (await w.as.gus.get(url)).json().data.drivers;
    expect(second[0].children[0].children).toEqual([]);
    expect(second[1].children[0].children[0]).toMatchObject({
      id: wall.id,
      text: 'Question wall, every unit',
    });
  });
});

describe('measures and their data', () => {
  it('asks each measure for an operational definition, and lets only facilitators add one', async () => {
    const w = await buildWorld();
    const url = `/api/communities/${w.nic.id}/improvement/measures`;
    const measure = {
      kind: 'balancing',
      name: 'Minutes of lab time',
      definition: 'Minutes a week, from the plan.',
    };
    expect((await w.as.gus.post(url, measure)).statusCode).toBe(403);
    const bad = await w.as.fay.post(url, { ...measure, definition: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/definition');
    const wrongKind = await w.as.fay.post(url, { ...measure, kind: 'vanity' });
    expect(wrongKind.json().errors[0].path).toBe('/body/kind');
    const made = await w.as.fay.post(url, measure);
    expect(made.statusCode).toBe(201);
    const changed = await w.as.fay.put(`/api/improvement/measures/${made.json().data.id}`, {
      ...measure,
      name: 'Minutes of hands-on lab time',
    });
    expect(changed.statusCode).toBe(204);
    expect((await w.as.gus.put(`/api/improvement/measures/${made.json().data.id}`, measure)).statusCode).toBe(
      403,
    );
    const page = (await w.as.hal.get(`/api/communities/${w.nic.id}/improvement`)).json().data;
    expect(page.measures).toMatchObject([
      { kind: 'balancing', name: 'Minutes of hands-on lab time', frequency: 'weekly' },
    ]);
  });

  it("lets a team enter only its own school's values, aggregates with a student count", async () => {
    const w = await buildWorld();
    const { measureId } = await withAimAndMeasure(w);
    const url = `/api/improvement/measures/${measureId}/values`;
    const value = { schoolId: w.aspen.id, period: week(0), value: 30, studentCount: 24 };
    expect((await agent(t).put(url, value)).statusCode).toBe(401);
    expect((await w.as.ivy.put(url, value)).statusCode).toBe(404);
    expect((await w.as.hal.put(url, value)).statusCode).toBe(403);
    expect((await w.as.gus.put(`/api/improvement/measures/${MISSING}/values`, value)).statusCode).toBe(404);
    const stranger = await w.as.gus.put(url, { ...value, schoolId: w.north.id });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].path).toBe('/body/schoolId');
    const noCount = await w.as.gus.put(url, { ...value, studentCount: undefined });
    expect(noCount.json().errors[0].path).toBe('/body/studentCount');
    const rows = await w.as.gus.put(url, { ...value, students: [{ name: 'x' }] });
    expect(rows.statusCode).toBe(400);

    expect((await w.as.gus.put(url, value)).statusCode).toBe(200);
    // The same period again corrects the value rather than adding a second point.
    expect((await w.as.gus.put(url, { ...value, value: 32 })).statusCode).toBe(200);
    const charts = (await w.as.hal.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts;
    const aspen = charts.find((c: { team: { id: string } }) => c.team.id === w.aspen.id);
    expect(aspen.values).toMatchObject([{ period: week(0), value: 32, studentCount: 24, smallGroup: false }]);
  });

  it('reads a chart remembered under its data version again once any write moves its values', async () => {
    const w = await buildWorld();
    const { measureId } = await withAimAndMeasure(w);
    const url = `/api/improvement/measures/${measureId}/charts`;
    const aspen = async () =>
      (await w.as.hal.get(url))
        .json()
        .data.charts.find((c: { team: { id: string } }) => c.team.id === w.aspen.id)
        .values.map((v: { value: number }) => v.value);
    await enter(w.as.gus, measureId, w.aspen.id, [20, 22, 19]);
    expect(await aspen()).toEqual([20, 22, 19]);
    expect(await aspen()).toEqual([20, 22, 19]);
    await enter(w.as.gus, measureId, w.aspen.id, [25], 1);
    expect(await aspen()).toEqual([20, 25, 19]);
    // A write from outside the routes (an erasure, a district's data removed) moves it too.
    await t.database.db.execute(
      sql`delete from improvement_values where measure_id = ${measureId} and value = 19`,
    );
    expect(await aspen()).toEqual([20, 25]);
    await t.database.db.execute(
      sql`update improvement_values set value = 21 where measure_id = ${measureId} and value = 20`,
    );
    expect(await aspen()).toEqual([21, 25]);
  });

  it('keeps a value from fewer than 10 students within its team, marked', async () => {
    const w = await buildWorld();
    const { measureId } = await withAimAndMeasure(w);
    await w.as.hal.put(`/api/improvement/measures/${measureId}/values`, {
      schoolId: w.birch.id,
      period: week(0),
      value: 57,
      studentCount: 7,
    });
    await enter(w.as.hal, measureId, w.birch.id, [40], 1);
    const own = (await w.as.hal.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts;
    const ownBirch = own.find((c: { team: { id: string } }) => c.team.id === w.birch.id);
    expect(ownBirch).toMatchObject({ mine: true, withheld: 0, plotted: [0, 1] });
    expect(ownBirch.values[0]).toMatchObject({ value: 57, studentCount: 7, smallGroup: true });

    const response = await w.as.gus.get(`/api/improvement/measures/${measureId}/charts`);
    expect(response.body).not.toContain('57,');
    const birch = response.json().data.charts.find((c: { team: { id: string } }) => c.team.id === w.birch.id);
    expect(birch).toMatchObject({ mine: false, withheld: 1, plotted: [1] });
    expect(birch.values[0]).toEqual({
      id: expect.any(String),
      period: week(0),
      value: null,
      studentCount: null,
      smallGroup: true,
      astronomical: false,
      astronomicalNote: '',
    });
  });
});

describe('run charts', () => {
  it("shows every school's chart side by side with a shift flagged against the frozen baseline", async () => {
    const w = await buildWorld();
    const { measureId } = await withAimAndMeasure(w);
    const baselines = `/api/improvement/measures/${measureId}/baselines`;
    // Aspen: 40 42 38 41 39 43 37 40 is the baseline (median 40), then eight weeks above it.
    await enter(w.as.gus, measureId, w.aspen.id, [40, 42, 38, 41, 39, 43, 37, 40]);
    const baseline = await w.as.gus.post(baselines, {
      schoolId: w.aspen.id,
      fromPeriod: week(0),
      length: 8,
      reason: 'initial',
    });
    expect(baseline.statusCode).toBe(201);
    await enter(w.as.gus, measureId, w.aspen.id, [45, 47, 44, 48, 46, 49, 45, 50], 8);
    // Birch: random about 30 (5 8 6 9 4 7 10 3 8 6 9 5 shifted by 25: median 31.5).
    await enter(w.as.hal, measureId, w.birch.id, [30, 33, 31, 34, 29, 32, 35, 28, 33, 31, 34, 30]);
    expect(
      (
        await w.as.hal.post(baselines, {
          schoolId: w.birch.id,
          fromPeriod: week(0),
          length: 12,
          reason: 'initial',
        })
      ).statusCode,
    ).toBe(201);

    // A correction to a baseline point later does not move the frozen median.
    await enter(w.as.gus, measureId, w.aspen.id, [60], 0);

    const { data } = (await w.as.ivy.get(`/api/improvement/measures/${measureId}/charts`)).json();
    expect(data).toBeUndefined();
    const body = (await w.as.hal.get(`/api/improvement/measures/${measureId}/charts`)).json();
    // Sent as text (decision 033): exactly the contract, nothing missing and nothing more.
    expect(ChartsResponse.parse(body)).toEqual(body);
    const charts = body.data.charts;
    const [aspen, birch] = charts;
    expect(aspen.team.name).toBe('Aspen Middle');
    expect(aspen.segments).toHaveLength(1);
    expect(aspen.segments[0]).toMatchObject({ median: 40, frozen: true, reason: 'initial' });
    // 60 42 38 41 39 43 37 40 | 45 … 50 against 40: the first point is now above, so the run of eight
    // after the change stays eight long (60 + 42 − … are alternating): n = 15, limit round(3.91 + 3) = 7.
    expect(aspen.segments[0].rules).toMatchObject({ useful: 15, longestRun: 8, unusuallyLongRun: true });
    expect(aspen.segments[0].rules.longRunPoints).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(aspen.signal).toBe(true);
    expect(birch.segments[0]).toMatchObject({ median: 31.5, frozen: true });
    expect(birch.segments[0].rules).toMatchObject({ unusuallyLongRun: false, tooFewCrossings: false });
    expect(birch.signal).toBe(false);
  });

  it('re-baselines on a recorded process change and offers the trend rule', async () => {
    const w = await buildWorld();
    const { measureId } = await withAimAndMeasure(w);
    const baselines = `/api/improvement/measures/${measureId}/baselines`;
    await enter(
      w.as.gus,
      measureId,
      w.aspen.id,
      [20, 22, 19, 21, 23, 20, 18, 22, 30, 32, 29, 31, 33, 30, 31, 32],
    );
    const initial = { schoolId: w.aspen.id, fromPeriod: week(0), length: 6, reason: 'initial' };
    expect((await w.as.gus.post(baselines, initial)).statusCode).toBe(201);
    const again = await w.as.gus.post(baselines, initial);
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('/body/reason');
    const early = await w.as.gus.post(baselines, { ...initial, reason: 'process_change', note: 'x' });
    expect(early.json().errors[0].path).toBe('/body/fromPeriod');
    const silent = await w.as.gus.post(baselines, {
      ...initial,
      fromPeriod: week(8),
      reason: 'process_change',
    });
    expect(silent.json().errors[0].path).toBe('/body/note');
    expect((await w.as.hal.post(baselines, { ...initial, fromPeriod: week(8) })).statusCode).toBe(403);

    let chart = (await w.as.gus.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts[0];
    expect(chart.segments[0].rules).toMatchObject({ useful: 16, longestRun: 9, unusuallyLongRun: true });

    const change = await w.as.gus.post(baselines, {
      ...initial,
      fromPeriod: week(8),
      reason: 'process_change',
      note: 'Students write the procedure before every lab',
    });
    expect(change.statusCode).toBe(201);
    chart = (await w.as.gus.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts[0];
    expect(chart.segments.map((s: { median: number }) => s.median)).toEqual([20.5, 30.5]);
    expect(chart.segments[1]).toMatchObject({
      reason: 'process_change',
      frozen: true,
      points: [8, 9, 10, 11, 12, 13, 14, 15],
    });
    expect(chart.signal).toBe(false);

    // The trend rule, asked for: Birch's 10 12 11 13 14 15 17 18 16 15 rises six times from week 3.
    await enter(w.as.hal, measureId, w.birch.id, [10, 12, 11, 13, 14, 15, 17, 18, 16, 15]);
    const plain = (await w.as.hal.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts[1];
    expect(plain.segments[0].rules.trendPoints).toEqual([]);
    const trend = (await w.as.hal.get(`/api/improvement/measures/${measureId}/charts?trend=true`)).json()
      .data;
    expect(trend.trendRule).toBe(true);
    expect(trend.charts[1].segments[0].rules.trendPoints).toEqual([2, 3, 4, 5, 6, 7]);
    expect(trend.charts[1].segments[0]).toMatchObject({ baselineId: null, frozen: false, median: 14.5 });
    expect((await w.as.hal.get(`/api/improvement/measures/${measureId}/charts?trend=maybe`)).statusCode).toBe(
      400,
    );
  });

  it('lets a person of the team mark a point astronomical, with a note', async () => {
    const w = await buildWorld();
    const { measureId } = await withAimAndMeasure(w);
    await enter(w.as.gus, measureId, w.aspen.id, [40, 41, 95]);
    const chart = (await w.as.gus.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts[0];
    const url = `/api/improvement/values/${chart.values[2].id}/astronomical`;
    expect((await w.as.hal.put(url, { astronomical: true, note: 'x' })).statusCode).toBe(403);
    expect((await w.as.ivy.put(url, { astronomical: true })).statusCode).toBe(404);
    expect(
      (await w.as.gus.put(`/api/improvement/values/${MISSING}/astronomical`, { astronomical: true }))
        .statusCode,
    ).toBe(404);
    expect((await w.as.gus.put(url, { astronomical: 'yes' })).json().errors[0].path).toBe(
      '/body/astronomical',
    );
    expect((await w.as.gus.put(url, { astronomical: true, note: 'Science fair week' })).statusCode).toBe(204);
    const after = (await w.as.hal.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts[0];
    expect(after.values[2]).toMatchObject({ astronomical: true, astronomicalNote: 'Science fair week' });
    expect(after.signal).toBe(true);
  });
});

describe('PDSA cycles', () => {
  it('keeps a cycle’s plan, do, study and act to its team, and refuses a change idea of another diagram', async () => {
    const w = await buildWorld();
    const { measureId, changeIdeaId } = await withAimAndMeasure(w);
    const cycle = await buildPdsaCycle(w, 'Question wall, one class', [w.gus.id]);
    const url = `/api/inquiry/cycles/${cycle}/pdsa`;
    expect((await agent(t).get(url)).statusCode).toBe(401);
    expect((await w.as.hal.get(url)).statusCode).toBe(404);
    expect((await w.as.ivy.patch(url, { prediction: 'x' })).statusCode).toBe(404);
    expect((await w.as.gus.get(`/api/inquiry/cycles/${MISSING}/pdsa`)).statusCode).toBe(404);

    const blank = (await w.as.gus.get(url)).json();
    expect(blank).toMatchObject({
      data: { pdsa: { prediction: '', decision: null } },
      abilities: { edit: true },
    });
    expect(blank.data.changeIdeas).toEqual([
      { id: changeIdeaId, text: 'Question wall at the start of a unit', secondary: 'Question routines' },
    ]);

    const wrongIdea = await w.as.gus.patch(url, { changeIdeaId: MISSING });
    expect(wrongIdea.statusCode).toBe(400);
    expect(wrongIdea.json().errors[0].path).toBe('/body/changeIdeaId');
    expect((await w.as.gus.patch(url, { testDate: '10 Sept' })).json().errors[0].path).toBe('/body/testDate');
    expect((await w.as.gus.patch(url, { decision: 'ignore' })).json().errors[0].path).toBe('/body/decision');
    expect((await w.as.gus.patch(url, { schoolId: w.north.id })).json().errors[0].path).toBe(
      '/body/schoolId',
    );

    const plan = await w.as.gus.patch(url, {
      schoolId: w.aspen.id,
      changeIdeaId,
      measureId,
      prediction: 'Half the class will write a testable question',
      who: 'Gus, period 2',
      what: 'A question wall on Monday',
      testDate: week(2),
      dataPlan: 'Count testable questions',
    });
    expect(plan.statusCode).toBe(204);
    expect((await w.as.gus.patch(url, { whatHappened: '14 of 26', decision: 'adapt' })).statusCode).toBe(204);
    const read = (await w.as.gus.get(url)).json().data.pdsa;
    expect(read).toMatchObject({
      schoolId: w.aspen.id,
      changeIdeaText: 'Question wall at the start of a unit',
      prediction: 'Half the class will write a testable question',
      whatHappened: '14 of 26',
      testDate: week(2),
      decision: 'adapt',
    });
    const { rows } = await t.database.db.execute<{
      change_idea_label: string;
      decision: string;
      aim_label: string;
    }>(sql`select change_idea_label, decision, aim_label from inquiry_cycles where id = ${cycle}`);
    expect(rows[0]).toEqual({
      change_idea_label: 'Question wall at the start of a unit',
      decision: 'adapt',
      aim_label: AIM.what,
    });
    // Renaming the change idea and rewording the aim renames them on the cycle and in search.
    await w.as.gus.patch(url, { decision: 'adopt' });
    const renamed = await w.as.fay.put(`/api/communities/${w.nic.id}/improvement/drivers`, {
      drivers: [
        {
          text: 'Students see investigations as theirs',
          children: [
            {
              text: 'Question routines',
              children: [{ id: changeIdeaId, text: 'Question wall before every lab' }],
            },
          ],
        },
      ],
    });
    expect(renamed.statusCode, renamed.body).toBe(204);
    const reworded = { ...AIM, what: 'Students design their own investigations' };
    expect((await w.as.fay.put(`/api/communities/${w.nic.id}/improvement/aim`, reworded)).statusCode).toBe(
      204,
    );
    const listed = (
      await w.as.hal.get(`/api/networks/${w.network.id}/cycles?changeIdeaId=${changeIdeaId}`)
    ).json().data;
    expect(listed).toMatchObject([
      { id: cycle, changeIdeaLabel: 'Question wall before every lab', aimLabel: reworded.what },
    ]);
    const found = (await w.as.hal.get('/api/search?q=before%20every%20lab&kind=change_idea')).json().data;
    expect(found.changeIdeas.items).toMatchObject([
      { id: cycle, label: 'Question wall before every lab', aimLabel: reworded.what },
    ]);
  });

  it('links a cycle after the one before it so the ramp shows, and annotates the run chart', async () => {
    const w = await buildWorld();
    const { measureId, changeIdeaId } = await withAimAndMeasure(w);
    const first = await buildPdsaCycle(w, 'Question wall, one class', [w.gus.id, w.fay.id]);
    const second = await buildPdsaCycle(w, 'Question wall, three classes', [w.gus.id]);
    const other = await buildPdsaCycle(w, 'Birch trial', [w.hal.id]);
    await w.as.gus.patch(`/api/inquiry/cycles/${first}/pdsa`, {
      schoolId: w.aspen.id,
      measureId,
      changeIdeaId,
      testDate: week(1),
      decision: 'adapt',
    });
    const theirs = await w.as.gus.patch(`/api/inquiry/cycles/${second}/pdsa`, { previousCycleId: other });
    expect(theirs.json().errors[0].path).toBe('/body/previousCycleId');
    expect(
      (await w.as.gus.patch(`/api/inquiry/cycles/${second}/pdsa`, { previousCycleId: second })).statusCode,
    ).toBe(400);
    const linked = await w.as.gus.patch(`/api/inquiry/cycles/${second}/pdsa`, {
      previousCycleId: first,
      schoolId: w.aspen.id,
      measureId,
      changeIdeaId,
      testDate: week(3),
    });
    expect(linked.statusCode).toBe(204);
    const loop = await w.as.gus.patch(`/api/inquiry/cycles/${first}/pdsa`, { previousCycleId: second });
    expect(loop.json().errors[0].path).toBe('/body/previousCycleId');

    const ramp = (await w.as.gus.get(`/api/inquiry/cycles/${first}/pdsa`)).json().data.ramp;
    expect(ramp).toEqual([
      { id: first, title: 'Question wall, one class', decision: 'adapt', current: true },
      { id: second, title: 'Question wall, three classes', decision: null, current: false },
    ]);

    await enter(w.as.gus, measureId, w.aspen.id, [30, 35, 40, 45]);
    const gusCharts = (await w.as.gus.get(`/api/improvement/measures/${measureId}/charts`)).json();
    expect(ChartsResponse.parse(gusCharts)).toEqual(gusCharts);
    const asGus = gusCharts.data.charts[0];
    expect(asGus.annotations).toEqual([
      { cycleId: first, label: 'Question wall, one class', date: week(1), decision: 'adapt' },
      { cycleId: second, label: 'Question wall, three classes', date: week(3), decision: null },
    ]);
    // Hal is not on these cycles: he sees that a cycle was tried, not its working title.
    const asHal = (await w.as.hal.get(`/api/improvement/measures/${measureId}/charts`)).json().data.charts[0];
    expect(asHal.annotations.map((a: { label: string }) => a.label)).toEqual(['PDSA cycle', 'PDSA cycle']);

    await t.database.db.execute(sql`update inquiry_cycles set status = 'completed' where id = ${first}`);
    const closed = await w.as.gus.patch(`/api/inquiry/cycles/${first}/pdsa`, { actNotes: 'late' });
    expect(closed.statusCode).toBe(409);
    expect((await w.as.gus.get(`/api/inquiry/cycles/${first}/pdsa`)).json().abilities.edit).toBe(false);
  });
});
