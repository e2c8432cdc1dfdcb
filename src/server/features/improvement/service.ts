import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import {
  type AimBody,
  type ChartsResponse,
  type DriverNode,
  type DriversBody,
  type ImprovementResponse,
  type MeasureBody,
  type PdsaBody,
  type PdsaResponse,
  SMALL_GROUP,
  type Team,
  type TeamChart,
  type ValueBody,
} from '#shared/contracts/improvement.ts';
import {
  type CommunityContext,
  assertFacilitator,
  assertParticipant,
  canFacilitate,
  canReadContent,
  isArchived,
  isMember,
  readableCommunity,
} from '../communities/index.ts';
import {
  canContribute,
  cycleAccess,
  linkCycleToImprovement,
  readableCycleSql,
  recordCycleDecision,
  relabelImprovementLinks,
} from '../inquiry/index.ts';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import * as q from './queries.ts';
import { segmentRunChart } from './run-chart.ts';

const team = (t: q.TeamRow): Team => ({ id: t.id, name: t.name, districtName: t.district_name });
const measure = (m: q.MeasureRow) => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  definition: m.definition,
  unit: m.unit,
  frequency: m.frequency,
});

/**
 * A networked improvement community the viewer may read: 404 when they may not, or when the
 * community is of another kind (an aim, drivers and measures belong to improvement communities only).
 */
async function improvementCommunity(tx: Tx, actor: Actor, communityId: string): Promise<CommunityContext> {
  const community = await readableCommunity(tx, actor, communityId);
  if ((await q.communityKind(tx, communityId)) !== 'improvement_community')
    throw new NotFoundError('This community is not a networked improvement community.');
  return community;
}

/** The schools the viewer enters data for: theirs among the community's teams, if they take part. */
function myTeams(actor: Actor, community: CommunityContext, teams: q.TeamRow[]): string[] {
  if (!isMember(community) || isArchived(community)) return [];
  return teams.filter((t) => actor.schoolIds.includes(t.id)).map((t) => t.id);
}

function outline(rows: q.DriverRow[]): DriverNode[] {
  const byParent = new Map<string | null, q.DriverRow[]>();
  for (const r of rows) byParent.set(r.parent_id, [...(byParent.get(r.parent_id) ?? []), r]);
  const build = (parent: string | null): DriverNode[] =>
    (byParent.get(parent) ?? []).map((r) => ({
      id: r.id,
      kind: r.kind,
      text: r.text,
      children: build(r.id),
    }));
  return build(null);
}

/** The community's aim, driver diagram, measures and school teams, with what the viewer may do. */
export async function readImprovement({
  db,
  actor,
  communityId,
}: {
  db: Db;
  actor: Actor;
  communityId: string;
}): Promise<ImprovementResponse> {
  return db.transaction(async (tx) => {
    const community = await improvementCommunity(tx, actor, communityId);
    const aim = await q.findAim(tx, communityId);
    const [drivers, measures, teams] = await Promise.all([
      aim ? q.listDrivers(tx, aim.id) : [],
      q.listMeasures(tx, communityId),
      q.listTeams(tx, communityId),
    ]);
    const mine = myTeams(actor, community, teams);
    return {
      data: {
        communityId,
        communityName: community.name,
        aim: aim
          ? {
              id: aim.id,
              what: aim.what,
              howMuch: aim.how_much,
              byWhen: aim.by_when,
              forWhom: aim.for_whom,
              updatedAt: aim.updated_at,
            }
          : null,
        drivers: outline(drivers) as ImprovementResponse['data']['drivers'],
        measures: measures.map(measure),
        teams: teams.map(team),
        myTeamIds: mine,
      },
      abilities: {
        edit: canFacilitate(community) && !isArchived(community),
        enterData: mine.length > 0,
      },
    };
  });
}

async function facilitated(tx: Tx, actor: Actor, communityId: string): Promise<CommunityContext> {
  const community = await improvementCommunity(tx, actor, communityId);
  assertParticipant(community);
  assertFacilitator(community);
  return community;
}

/** Sets the community's aim (its facilitators only). */
export async function setAim({
  db,
  actor,
  communityId,
  aim,
}: {
  db: Db;
  actor: Actor;
  communityId: string;
  aim: AimBody;
}): Promise<void> {
  await db.transaction(async (tx) => {
    await facilitated(tx, actor, communityId);
    await q.upsertAim(tx, communityId, actor.userId, aim);
    // The cycles that took the aim show its words as they are now.
    const saved = await q.findAim(tx, communityId);
    if (saved) await relabelImprovementLinks(tx, { communityId, aim: { id: saved.id, label: saved.what } });
  });
}

