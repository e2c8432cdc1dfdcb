import { uuidv7 } from 'uuidv7';
import * as Y from 'yjs';
import type { Db, Tx } from '#server/db/client.ts';
import { shareResourceIn } from '#server/features/resources/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  InvalidError,
  invalidField,
  NotFoundError,
  PayloadTooLargeError,
} from '#server/platform/errors.ts';
import { publish, publishCommitted, type RealtimeSignal } from '#server/platform/realtime.ts';
import type {
  CaseStudent,
  FindingsResponse,
  PlanChangesResponse,
  PlanOverviewResponse,
  PlanUpdatesResponse,
  PlanVersionResponse,
  PlanVersionSummary,
  PresenceResponse,
  PublishFindingsBody,
} from '#shared/contracts/inquiry-plan.ts';
import { PLAN_BYTES_MAX, PLAN_UPDATE_MAX } from '#shared/contracts/inquiry-plan.ts';
import {
  addPlanRow,
  diffPlans,
  fromBase64,
  PLAN_COLUMN_LABELS,
  PLAN_COLUMNS,
  type PlanContent,
  planRows,
  planText,
  readPlan,
  toBase64,
} from '#shared/lesson-plan.ts';
import { type CycleAccess, canContribute, canFacilitateCycle, cycleAccess } from '../policy.ts';
import * as q from './queries.ts';

/** The verb of a published findings report (its object type is `inquiry_findings`, its id the cycle's). */
export const PUBLISHED_FINDINGS = 'https://trellis.dev/xapi/verbs/published';

/** Updates kept before a version's updates are merged into one. */
const MERGE_EVERY = 100;
/** Case students a plan may describe: a few, for observers to follow. */
const CASE_STUDENTS_MAX = 8;

const noCycle = () => new NotFoundError('No such cycle.');
const noPlan = () => new NotFoundError('No such plan version.');

/** The caller's part in a lesson study, or 404: the plan is the team's alone. */
async function lessonStudy(tx: Tx, actor: Actor, cycleId: string): Promise<CycleAccess> {
  const access = await cycleAccess(tx, actor, cycleId);
  if (access?.kind !== 'lesson_study') throw noCycle();
  return access;
}

function mayEdit(access: CycleAccess): void {
  if (!canContribute(access))
    throw new ForbiddenError('This cycle is completed; its plan can no longer change.');
}

const planAbilities = (access: CycleAccess) => ({
  edit: canContribute(access),
  revise: canContribute(access),
});

const planTopic = (planId: string) => `inquiry-plan:${planId}` as const;
const cycleTopic = (cycleId: string) => `inquiry-plan:${cycleId}` as const;

function toSummary(row: q.PlanVersionRow): PlanVersionSummary {
  return {
    id: row.id,
    version: row.version,
    editable: row.newest,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const toCaseStudent = (row: q.CaseStudentRow): CaseStudent => ({
  id: row.id,
  pseudonym: row.pseudonym,
  watchFor: row.watch_for,
  updatedAt: row.updated_at,
});

/** The rows a first plan starts with: the usual parts of a research lesson, to be written over. */
const FIRST_ROWS = [
  'Introduction: connect to what students know',
  'Posing the task',
  'Students work on the task',
  'Comparing and discussing solutions',
  'Summing up and reflection',
];

/** A first plan's document: its title and the parts of a research lesson. */
function firstPlanState(title: string): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    planText(doc, 'title').insert(0, title);
    for (const activities of FIRST_ROWS) addPlanRow(doc, uuidv7(), { activities });
  });
  return Y.encodeStateAsUpdate(doc);
}

/** A version's document as one update, with the number of its last update. */
async function versionState(tx: Tx, planId: string): Promise<{ state: Uint8Array; seq: number }> {
  const updates = await q.listPlanUpdates(tx, planId);
  const state = updates.length
    ? Y.mergeUpdates(updates.map((u) => new Uint8Array(u.update)))
    : new Uint8Array([0, 0]);
  return { state, seq: updates.at(-1)?.seq ?? 0 };
}

function contentOf(state: Uint8Array): PlanContent {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return readPlan(doc);
}

/** The versions of a cycle's plan and its case students. */
export async function readPlanOverview(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
}): Promise<PlanOverviewResponse> {
  const { db, actor, cycleId } = args;
  const access = await lessonStudy(db, actor, cycleId);
  const [versions, students] = await Promise.all([
    q.listPlanVersions(db, cycleId),
    q.listCaseStudents(db, cycleId),
  ]);
  return {
    data: { versions: versions.map(toSummary), caseStudents: students.map(toCaseStudent) },
    abilities: planAbilities(access),
  };
}

