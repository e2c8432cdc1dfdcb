import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { findCompetencyChoices } from '#server/features/credentials/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import {
  decodeCursor,
  decodeTimeCursor,
  encodeCursor,
  isTimestamp,
  keysetPage,
} from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, NotFoundError, invalidField } from '#server/platform/errors.ts';
import {
  type ActionBody,
  COACHING_PHASES,
  type CaseloadResponse,
  type CoachingAbilities,
  type CoachingAction,
  type CoachingCycleDetail,
  type CoachingCycleListQuery,
  type CoachingCycleListResponse,
  type CoachingLogResponse,
  type CoachingRole,
  type CommentBody,
  type CommentListResponse,
  type CompleteObservationBody,
  type ConferenceBody,
  type ConferenceKind,
  type FocusInput,
  type FocusKind,
  type InviteBody,
  type ObservationDetail,
  type ObservationNoteBody,
  type Rubric,
  type RubricBody,
  type RubricEditBody,
  type StartCoachingCycleBody,
  type StartObservationBody,
  type UpdateActionBody,
  type UpdateCoachingCycleBody,
} from '#shared/contracts/coaching.ts';
import type { PageQuery } from '#shared/contracts/common.ts';
import type { z } from 'zod';
import {
  ACTION_OBJECT,
  COMPLETED,
  CYCLE_OBJECT,
  OBSERVATION_OBJECT,
  OBSERVED,
  PHASE_CHANGED,
  RECEIVED_OBSERVATION,
  cycleSignal,
} from './activity.ts';
import {
  type CoachingAccess,
  abilitiesOf,
  canContribute,
  canManage,
  canSteer,
  coachingAccess,
  isOpen,
} from './policy.ts';
import * as q from './queries.ts';
import { grantToMembers, isTeachersVideo, revokeFromMember } from './video.ts';

const NOT_FOUND = 'No such coaching cycle.';

/** The cycle and the viewer's part in it, or 404: to anyone else the cycle does not exist. */
export async function loadCoachingAccess(
  tx: Tx,
  actor: Pick<Actor, 'userId'>,
  cycleId: string,
): Promise<CoachingAccess> {
  const access = await coachingAccess(tx, actor, cycleId);
  if (!access) throw new NotFoundError(NOT_FOUND);
  return access;
}

function assertManages(access: CoachingAccess): void {
  if (!canManage(access)) throw new ForbiddenError('Only the teacher whose cycle this is may do this.');
  assertOpen(access);
}

function assertOpen(access: CoachingAccess): void {
  if (!isOpen(access)) throw new ConflictError('This coaching cycle is completed; reopen it first.');
}

function assertContributes(access: CoachingAccess): void {
  if (!canContribute(access)) throw new ConflictError('This coaching cycle is completed; reopen it first.');
}

// ─── Rubrics ──────────────────────────────────────────────────────────────────────────────────────

/** The rubrics of the viewer's district: what a teacher may take a focus from. */
export async function listRubrics(args: { db: Db; actor: Actor }): Promise<Rubric[]> {
  return q.listRubrics(args.db, args.actor.districtId);
}

function assertRubricAdmin(actor: Actor): void {
  if (!actor.roles.includes('district_admin'))
    throw new ForbiddenError("Only the district's administrators may define its coaching rubrics.");
}

/** A rubric's rows from its domains, each with a new id. */
const rubricRowsOf = (body: z.output<typeof RubricBody>) =>
  body.domains.flatMap((domain) =>
    domain.rows.map((row) => ({ id: uuidv7(), domain: domain.title, ...row })),
  );

/** A district administrator defines a rubric of domains and rows (Danielson-style) for the district's coaching. */
export async function createRubric(args: {
  db: Db;
  actor: Actor;
  districtId: string;
  body: z.output<typeof RubricBody>;
}): Promise<Rubric> {
  const { actor, districtId, body } = args;
  if (actor.districtId !== districtId) throw new NotFoundError('No such district.');
  assertRubricAdmin(actor);
  const id = uuidv7();
  const rows = rubricRowsOf(body);
  return args.db.transaction(async (tx) => {
    await q.insertRubric(
      tx,
      { id, districtId, title: body.title, description: body.description, createdBy: actor.userId },
      rows,
    );
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: 'coaching_rubric', id, name: body.title },
    });
    const [rubric] = await q.listRubrics(tx, districtId, id);
    return rubric;
  });
}