/** Saves the driver diagram as an outline: lines keep their ids so PDSA cycles keep their change idea. */
export async function setDrivers({
  db,
  actor,
  communityId,
  body,
}: {
  db: Db;
  actor: Actor;
  communityId: string;
  body: { drivers: NonNullable<DriversBody['drivers']> };
}): Promise<void> {
  await db.transaction(async (tx) => {
    await facilitated(tx, actor, communityId);
    const aim = await q.findAim(tx, communityId);
    if (!aim) throw new ConflictError('Set the aim first: the driver diagram leads to it.');
    const lines: Parameters<typeof q.replaceDrivers>[2] = [];
    const seen = new Set<string>();
    let position = 0;
    const add = (
      node: {
        id?: string;
        text: string;
        children?: Array<{ id?: string; text: string; children?: unknown[] }>;
      },
      kind: 'primary' | 'secondary' | 'change_idea',
      parentId: string | null,
      path: string,
    ) => {
      const id = node.id ?? uuidv7();
      if (seen.has(id)) throw invalidField(`${path}/id`, 'appears twice in the outline');
      seen.add(id);
      lines.push({ id, parentId, kind, text: node.text, position: position++ });
      return id;
    };
    body.drivers.forEach((primary, i) => {
      const pid = add(primary, 'primary', null, `/body/drivers/${i}`);
      (primary.children ?? []).forEach((secondary, j) => {
        const sid = add(secondary, 'secondary', pid, `/body/drivers/${i}/children/${j}`);
        (secondary.children ?? []).forEach((idea, k) => {
          add(idea, 'change_idea', sid, `/body/drivers/${i}/children/${j}/children/${k}`);
        });
      });
    });
    const foreign = await q.foreignDriverIds(
      tx,
      aim.id,
      lines.map((l) => l.id),
    );
    if (foreign.length) throw invalidField('/body/drivers', 'names a line of another driver diagram');
    await q.replaceDrivers(tx, aim.id, lines);
    // A change idea renamed keeps its cycles (its id), which show its new words.
    const changeIdeas = lines
      .filter((l) => l.kind === 'change_idea')
      .map((l) => ({ id: l.id, label: l.text }));
    await relabelImprovementLinks(tx, { communityId, changeIdeas });
  });
}

/** Adds a measure to the community's family of measures (its facilitators only). */
export async function addMeasure({
  db,
  actor,
  communityId,
  body,
}: {
  db: Db;
  actor: Actor;
  communityId: string;
  body: Required<MeasureBody>;
}): Promise<string> {
  return db.transaction(async (tx) => {
    await facilitated(tx, actor, communityId);
    return q.insertMeasure(tx, { community_id: communityId, ...body, createdBy: actor.userId });
  });
}

async function measureOf(tx: Tx, actor: Actor, measureId: string) {
  const m = await q.findMeasure(tx, measureId);
  if (!m) throw new NotFoundError('No such measure.');
  const community = await improvementCommunity(tx, actor, m.community_id).catch(() => {
    throw new NotFoundError('No such measure.');
  });
  return { measure: m, community };
}

export async function changeMeasure({
  db,
  actor,
  measureId,
  body,
}: {
  db: Db;
  actor: Actor;
  measureId: string;
  body: Required<MeasureBody>;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const { community } = await measureOf(tx, actor, measureId);
    assertParticipant(community);
    assertFacilitator(community);
    await q.updateMeasure(tx, measureId, body);
  });
}

/** Refuses data entry by anyone who is not a taking-part member of that school's team. */
async function assertTeam(
  tx: Tx,
  actor: Actor,
  community: CommunityContext,
  schoolId: string,
  field: string,
) {
  assertParticipant(community);
  if (!actor.schoolIds.includes(schoolId)) {
    const teams = await q.listTeams(tx, community.id);
    if (!teams.some((t) => t.id === schoolId))
      throw invalidField(field, 'is not a school team of this community');
    throw new ForbiddenError("Only people of a school's team enter or flag its data.");
  }
}

/** Enters (or corrects) a school team's value for a period, then freezes any baseline it completes. */
export async function enterValue({
  db,
  actor,
  measureId,
  body,
}: {
  db: Db;
  actor: Actor;
  measureId: string;
  body: ValueBody;
}): Promise<string> {
  return db.transaction(async (tx) => {
    const { community } = await measureOf(tx, actor, measureId);
    await assertTeam(tx, actor, community, body.schoolId, '/body/schoolId');
    const id = await q.upsertValue(tx, { measureId, ...body, userId: actor.userId });
    await q.freezeBaselines(tx, measureId, body.schoolId);
    return id;
  });
}