/** One version of the plan: its whole document for the editor and its text for the printable version. */
export async function readPlanVersion(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  version: number;
}): Promise<PlanVersionResponse> {
  const { db, actor, cycleId, version } = args;
  const access = await lessonStudy(db, actor, cycleId);
  const row = await q.findPlanVersion(db, cycleId, version);
  if (!row) throw noPlan();
  const { state, seq } = await versionState(db, row.id);
  return {
    data: { ...toSummary(row), seq, state: toBase64(state), content: contentOf(state) },
    abilities: planAbilities(access),
  };
}

/** The updates of a version after the number a page has read up to. */
export async function listPlanUpdates(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  version: number;
  after: number;
}): Promise<PlanUpdatesResponse> {
  const { db, actor, cycleId, version, after } = args;
  await lessonStudy(db, actor, cycleId);
  const row = await q.findPlanVersion(db, cycleId, version);
  if (!row) throw noPlan();
  const updates = await q.listPlanUpdates(db, row.id, after);
  return {
    data: {
      updates: updates.map((u) => ({ seq: u.seq, update: toBase64(new Uint8Array(u.update)) })),
      seq: updates.at(-1)?.seq ?? Math.max(after, row.last_seq),
    },
  };
}

/** Reads a Yjs update a page sent, refusing what is not one. */
function parseUpdate(text: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text);
  } catch {
    throw invalidField('/body/update', 'must be base64');
  }
  if (bytes.byteLength > PLAN_UPDATE_MAX) throw new PayloadTooLargeError('/body/update', PLAN_UPDATE_MAX);
  try {
    Y.decodeUpdate(bytes);
  } catch {
    throw invalidField('/body/update', 'must be a Yjs update of the plan');
  }
  return bytes;
}

/**
 * Refuses an update that, merged into the plan, would leave it no longer a plan: a row that is not a
 * row of cells (a bare value pushed into the rows) would make every later reading of the plan fail,
 * its printable version, its points to notice and its published findings with it.
 */
function assertPlanShape(state: Uint8Array, update: Uint8Array): void {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    Y.applyUpdate(doc, update);
    if (
      planRows(doc)
        .toArray()
        .every((row) => row instanceof Y.Map)
    ) {
      readPlan(doc);
      return;
    }
  } catch {
    // Refused below, as not an edit of the plan.
  } finally {
    doc.destroy();
  }
  throw invalidField('/body/update', 'must be an edit of the plan: its rows are rows of cells');
}

/**
 * Stores one update of the newest plan version and tells the pages open on it. Updates are merged,
 * never compared, so two people typing in the same cell both keep their words (decision 062); an
 * update for a version that has since been revised is refused with `plan_revised`, and the page
 * sends it again to the revision, which starts from the same document.
 */
export async function savePlanUpdate(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  version: number;
  update: string;
}): Promise<{ seq: number }> {
  const { db, actor, cycleId, version } = args;
  const update = parseUpdate(args.update);
  const { seq, planId } = await db.transaction(async (tx) => {
    const access = await lessonStudy(tx, actor, cycleId);
    mayEdit(access);
    const row = await q.findPlanVersion(tx, cycleId, version, true);
    if (!row) throw noPlan();
    if (!row.newest)
      throw new AppError(
        409,
        'plan_revised',
        'Conflict',
        'This plan has been revised: edit the newest version.',
      );
    if (row.bytes + update.byteLength > PLAN_BYTES_MAX)
      throw new PayloadTooLargeError('/body/update', 'would make the plan larger than 4 MB');
    assertPlanShape((await versionState(tx, row.id)).state, update);
    const seq = await q.appendPlanUpdate(tx, row.id, update, actor.userId);
    if (seq % MERGE_EVERY === 0) {
      const updates = await q.listPlanUpdates(tx, row.id);
      await q.replacePlanUpdates(
        tx,
        row.id,
        seq,
        Y.mergeUpdates(updates.map((u) => new Uint8Array(u.update))),
      );
    }
    return { seq, planId: row.id };
  });
  // Sent after commit, unflushed: a plan takes many small saves, and a lost signal costs a page
  // nothing it would not read on its next fetch.
  await publishCommitted(db, [{ topic: planTopic(planId), type: 'update', id: String(seq) }]);
  return { seq };
}

/**
 * Starts the plan (version 1, with the usual parts of a research lesson) or a revision of it: a new
 * version starting as a copy of the newest, which from then on is the one edited.
 */