/**
 * A district administrator edits a rubric in place (decision 092): its next version takes the new
 * title, description and rows; the earlier rows stay, so cycles that took one as their focus (and
 * their observations and tagged comments) keep it. Starting from a version someone else has moved
 * past is a 409: the editor reads the rubric again.
 */
export async function updateRubric(args: {
  db: Db;
  actor: Actor;
  rubricId: string;
  body: z.output<typeof RubricEditBody>;
}): Promise<Rubric> {
  const { actor, rubricId, body } = args;
  assertRubricAdmin(actor);
  const rows = rubricRowsOf(body);
  return args.db.transaction(async (tx) => {
    const current = await q.rubricVersionOf(tx, rubricId, actor.districtId);
    if (current === null) throw new NotFoundError('No such rubric.');
    const version = await q.editRubric(tx, {
      id: rubricId,
      districtId: actor.districtId,
      fromVersion: body.version,
      title: body.title,
      description: body.description,
      by: actor.userId,
      rows,
    });
    if (version === null)
      throw new ConflictError('Someone else has edited this rubric since you opened it; read it again.');
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'coaching_rubric', id: rubricId, name: body.title },
    });
    const [rubric] = await q.listRubrics(tx, actor.districtId, rubricId);
    return rubric;
  });
}

/** One version of a rubric of the viewer's district, as it was: what a cycle that took a row of it reads. */
export async function getRubricVersion(args: {
  db: Db;
  actor: Actor;
  rubricId: string;
  version: number;
}): Promise<Rubric> {
  const [rubric] = await q.listRubrics(args.db, args.actor.districtId, args.rubricId, args.version);
  if (!rubric) throw new NotFoundError('No such rubric or version.');
  return rubric;
}

// ─── Cycles ───────────────────────────────────────────────────────────────────────────────────────

type ResolvedFocus = {
  kind: FocusKind;
  label: string;
  competencyId: string | null;
  rubricRowId: string | null;
  /** A row of an earlier version of its rubric. */
  earlier?: boolean;
};

/** The focus as the cycle keeps it: the teacher's words, or a competency or rubric row they may read. */
async function resolveFocus(db: Db, actor: Actor, focus: FocusInput, path: string): Promise<ResolvedFocus> {
  if (focus.kind === 'text')
    return { kind: 'text', label: focus.text, competencyId: null, rubricRowId: null };
  if (focus.kind === 'competency') {
    const [choice] = await findCompetencyChoices({
      db,
      actor,
      query: { ids: [focus.competencyId], limit: 1 },
    });
    if (!choice)
      throw invalidField(`${path}/competencyId`, 'is not a competency of a framework you may read');
    const label = [choice.code, choice.statement].filter(Boolean).join(' ');
    return { kind: 'competency', label: label.slice(0, 300), competencyId: choice.id, rubricRowId: null };
  }
  const row = await q.findRubricRow(db, focus.rubricRowId);
  if (!row || row.district_id !== actor.districtId)
    throw invalidField(`${path}/rubricRowId`, "is not a row of your district's rubrics");
  return {
    kind: 'rubric_row',
    label: row.label,
    competencyId: null,
    rubricRowId: row.id,
    earlier: !row.current,
  };
}

/** A focus newly chosen must be a row of the rubric as it stands; a cycle keeps the one it took (decision 092). */
function assertCurrentRow(focus: ResolvedFocus, path: string, kept: string | null = null): void {
  if (focus.earlier && focus.rubricRowId !== kept)
    throw invalidField(
      `${path}/rubricRowId`,
      'is a row of an earlier version of the rubric; choose from it as it stands',
    );
}

/** Of the people invited, the index of one the teacher may not reach, or -1. */
async function checkInvitees(
  tx: Tx,
  actor: Actor,
  invitees: { userId: string }[],
  path: string,
): Promise<void> {
  const ids = invitees.map((i) => i.userId);
  const reachable = await q.reachablePeople(tx, actor, ids);
  const stranger = ids.findIndex((id) => !reachable.has(id));
  if (stranger >= 0) throw invalidField(`${path}/${stranger}/userId`, 'is not someone in your network');
  const self = ids.indexOf(actor.userId);
  if (self >= 0) throw invalidField(`${path}/${self}/userId`, 'is you: the cycle is yours already');
}