/** Marks (or unmarks) a value as astronomical: a person's judgement, never a rule's. */
export async function flagAstronomical({
  db,
  actor,
  valueId,
  astronomical,
  note,
}: {
  db: Db;
  actor: Actor;
  valueId: string;
  astronomical: boolean;
  note: string;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const value = await q.findValue(tx, valueId);
    if (!value) throw new NotFoundError('No such value.');
    const { community } = await measureOf(tx, actor, value.measure_id);
    if (!canFacilitate(community)) await assertTeam(tx, actor, community, value.school_id, '/params/id');
    await q.flagValue(tx, valueId, { astronomical, note, userId: actor.userId });
  });
}

/**
 * Records a team's baseline: the first, or a new one after a process change. Its median is frozen
 * as soon as the team has `length` points from its first period (at once if they are already in).
 */
export async function recordBaseline({
  db,
  actor,
  measureId,
  body,
}: {
  db: Db;
  actor: Actor;
  measureId: string;
  body: {
    schoolId: string;
    fromPeriod: string;
    length: number;
    reason: 'initial' | 'process_change';
    note: string;
  };
}): Promise<string> {
  return db.transaction(async (tx) => {
    const { community } = await measureOf(tx, actor, measureId);
    await assertTeam(tx, actor, community, body.schoolId, '/body/schoolId');
    const existing = await q.listBaselines(tx, measureId, body.schoolId);
    if (body.reason === 'initial' && existing.length)
      throw invalidField('/body/reason', 'this team has a baseline; record a process change to re-baseline');
    if (body.reason === 'process_change') {
      const last = existing.at(-1);
      if (!last) throw invalidField('/body/reason', 'record the first baseline before a process change');
      if (body.fromPeriod <= last.from_period)
        throw invalidField(
          '/body/fromPeriod',
          `must come after the current baseline's start, ${last.from_period}`,
        );
      if (body.note.trim() === '') throw invalidField('/body/note', 'say what changed in the process');
    }
    const id = await q.insertBaseline(tx, { measureId, ...body, userId: actor.userId });
    await q.freezeBaselines(tx, measureId, body.schoolId);
    return id;
  });
}

/**
 * Whether a baseline's median was taken over a value from fewer than 10 students: its first `length`
 * values from its first period, before the next baseline's (as `q.freezeBaselines` takes them).
 */
function withholdsFromBaseline(
  rows: q.ValueRow[],
  baseline: q.BaselineRow,
  nextFrom: string | undefined,
): boolean {
  return rows
    .filter((v) => v.period >= baseline.from_period && (nextFrom === undefined || v.period < nextFrom))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
    .slice(0, baseline.length)
    .some((v) => v.student_count < SMALL_GROUP);
}

/**
 * What a measure's run charts are computed from, remembered under its data version (decision 069):
 * its values and baselines, and each team's chart as one kind of viewer sees it (the team's own, or
 * another, with or without the trend rule). Values change rarely and every write moves the version,
 * so most reads send neither the values nor the arithmetic again.
 */
type RememberedChart = {
  version: number;
  values: q.ValueRow[];
  baselines: q.BaselineRow[];
  parts: Map<string, ChartPart>;
};
type ChartPart = Pick<TeamChart, 'values' | 'withheld' | 'plotted' | 'segments'> & { flagged: boolean };
const rememberedCharts = cachePerDatabase<RememberedChart>(
  16_000_000,
  // The rows as JSON and a few computed charts of them.
  (c) => 1_000 + (c.values.length + c.baselines.length) * 700,
);