export async function startPlanVersion(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
}): Promise<PlanVersionSummary> {
  const { db, actor, cycleId } = args;
  const id = uuidv7();
  await db.transaction(async (tx) => {
    const access = await lessonStudy(tx, actor, cycleId);
    mayEdit(access);
    await q.lockCycle(tx, cycleId);
    const newest = await q.findNewestPlan(tx, cycleId);
    let state: Uint8Array;
    if (newest) {
      // The newest version's lock keeps its last updates from landing after the copy is made.
      await q.findPlanVersion(tx, cycleId, newest.version, true);
      state = (await versionState(tx, newest.id)).state;
    } else {
      state = firstPlanState((await q.findCycleFacts(tx, cycleId)).title);
    }
    const version = (newest?.version ?? 0) + 1;
    await q.insertPlanVersion(tx, { id, cycleId, version, createdBy: actor.userId, state });
    const signals: RealtimeSignal[] = newest ? [{ topic: planTopic(newest.id), type: 'revised', id }] : [];
    await recordActivity(tx, {
      actor,
      verb: newest ? 'updated' : 'created',
      object: { type: 'inquiry_plan', id, name: `Research-lesson plan, version ${version}` },
      context: { communityId: access.communityId },
      signals,
    });
  });
  const rows = await q.listPlanVersions(db, cycleId);
  const row = rows.find((r) => r.id === id);
  if (!row) throw noPlan();
  return toSummary(row);
}

/** What a revision changed against an earlier version (the first, unless `from` says otherwise). */
export async function readPlanChanges(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  version: number;
  from: number;
}): Promise<PlanChangesResponse> {
  const { db, actor, cycleId, version, from } = args;
  await lessonStudy(db, actor, cycleId);
  if (from >= version) throw invalidField('/querystring/from', 'must be an earlier version');
  const [before, after] = await Promise.all([
    q.findPlanVersion(db, cycleId, from),
    q.findPlanVersion(db, cycleId, version),
  ]);
  if (!after) throw noPlan();
  if (!before) throw invalidField('/querystring/from', 'must be a version of this plan');
  const [a, b] = await Promise.all([versionState(db, before.id), versionState(db, after.id)]);
  return { data: { from, to: version, ...diffPlans(contentOf(a.state), contentOf(b.state)) } };
}

// ─── Presence ────────────────────────────────────────────────────────────────────────────────────

async function openPlan(db: Db, actor: Actor, cycleId: string, version: number) {
  await lessonStudy(db, actor, cycleId);
  const row = await q.findPlanVersion(db, cycleId, version);
  if (!row) throw noPlan();
  return row;
}

/** Says the person has the plan open (and where they type); answers who else has. */
export async function markPresence(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  version: number;
  focus: string;
}): Promise<PresenceResponse> {
  const { db, actor, cycleId, version, focus } = args;
  const row = await openPlan(db, actor, cycleId, version);
  if (await q.touchPresence(db, row.id, actor.userId, focus))
    await publishCommitted(db, [{ topic: planTopic(row.id), type: 'presence' }]);
  return presenceOf(db, actor, row.id);
}

/** Says the person closed the plan. */
export async function leavePlan(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  version: number;
}): Promise<void> {
  const row = await openPlan(args.db, args.actor, args.cycleId, args.version);
  if (await q.leavePresence(args.db, row.id, args.actor.userId))
    await publishCommitted(args.db, [{ topic: planTopic(row.id), type: 'presence' }]);
}

export async function readPresence(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  version: number;
}): Promise<PresenceResponse> {
  const row = await openPlan(args.db, args.actor, args.cycleId, args.version);
  return presenceOf(args.db, args.actor, row.id);
}

async function presenceOf(db: Db, actor: Actor, planId: string): Promise<PresenceResponse> {
  const people = await q.listPresence(db, planId);
  return { data: people.map((p) => ({ ...p, me: p.id === actor.userId })) };
}

// ─── Case students ───────────────────────────────────────────────────────────────────────────────

/** Signals the cycle's open plan pages that its case students changed (the topic of the cycle's id). */
const caseStudentsChanged = (tx: Tx, cycleId: string) =>
  publish(tx, [{ topic: cycleTopic(cycleId), type: 'case-students' }]);