/** A teacher starts a coaching cycle with a focus they choose, inviting coaches and peers from their network. */
export async function startCoachingCycle(args: {
  db: Db;
  actor: Actor;
  body: z.output<typeof StartCoachingCycleBody>;
}): Promise<string> {
  const { actor, body } = args;
  const focus = await resolveFocus(args.db, actor, body.focus, '/body/focus');
  assertCurrentRow(focus, '/body/focus');
  const id = uuidv7();
  const invitees = uniqueInvitees(body.invitees);
  await args.db.transaction(async (tx) => {
    await checkInvitees(tx, actor, invitees, '/body/invitees');
    await q.insertCycle(tx, {
      id,
      teacherId: actor.userId,
      districtId: actor.districtId,
      title: body.title,
      focusKind: focus.kind,
      focusLabel: focus.label,
      competencyId: focus.competencyId,
      rubricRowId: focus.rubricRowId,
    });
    await q.addMembers(tx, id, [{ userId: actor.userId, role: 'teacher' }], null);
    const added = await q.addMembers(tx, id, invitees, actor.userId);
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: CYCLE_OBJECT, id, name: body.title },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/focus': focus.label } },
      notify: [{ kind: 'coaching_invitation', to: added, data: { cycleId: id, cycleTitle: body.title } }],
    });
  });
  return id;
}

const uniqueInvitees = (invitees: { userId: string; role: 'coach' | 'peer' }[]) => {
  const seen = new Set<string>();
  return invitees.filter((i) => !seen.has(i.userId) && seen.add(i.userId));
};

/** A cycle's page: where it stands, its people, conferences, observations and actions, with what the viewer may do. */
export async function getCoachingCycle(args: {
  db: Db | Tx;
  actor: Pick<Actor, 'userId'>;
  cycleId: string;
}): Promise<{ data: CoachingCycleDetail; abilities: CoachingAbilities }> {
  const access = await loadCoachingAccess(args.db, args.actor, args.cycleId);
  const row = await q.findCycle(args.db, args.actor, args.cycleId);
  if (!row) throw new NotFoundError(NOT_FOUND);
  const [members, conferences, observations, actions] = await Promise.all([
    q.listMembers(args.db, args.cycleId),
    q.listConferences(args.db, args.cycleId),
    q.listObservations(args.db, args.cycleId),
    q.listCycleActions(args.db, args.cycleId),
  ]);
  return {
    data: { ...q.presentSummary(row), members, conferences, observations, actions },
    abilities: abilitiesOf(access),
  };
}