/** One team's chart as the viewer sees it, from the measure's rows: no database, no viewer beyond `own`. */
function chartPart(entry: RememberedChart, teamId: string, own: boolean, trendRule: boolean): ChartPart {
  const key = `${teamId}|${own}|${trendRule}`;
  const known = entry.parts.get(key);
  if (known) return known;
  const { values, baselines } = entry;
  const rows = values.filter((v) => v.school_id === teamId);
  const shown = rows.map((v) => {
    const smallGroup = v.student_count < SMALL_GROUP;
    const visible = own || !smallGroup;
    return {
      id: v.id,
      period: v.period,
      value: visible ? v.value : null,
      studentCount: visible ? v.student_count : null,
      smallGroup,
      astronomical: v.astronomical,
      astronomicalNote: visible ? v.astronomical_note : '',
    };
  });
  const plotted = shown.flatMap((v, i) => (v.value === null ? [] : [i]));
  const teamBaselines = baselines.filter((b) => b.school_id === teamId);
  const segments = segmentRunChart(
    plotted.map((i) => ({ period: shown[i].period, value: shown[i].value as number })),
    teamBaselines.map((b, k) => ({
      id: b.id,
      fromPeriod: b.from_period,
      length: b.length,
      // A frozen median taken over a withheld value would tell others something of it: they
      // read the baseline against the median of the points they see instead.
      median: own || !withholdsFromBaseline(rows, b, teamBaselines[k + 1]?.from_period) ? b.median : null,
      reason: b.reason,
      note: b.note,
    })),
    { trendRule },
  ).map((s) => {
    const toValues = (list: number[]) => list.map((k) => plotted[k]);
    return {
      ...s,
      points: toValues(s.points),
      rules: {
        ...s.rules,
        longRunPoints: toValues(s.rules.longRunPoints),
        trendPoints: toValues(s.rules.trendPoints),
      },
    };
  });
  const part: ChartPart = {
    values: shown,
    withheld: shown.length - plotted.length,
    plotted,
    segments,
    flagged: segments.some(
      (s) =>
        s.rules.unusuallyLongRun ||
        s.rules.tooFewCrossings ||
        s.rules.trendPoints.length > 0 ||
        shown.some((v) => v.astronomical),
    ),
  };
  entry.parts.set(key, part);
  return part;
}

/**
 * Every school team's run chart for a measure, side by side. A value from fewer than 10 students is
 * shown to its own team only: others see that a value was withheld, never its figure.
 */
export async function readCharts({
  db,
  actor,
  measureId,
  trendRule,
}: {
  db: Db;
  actor: Actor;
  measureId: string;
  trendRule: boolean;
}): Promise<ChartsResponse> {
  // One statement reads the measure, the viewer's standing, the teams and annotations (decision
  // 068), and the values and baselines only when they moved since they were remembered (069).
  const cache = rememberedCharts(db);
  const known = cache.get(measureId);
  const found = await q.readChartData(
    db,
    actor.userId,
    measureId,
    readableCycleSql(actor, 'c'),
    known?.version ?? -1,
  );
  if (!found) throw new NotFoundError('No such measure.');
  const community: CommunityContext = {
    id: found.community_id,
    name: found.community_name,
    joinPolicy: found.join_policy,
    ownerKind: found.owner_kind,
    ownerId: found.owner_id,
    districtId: found.district_id,
    archivedAt: found.archived_at,
    membership: found.member_status
      ? { status: found.member_status, role: found.member_role ?? 'member' }
      : null,
  };
  if (found.community_kind !== 'improvement_community' || !canReadContent(actor, community))
    throw new NotFoundError('No such measure.');
  let entry: RememberedChart;
  if (found.values && found.baselines) {
    entry = {
      version: found.data_version,
      values: found.values,
      baselines: found.baselines,
      parts: new Map(),
    };
    cache.set(measureId, entry);
  } else if (known && known.version === found.data_version) entry = known;
  else throw new Error('A run chart read without its values, and none remembered under its version.');
  const { teams, annotations } = found;
  const m = found;
  const mine = myTeams(actor, community, teams);
  const charts: TeamChart[] = teams.map((t) => {
    const own = mine.includes(t.id);
    const { values, withheld, plotted, segments, flagged } = chartPart(entry, t.id, own, trendRule);
    return {
      team: team(t),
      mine: own,
      values,
      withheld,
      plotted,
      segments,
      annotations: annotations
        .filter((a) => a.school_id === t.id)
        .map((a) => ({
          cycleId: a.cycle_id,
          label: a.readable ? a.title : 'PDSA cycle',
          date: a.test_date,
          decision: a.decision,
        })),
      signal: flagged,
    };
  });
  return {
    data: { measure: measure(m), trendRule, charts },
    abilities: { enterData: mine.length > 0 },
  };
}

async function pdsaCycle(tx: Tx, actor: Actor, cycleId: string) {
  const access = await cycleAccess(tx, actor, cycleId);
  if (!access || access.kind !== 'pdsa') throw new NotFoundError('No such PDSA cycle.');
  const row = await q.findPdsa(tx, cycleId);
  if (!row) throw new NotFoundError('No such PDSA cycle.');
  return { access, row };
}