/** Adds a case student: a pseudonym, never a real name, and what to watch for. */
export async function addCaseStudent(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  pseudonym: string;
  watchFor: string;
}): Promise<CaseStudent> {
  const { db, actor, cycleId } = args;
  return db.transaction(async (tx) => {
    const access = await lessonStudy(tx, actor, cycleId);
    mayEdit(access);
    await q.lockCycle(tx, cycleId);
    if ((await q.countCaseStudents(tx, cycleId)) >= CASE_STUDENTS_MAX)
      throw new ConflictError(`A plan follows at most ${CASE_STUDENTS_MAX} case students.`);
    const row = await q.insertCaseStudent(tx, {
      id: uuidv7(),
      cycleId,
      pseudonym: args.pseudonym,
      watchFor: args.watchFor,
      createdBy: actor.userId,
    });
    await caseStudentsChanged(tx, cycleId);
    return toCaseStudent(row);
  });
}

export async function changeCaseStudent(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  studentId: string;
  pseudonym?: string;
  watchFor?: string;
}): Promise<CaseStudent> {
  const { db, actor, cycleId, studentId } = args;
  return db.transaction(async (tx) => {
    mayEdit(await lessonStudy(tx, actor, cycleId));
    const row = await q.updateCaseStudent(tx, cycleId, studentId, args);
    if (!row) throw new NotFoundError('No such case student.');
    await caseStudentsChanged(tx, cycleId);
    return toCaseStudent(row);
  });
}

export async function removeCaseStudent(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  studentId: string;
}): Promise<void> {
  const { db, actor, cycleId, studentId } = args;
  await db.transaction(async (tx) => {
    mayEdit(await lessonStudy(tx, actor, cycleId));
    if (!(await q.deleteCaseStudent(tx, cycleId, studentId)))
      throw new NotFoundError('No such case student.');
    await caseStudentsChanged(tx, cycleId);
  });
}

// ─── Findings ────────────────────────────────────────────────────────────────────────────────────

function toFindings(row: q.FindingsRow, access: CycleAccess): FindingsResponse {
  return {
    data: {
      studentThinking: row.student_thinking,
      teaching: row.teaching,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by ? { id: row.updated_by, name: row.updated_by_name ?? '' } : null,
      published:
        row.resource_id && row.published_at
          ? {
              resourceId: row.resource_id,
              title: row.resource_title ?? '',
              at: row.published_at,
              by: row.published_by ? { id: row.published_by, name: row.published_by_name ?? '' } : null,
            }
          : null,
    },
    abilities: {
      edit: canContribute(access) && !row.resource_id,
      publish: canContribute(access) && canFacilitateCycle(access) && !row.resource_id,
    },
  };
}

export async function readFindings(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
}): Promise<FindingsResponse> {
  const access = await lessonStudy(args.db, args.actor, args.cycleId);
  return toFindings(await q.findFindings(args.db, args.cycleId), access);
}

/**
 * Saves the findings draft. The page says which save it edited: when someone saved since, the
 * draft is not overwritten but refused (409), and the page shows both texts to merge.
 */
export async function saveFindings(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  studentThinking: string;
  teaching: string;
  baseUpdatedAt: string | null;
}): Promise<FindingsResponse> {
  const { db, actor, cycleId } = args;
  return db.transaction(async (tx) => {
    const access = await lessonStudy(tx, actor, cycleId);
    mayEdit(access);
    const current = await q.findFindings(tx, cycleId, true);
    if (current.resource_id)
      throw new ConflictError('The findings are published; they can no longer change here.');
    if (current.updated_at !== args.baseUpdatedAt)
      throw new AppError(
        409,
        'findings_changed',
        'Conflict',
        `${current.updated_by_name ?? 'Someone'} saved the findings since you opened them: copy your words, reload and add them again.`,
      );
    await q.saveFindings(tx, {
      cycleId,
      studentThinking: args.studentThinking,
      teaching: args.teaching,
      updatedBy: actor.userId,
    });
    return toFindings(await q.findFindings(tx, cycleId), access);
  });
}

const escapeCell = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>') || ' ';

/** The findings report as Markdown: what the team learned, its case students and its newest plan. */
function reportMarkdown(
  findings: q.FindingsRow,
  plan: PlanContent | null,
  students: q.CaseStudentRow[],
): string {
  const parts = [
    '## What we learned about student thinking',
    findings.student_thinking,
    '## What we learned about teaching',
    findings.teaching,
  ];
  if (plan) {
    parts.push('## The research-lesson plan', plan.title ? `**${plan.title.replace(/[*_`]/g, '')}**` : '');
    if (plan.goals) parts.push(plan.goals);
    parts.push(
      `| ${PLAN_COLUMNS.map((c) => PLAN_COLUMN_LABELS[c]).join(' | ')} |`,
      `|${PLAN_COLUMNS.map(() => ' --- ').join('|')}|`,
      ...plan.rows
        .filter((r) => !r.removed)
        .map((r) => `| ${PLAN_COLUMNS.map((c) => escapeCell(r.cells[c])).join(' | ')} |`),
    );
  }
  if (students.length)
    parts.push(
      '## Case students (pseudonyms)',
      students.map((s) => `- **${s.pseudonym.replace(/[*_`]/g, '')}**: ${s.watch_for}`).join('\n'),
    );
  return parts.filter((p) => p !== '').join('\n\n');
}