/** The viewer's cycles, as teacher or invitee, newest first, a page at a time. */
export async function listCoachingCycles(args: {
  db: Db;
  actor: Actor;
  query: CoachingCycleListQuery;
}): Promise<CoachingCycleListResponse> {
  const { query } = args;
  const rows = await q.listCycles(args.db, args.actor, {
    role: query.role,
    open: query.open === undefined ? undefined : query.open === 'true',
    before: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const page = keysetPage(rows, query.limit, (r) => [r.cursor_at, r.id]);
  return { data: page.shown.map(q.presentSummary), nextCursor: page.nextCursor };
}

/** Title and focus (the teacher), or the phase (the teacher and coaches; closing and reopening is the teacher's). */
export async function updateCoachingCycle(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: UpdateCoachingCycleBody;
}): Promise<void> {
  const { actor, body, cycleId } = args;
  const focus = body.focus ? await resolveFocus(args.db, actor, body.focus, '/body/focus') : undefined;
  await args.db.transaction(async (tx) => {
    const access = await loadCoachingAccess(tx, actor, cycleId);
    const row = await q.findCycle(tx, actor, cycleId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    if (body.title !== undefined || focus) assertManages(access);
    const phase = body.phase && body.phase !== access.phase ? body.phase : undefined;
    if (phase) {
      if (!canSteer(access))
        throw new ForbiddenError('Only the teacher and their coaches move the cycle on.');
      if ((phase === 'completed' || access.phase === 'completed') && !canManage(access))
        throw new ForbiddenError('Only the teacher whose cycle this is may close or reopen it.');
    }
    if (focus && focus.kind === 'rubric_row' && row.teacher_id !== actor.userId)
      throw new ForbiddenError('Only the teacher chooses the focus.');
    if (focus) assertCurrentRow(focus, '/body/focus', row.rubric_row_id);
    await q.updateCycle(tx, cycleId, { title: body.title, phase, focus });
    const name = body.title ?? row.title;
    await recordActivity(tx, {
      actor,
      verb: phase === 'completed' ? COMPLETED : phase ? PHASE_CHANGED : 'updated',
      object: { type: CYCLE_OBJECT, id: cycleId, name },
      ...(phase
        ? {
            result: {
              extensions: {
                'https://trellis.dev/xapi/extensions/phase': phase,
                'https://trellis.dev/xapi/extensions/phase-position': COACHING_PHASES.indexOf(phase),
              },
            },
          }
        : {}),
    });
  });
}

/** The teacher invites more coaches or peers; each is granted the cycle's videos and told. */
export async function inviteToCoachingCycle(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: InviteBody;
}): Promise<void> {
  const { actor, cycleId } = args;
  const invitees = uniqueInvitees(args.body.invitees);
  await args.db.transaction(async (tx) => {
    const access = await loadCoachingAccess(tx, actor, cycleId);
    assertManages(access);
    await checkInvitees(tx, actor, invitees, '/body/invitees');
    const added = await q.addMembers(tx, cycleId, invitees, actor.userId);
    if (!added.length) return;
    await grantToMembers(tx, actor, cycleId, await q.videoIdsOf(tx, cycleId), added);
    const row = await q.findCycle(tx, actor, cycleId);
    await recordActivity(tx, {
      actor,
      verb: 'invited',
      object: { type: CYCLE_OBJECT, id: cycleId, name: row?.title },
      notify: [{ kind: 'coaching_invitation', to: added, data: { cycleId, cycleTitle: row?.title ?? '' } }],
    });
  });
}

/** The teacher removes someone, or an invitee leaves; either way their access to the cycle's videos ends at once. */
export async function removeFromCoachingCycle(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  userId: string;
}): Promise<void> {
  const { actor, cycleId, userId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadCoachingAccess(tx, actor, cycleId);
    const leaving = userId === actor.userId;
    if (leaving && access.role === 'teacher')
      throw new ConflictError('The cycle is yours: close it rather than leave it.');
    if (!leaving && !canManage(access))
      throw new ForbiddenError('Only the teacher whose cycle this is may remove people from it.');
    if (!(await q.removeMember(tx, cycleId, userId)))
      throw new NotFoundError('No such person in this cycle.');
    await revokeFromMember(tx, cycleId, userId);
    await recordActivity(tx, {
      actor,
      verb: leaving ? 'left' : 'removed',
      object: { type: CYCLE_OBJECT, id: cycleId },
      signals: [cycleSignal(cycleId, 'members')],
    });
  });
}

/** Records the pre- or post-conference: when, how long, and what was agreed. */
export async function saveConference(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  kind: ConferenceKind;
  body: z.output<typeof ConferenceBody>;
}): Promise<void> {
  const { actor, body, cycleId, kind } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadCoachingAccess(tx, actor, cycleId);
    assertContributes(access);
    const { created } = await q.upsertConference(tx, {
      id: uuidv7(),
      cycleId,
      kind,
      heldOn: body.heldOn,
      minutes: body.minutes,
      goal: body.goal,
      lookFors: body.lookFors,
      notes: body.notes,
      updatedBy: actor.userId,
    });
    await q.touchCycle(tx, cycleId);
    await recordActivity(tx, {
      actor,
      verb: created ? 'created' : 'updated',
      object: { type: `coaching_${kind}_conference`, id: cycleId },
      result: { duration: `PT${body.minutes}M` },
    });
  });
}

// ─── Observations ─────────────────────────────────────────────────────────────────────────────────

/**
 * An observation begins. A coach or peer starts a live one and observes it; the teacher adds a
 * video of theirs, names who watches it, and the cycle's members are granted it.
 */