/** A PDSA cycle's plan, do, study and act, with the choices its form offers and the ramp it is part of. */
export async function readPdsa({
  db,
  actor,
  cycleId,
}: {
  db: Db;
  actor: Actor;
  cycleId: string;
}): Promise<PdsaResponse> {
  return db.transaction(async (tx) => {
    const { access, row } = await pdsaCycle(tx, actor, cycleId);
    const readable = readableCycleSql(actor, 'c');
    const [changeIdeas, measures, teams, earlier, ramp] = await Promise.all([
      q.listChangeIdeas(tx, row.community_id),
      q.listMeasures(tx, row.community_id),
      q.listTeams(tx, row.community_id),
      q.listReadablePdsaCycles(tx, row.community_id, cycleId, readable),
      q.listRamp(tx, cycleId, readable),
    ]);
    return {
      data: {
        pdsa: {
          cycleId: row.cycle_id,
          title: row.title,
          communityId: row.community_id,
          schoolId: row.school_id,
          changeIdeaId: row.change_idea_id,
          changeIdeaText: row.change_idea_text,
          measureId: row.measure_id,
          previousCycleId: row.previous_cycle_id,
          prediction: row.prediction,
          who: row.who,
          what: row.what,
          testDate: row.test_date,
          dataPlan: row.data_plan,
          whatHappened: row.what_happened,
          surprises: row.surprises,
          study: row.study,
          decision: row.decision,
          actNotes: row.act_notes,
          updatedAt: row.updated_at,
        },
        changeIdeas,
        measures: measures.map(measure),
        teams: teams.map(team),
        earlierCycles: earlier,
        ramp: ramp.map((r) => ({
          id: r.id,
          title: r.readable ? r.title : 'A PDSA cycle of another team',
          decision: r.decision,
          current: r.id === cycleId,
        })),
      },
      abilities: { edit: canContribute(access) },
    };
  });
}

/** Saves what the team wrote in any of the four phases; fields left out keep what they held. */
export async function savePdsa({
  db,
  actor,
  cycleId,
  body,
}: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: PdsaBody;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const { access, row } = await pdsaCycle(tx, actor, cycleId);
    if (!canContribute(access)) throw new ConflictError('This cycle is completed; its record is read-only.');
    const communityId = row.community_id;
    const next = {
      school_id: body.schoolId === undefined ? row.school_id : body.schoolId,
      measure_id: body.measureId === undefined ? row.measure_id : body.measureId,
      prediction: body.prediction ?? row.prediction,
      who: body.who ?? row.who,
      what: body.what ?? row.what,
      test_date: body.testDate === undefined ? row.test_date : body.testDate,
      data_plan: body.dataPlan ?? row.data_plan,
      what_happened: body.whatHappened ?? row.what_happened,
      surprises: body.surprises ?? row.surprises,
      study: body.study ?? row.study,
      act_notes: body.actNotes ?? row.act_notes,
    };
    if (body.schoolId) {
      const teams = await q.listTeams(tx, communityId);
      if (!teams.some((t) => t.id === body.schoolId))
        throw invalidField('/body/schoolId', 'is not a school team of this community');
    }
    if (body.measureId) {
      const m = await q.findMeasure(tx, body.measureId);
      if (!m || m.community_id !== communityId)
        throw invalidField('/body/measureId', 'is not a measure of this community');
    }
    let changeIdea: Awaited<ReturnType<typeof q.findChangeIdea>> = null;
    const changeIdeaId = body.changeIdeaId === undefined ? row.change_idea_id : body.changeIdeaId;
    if (changeIdeaId) {
      changeIdea = await q.findChangeIdea(tx, communityId, changeIdeaId);
      if (!changeIdea)
        throw invalidField('/body/changeIdeaId', "is not a change idea of this community's driver diagram");
    }
    const previousCycleId = body.previousCycleId === undefined ? row.previous_cycle_id : body.previousCycleId;
    if (body.previousCycleId) {
      if (body.previousCycleId === cycleId)
        throw invalidField('/body/previousCycleId', 'cannot be the cycle itself');
      const before = await cycleAccess(tx, actor, body.previousCycleId);
      const beforeRow = before && (await q.findPdsa(tx, body.previousCycleId));
      if (!before || before.kind !== 'pdsa' || !beforeRow || beforeRow.community_id !== communityId)
        throw invalidField('/body/previousCycleId', 'is not a PDSA cycle of this community you take part in');
      if (await q.followsFrom(tx, body.previousCycleId, cycleId))
        throw invalidField('/body/previousCycleId', 'already follows from this cycle');
    }
    const decision = body.decision === undefined ? row.decision : body.decision;
    await q.savePdsa(tx, cycleId, actor.userId, next);
    await linkCycleToImprovement(tx, {
      cycleId,
      aimId: changeIdea?.aim_id ?? null,
      aimLabel: changeIdea?.aim_label ?? null,
      changeIdeaId: changeIdea?.id ?? null,
      changeIdeaLabel: changeIdea?.text ?? null,
      previousCycleId,
    });
    if (decision !== row.decision) await recordCycleDecision(tx, { cycleId, decision });
  });
}