/**
 * Publishes the findings report to the cycle's community or a network as a Trellis resource (a
 * research brief others find, try and remix), with the newest plan and the case students'
 * pseudonyms with what to watch for in each, and records it; the cycle names the resource. Published once.
 */
export async function publishFindings(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: PublishFindingsBody;
}): Promise<{ resourceId: string }> {
  const { db, actor, cycleId, body } = args;
  return db.transaction(async (tx) => {
    const access = await lessonStudy(tx, actor, cycleId);
    mayEdit(access);
    if (!canFacilitateCycle(access))
      throw new ForbiddenError("Only the cycle's facilitator publishes its findings.");
    const findings = await q.findFindings(tx, cycleId, true);
    if (findings.resource_id) throw new ConflictError('The findings are already published.');
    if (!findings.student_thinking.trim())
      throw invalidField(
        '/body/studentThinking',
        'say what the team learned about student thinking before publishing',
      );
    if (!findings.teaching.trim())
      throw invalidField('/body/teaching', 'say what the team learned about teaching before publishing');
    const facts = await q.findCycleFacts(tx, cycleId);
    let audienceId: string;
    if (body.audience === 'network') {
      if (!body.networkId) throw invalidField('/body/networkId', 'is required when publishing to a network');
      if (!actor.networkIds.includes(body.networkId))
        throw invalidField('/body/networkId', 'must be a network your district belongs to');
      audienceId = body.networkId;
    } else audienceId = facts.community_id;
    const newest = await q.findNewestPlan(tx, cycleId);
    const plan = newest ? contentOf((await versionState(tx, newest.id)).state) : null;
    const students = await q.listCaseStudents(tx, cycleId);
    let resourceId: string;
    try {
      resourceId = await shareResourceIn(tx, actor, {
        kind: 'research_brief',
        title: body.title,
        summary: body.summary,
        notesMd: reportMarkdown(findings, plan, students),
        subjects: body.subjects.length ? body.subjects : (facts.subjects as PublishFindingsBody['subjects']),
        gradeBands: body.gradeBands,
        alignments: [],
        licence: body.licence,
        items: [],
        audience: body.audience,
        audienceId,
      });
    } catch (error) {
      // The resource names its audience field; the report's form names it otherwise.
      if (error instanceof InvalidError && error.errors?.some((e) => e.path === '/body/audienceId'))
        throw invalidField(
          body.audience === 'network' ? '/body/networkId' : '/body/audience',
          error.errors[0].message,
        );
      throw error;
    }
    await q.markFindingsPublished(tx, { cycleId, resourceId, publishedBy: actor.userId });
    await recordActivity(tx, {
      actor,
      verb: PUBLISHED_FINDINGS,
      object: { type: 'inquiry_findings', id: cycleId, name: body.title },
      context: {
        communityId: access.communityId,
        extensions: { 'https://trellis.dev/xapi/extensions/resource': resourceId },
      },
    });
    return { resourceId };
  });
}

/**
 * The points to notice of a lesson study's newest plan, one per row that has any, keyed by the row's
 * id (which stays the same across versions): what observation notes are tagged to.
 */
export async function planPointsToNotice(tx: Tx, cycleId: string): Promise<{ id: string; text: string }[]> {
  const newest = await q.findNewestPlan(tx, cycleId);
  if (!newest) return [];
  const plan = contentOf((await versionState(tx, newest.id)).state);
  return plan.rows
    .filter((r) => !r.removed && r.cells.notice.trim())
    .map((r) => ({ id: r.id, text: r.cells.notice.trim() }));
}

/** Who may hear a plan's topic (its version's id, or its cycle's id for case students): the team. */
export async function planHearing(db: Db, actor: Actor, id: string): Promise<'all' | null> {
  const cycleId = (await q.findPlanCycle(db, id)) ?? id;
  const access = await cycleAccess(db, actor, cycleId);
  return access && access.kind === 'lesson_study' ? 'all' : null;
}