export async function startObservation(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: StartObservationBody;
}): Promise<string> {
  const { actor, body, cycleId } = args;
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const access = await loadCoachingAccess(tx, actor, cycleId);
    assertContributes(access);
    let observerId = actor.userId;
    if (body.kind === 'live') {
      if (access.role === 'teacher')
        throw new ForbiddenError(
          'A live observation is started by the coach or peer who watches the lesson.',
        );
    } else {
      if (access.role !== 'teacher')
        throw new ForbiddenError('Only the teacher chooses which of their videos the cycle observes.');
      const members = await q.listMembers(tx, cycleId);
      if (!members.some((m) => m.id === body.observerId && m.role !== 'teacher'))
        throw invalidField('/body/observerId', 'must be a coach or peer of this cycle');
      if (!(await isTeachersVideo(tx, actor.userId, body.videoId)))
        throw invalidField('/body/videoId', 'is not a video of yours');
      observerId = body.observerId;
      await grantToMembers(
        tx,
        actor,
        cycleId,
        [body.videoId],
        members.map((m) => m.id),
      );
    }
    await q.insertObservation(tx, {
      id,
      cycleId,
      observerId,
      kind: body.kind,
      title: body.title,
      videoId: body.kind === 'video' ? body.videoId : null,
      startedAt: body.kind === 'live' ? (body.startedAt ?? null) : null,
    });
    await q.touchCycle(tx, cycleId);
    await recordActivity(tx, {
      actor,
      verb: 'started',
      object: { type: OBSERVATION_OBJECT, id, name: body.title },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/coaching-cycle': cycleId } },
    });
  });
  return id;
}

async function loadObservation(tx: Tx, actor: Pick<Actor, 'userId'>, observationId: string) {
  const observation = await q.findObservation(tx, observationId);
  const access = observation ? await coachingAccess(tx, actor, observation.cycle_id) : null;
  if (!observation || !access) throw new NotFoundError('No such observation.');
  return { observation, access, observes: observation.observer_id === actor.userId };
}

/** An observation with its time-stamped notes, for everyone in the cycle; its observer may add to it while open. */
export async function getObservation(args: {
  db: Db;
  actor: Actor;
  observationId: string;
}): Promise<{ data: ObservationDetail; abilities: { observe: boolean } }> {
  const { observation, access, observes } = await loadObservation(args.db, args.actor, args.observationId);
  const cycle = await q.findCycle(args.db, args.actor, observation.cycle_id);
  if (!cycle) throw new NotFoundError('No such observation.');
  const [notes, lookFors] = await Promise.all([
    q.listNotes(args.db, observation.obs_id),
    q.lookForsOf(args.db, observation.cycle_id),
  ]);
  return {
    data: {
      ...q.presentObservation(observation),
      cycleId: cycle.id,
      cycleTitle: cycle.title,
      focus: q.presentSummary(cycle).focus,
      lookFors,
      notes,
    },
    abilities: { observe: observes && isOpen(access) && observation.completed_at === null },
  };
}

function assertObserves(found: Awaited<ReturnType<typeof loadObservation>>): void {
  if (!found.observes) throw new ForbiddenError('Only the observer writes in this observation.');
  assertOpen(found.access);
  if (found.observation.completed_at) throw new ConflictError('This observation is completed.');
}

/** The observer keeps a time-stamped note, under the id their device made: a resend changes nothing more. */
export async function saveObservationNote(args: {
  db: Db;
  actor: Actor;
  observationId: string;
  noteId: string;
  body: z.output<typeof ObservationNoteBody>;
}): Promise<void> {
  const { body } = args;
  if (body.observedAt && !isTimestamp(body.observedAt))
    throw invalidField('/body/observedAt', 'is not a time');
  await args.db.transaction(async (tx) => {
    const found = await loadObservation(tx, args.actor, args.observationId);
    assertObserves(found);
    const kept = await q.upsertNote(tx, {
      id: args.noteId,
      observationId: args.observationId,
      authorId: args.actor.userId,
      body: body.body,
      observedAt: body.observedAt ?? null,
      videoSeconds: found.observation.kind === 'video' ? (body.videoSeconds ?? null) : null,
      focusTagged: body.focusTagged,
    });
    if (!kept) throw new ConflictError('A note with this id belongs elsewhere.');
  });
}

export async function deleteObservationNote(args: {
  db: Db;
  actor: Actor;
  observationId: string;
  noteId: string;
}): Promise<void> {
  await args.db.transaction(async (tx) => {
    const found = await loadObservation(tx, args.actor, args.observationId);
    assertObserves(found);
    if (!(await q.deleteNote(tx, args.observationId, args.noteId))) throw new NotFoundError('No such note.');
  });
}

/**
 * The observer completes the observation and says how long it took: giving it is their learning and
 * receiving it the teacher's, each for that long (the two statements of one observation).
 */
export async function completeObservation(args: {
  db: Db;
  actor: Actor;
  observationId: string;
  body: CompleteObservationBody;
}): Promise<void> {
  const { actor, body } = args;
  await args.db.transaction(async (tx) => {
    const found = await loadObservation(tx, actor, args.observationId);
    assertObserves(found);
    if (!(await q.completeObservation(tx, args.observationId, body.minutes)))
      throw new ConflictError('This observation is completed.');
    await q.touchCycle(tx, found.observation.cycle_id);
    const object = { type: OBSERVATION_OBJECT, id: args.observationId, name: found.observation.title };
    const result = { duration: `PT${body.minutes}M`, completion: true };
    const context = {
      extensions: { 'https://trellis.dev/xapi/extensions/coaching-cycle': found.access.cycleId },
    };
    await recordActivity(tx, { actor, verb: OBSERVED, object, result, context });
    // The teacher's side: Trellis records it for them, in their district and school.
    const teacher = await q.teacherContext(tx, found.access.teacherId);
    await recordActivity(tx, { actor: teacher, verb: RECEIVED_OBSERVATION, object, result, context });
  });
}

// ─── Actions ──────────────────────────────────────────────────────────────────────────────────────

async function assertMember(tx: Tx, cycleId: string, userId: string, path: string): Promise<void> {
  if (!(await q.memberIds(tx, cycleId)).includes(userId))
    throw invalidField(path, 'must be someone in this cycle');
}

/** A follow-up action agreed in the post-conference, with its owner (anyone in the cycle) and date. */
export async function createAction(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: ActionBody;
}): Promise<CoachingAction> {
  const { actor, body, cycleId } = args;
  const id = uuidv7();
  return args.db.transaction(async (tx) => {
    const access = await loadCoachingAccess(tx, actor, cycleId);
    assertContributes(access);
    await assertMember(tx, cycleId, body.ownerId, '/body/ownerId');
    await q.insertAction(tx, {
      id,
      cycleId,
      title: body.title,
      ownerId: body.ownerId,
      dueOn: body.dueOn,
      createdBy: actor.userId,
    });
    await q.touchCycle(tx, cycleId);
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: ACTION_OBJECT, id, name: body.title },
    });
    const action = await q.findAction(tx, id);
    if (!action) throw new NotFoundError('No such action.');
    return action;
  });
}

/** Anyone in the cycle edits an action or marks it done (or not); done actions of a closed cycle stay done. */
export async function updateAction(args: {
  db: Db;
  actor: Actor;
  actionId: string;
  body: UpdateActionBody;
}): Promise<CoachingAction> {
  const { actor, body } = args;
  return args.db.transaction(async (tx) => {
    const action = await q.findAction(tx, args.actionId);
    const access = action ? await coachingAccess(tx, actor, action.cycleId) : null;
    if (!action || !access) throw new NotFoundError('No such action.');
    const editing = body.title !== undefined || body.ownerId !== undefined || body.dueOn !== undefined;
    if (editing) assertContributes(access);
    if (body.ownerId) await assertMember(tx, action.cycleId, body.ownerId, '/body/ownerId');
    await q.updateAction(tx, action.id, body);
    await q.touchCycle(tx, action.cycleId);
    const nowDone = body.done === true && !action.doneAt;
    await recordActivity(tx, {
      actor,
      verb: nowDone ? COMPLETED : 'updated',
      object: { type: ACTION_OBJECT, id: action.id, name: body.title ?? action.title },
    });
    const updated = await q.findAction(tx, action.id);
    if (!updated) throw new NotFoundError('No such action.');
    return updated;
  });
}

export async function deleteAction(args: { db: Db; actor: Actor; actionId: string }): Promise<void> {
  await args.db.transaction(async (tx) => {
    const action = await q.findAction(tx, args.actionId);
    const access = action ? await coachingAccess(tx, args.actor, action.cycleId) : null;
    if (!action || !access) throw new NotFoundError('No such action.');
    assertContributes(access);
    await q.deleteAction(tx, action.id);
    await recordActivity(tx, {
      actor: args.actor,
      verb: 'deleted',
      object: { type: ACTION_OBJECT, id: action.id, name: action.title },
    });
  });
}

/** The viewer's open follow-up actions, soonest due first: what home shows until each is done. */
export async function listMyActions(args: { db: Db; actor: Actor }): Promise<CoachingAction[]> {
  return q.listMyOpenActions(args.db, args.actor, 20);
}

// ─── Comments ─────────────────────────────────────────────────────────────────────────────────────

/** Someone in the cycle writes in its conversation; everyone else in it is told. */
export async function addComment(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: CommentBody;
}): Promise<string> {
  const { actor, cycleId } = args;
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const access = await loadCoachingAccess(tx, actor, cycleId);
    assertContributes(access);
    await q.insertComment(tx, { id, cycleId, authorId: actor.userId, body: args.body.body });
    const row = await q.findCycle(tx, actor, cycleId);
    const others = (await q.memberIds(tx, cycleId)).filter((m) => m !== actor.userId);
    await recordActivity(tx, {
      actor,
      verb: 'replied',
      object: { type: 'coaching_comment', id },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/coaching-cycle': cycleId } },
      notify: [{ kind: 'coaching_comment', to: others, data: { cycleId, cycleTitle: row?.title ?? '' } }],
      signals: [cycleSignal(cycleId, 'comment', id)],
    });
  });
  return id;
}

export async function listComments(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  query: z.infer<typeof PageQuery>;
}): Promise<CommentListResponse> {
  await loadCoachingAccess(args.db, args.actor, args.cycleId);
  const after = args.query.cursor ? decodeTimeCursor(args.query.cursor) : null;
  const rows = await q.listComments(args.db, args.cycleId, after, args.query.limit);
  const page = keysetPage(rows, args.query.limit, (r) => [r.cursorAt, r.id]);
  return { data: page.shown.map(({ cursorAt: _, ...c }) => c), nextCursor: page.nextCursor };
}

// ─── Caseload and log ─────────────────────────────────────────────────────────────────────────────

/** A coach's caseload: the open cycles they were invited into, whose, where each stands and what is overdue. */
export async function getCaseload(args: {
  db: Db;
  actor: Actor;
  query: z.infer<typeof PageQuery>;
}): Promise<CaseloadResponse> {
  const { query } = args;
  const rows = await q.listCycles(args.db, args.actor, {
    role: 'invited',
    open: true,
    before: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const page = keysetPage(rows, query.limit, (r) => [r.cursor_at, r.id]);
  return {
    data: page.shown.map(q.presentSummary),
    totals: await q.caseloadTotals(args.db, args.actor),
    nextCursor: page.nextCursor,
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A coach's log: the sessions they gave (conferences and observations), with hours, teachers and focus areas. */
export async function getCoachingLog(args: {
  db: Db;
  actor: Actor;
  query: z.infer<typeof PageQuery>;
}): Promise<CoachingLogResponse> {
  const { query } = args;
  let before: { day: string; id: string } | null = null;
  if (query.cursor) {
    const bad = () => invalidField('/querystring/cursor', 'is not a cursor this list gave');
    const [day, id] = decodeCursor(query.cursor, 2, bad) as [unknown, string];
    if (typeof day !== 'string' || !DAY.test(day) || !isTimestamp(`${day}T00:00:00Z`)) throw bad();
    before = { day, id };
  }
  const rows = await q.listLogSessions(args.db, args.actor, before, query.limit);
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  return {
    data: shown,
    totals: await q.logTotals(args.db, args.actor),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.on, last.id]) : null,
  };
}

export type { CoachingRole };
