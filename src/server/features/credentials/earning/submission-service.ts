import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { type NotificationRequest, recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, isTimestamp, keysetPage } from '#server/platform/cursor.ts';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  InvalidError,
  invalidField,
  NotFoundError,
} from '#server/platform/errors.ts';
import type {
  ActivityView,
  EvidenceAnswerView,
  MyProgress,
  SaveEvidenceBody,
  SubmissionDetail,
  SubmissionListQuery,
  SubmissionListResponse,
} from '#shared/contracts/submissions.ts';
import { checkEvidence, promptTitle, unansweredPrompts } from './evidence.ts';
import { shareEvidenceVideos, unshareEvidenceVideos } from './evidence-video.ts';
import { canEditEvidence, canReadSubmission, canWithdraw, isActiveStatus } from './policy.ts';
import { iso, presentDetail, presentEvidence, presentSummary, standingOf } from './present.ts';
import {
  activePeopleInScope,
  activeSubmissionsOf,
  assessorIds,
  findAward,
  findSubmission,
  findVisibleCredential,
  holdersAmong,
  insertSubmission,
  isCurrentVersion,
  latestSubmissionOf,
  listMemberSubmissions,
  lockStarters,
  recentActivities,
  type SubmissionRow,
  setStatus,
  submitRound,
  updateEvidence,
} from './queries.ts';

const SUBMISSION_EXTENSION = 'https://trellis.dev/xapi/extensions/submission';
const ACTIVITY_OPTIONS_MAX = 50;

/**
 * The submission, if the actor may read it (members; assessors and the issuer's admins once
 * submitted), else a 404: it does not exist for them. `lock` holds the row until the transaction ends.
 */
export async function readableSubmission(
  tx: Tx,
  actor: Actor,
  submissionId: string,
  lock = false,
): Promise<SubmissionRow> {
  const row = await findSubmission(tx, actor.userId, submissionId, lock);
  if (!row || !canReadSubmission(standingOf(actor, row))) throw new NotFoundError('No such submission.');
  return row;
}

/** The submission, locked, for a member to write evidence to or submit: draft or revise only. */
async function draftingSubmission(tx: Tx, actor: Actor, submissionId: string): Promise<SubmissionRow> {
  const row = await readableSubmission(tx, actor, submissionId, true);
  const standing = standingOf(actor, row);
  if (!standing.isMember) throw new ForbiddenError('Only the people the submission is for may change it.');
  if (!canEditEvidence(standing))
    throw new ConflictError(`This submission is ${row.status}: its evidence cannot change now.`);
  return row;
}

async function recordSubmissionActivity(
  tx: Tx,
  actor: Actor,
  verb: 'started' | 'submitted',
  row: { id: string; credentialId: string; title: string; round: number; memberIds: string[] },
  notify: NotificationRequest[] = [],
) {
  await recordActivity(tx, {
    actor,
    verb,
    object: { type: 'micro_credential', id: row.credentialId, name: row.title },
    context: {
      extensions: {
        [SUBMISSION_EXTENSION]: row.id,
        'https://trellis.dev/xapi/extensions/team': row.memberIds,
      },
    },
    ...(verb === 'submitted'
      ? { result: { extensions: { 'https://trellis.dev/xapi/extensions/round': row.round } } }
      : {}),
    notify,
  });
}

/**
 * Checks a starter and their teammates: team within the version's size, teammates active people in
 * the issuer's scope, nobody already holding the credential or already working on it.
 */
async function checkTeam(
  tx: Tx,
  actor: Actor,
  credential: { credential_id: string; issuer_org_id: string; max_team_size: number },
  teammateIds: string[],
): Promise<void> {
  if (teammateIds.includes(actor.userId))
    throw invalidField('/body/teammateIds', 'must not include yourself: you are on the team already');
  if (teammateIds.length + 1 > credential.max_team_size)
    throw invalidField(
      '/body/teammateIds',
      credential.max_team_size === 1
        ? 'this credential is earned by individuals, not teams'
        : `a team has at most ${credential.max_team_size} people, you included`,
    );
  const everyone = [actor.userId, ...teammateIds];
  await lockStarters(tx, credential.credential_id, everyone);
  const active = await activeSubmissionsOf(tx, credential.credential_id, everyone);
  const mine = active.find((a) => a.user_id === actor.userId);
  if (mine)
    throw new ConflictError(`You are already working on this credential: submission ${mine.submission_id}.`, [
      { path: '/params/id', message: `has an active submission ${mine.submission_id}` },
    ]);
  const holders = await holdersAmong(tx, credential.credential_id, everyone);
  if (holders.includes(actor.userId)) throw new ConflictError('You already hold this credential.');
  const inScope = new Set(await activePeopleInScope(tx, credential.issuer_org_id, teammateIds));
  const busy = new Set(active.map((a) => a.user_id));
  const errors: FieldError[] = [];
  teammateIds.forEach((id, i) => {
    const path = `/body/teammateIds/${i}`;
    if (!inScope.has(id)) errors.push({ path, message: 'is not someone who may earn this credential' });
    else if (holders.includes(id)) errors.push({ path, message: 'already holds this credential' });
    else if (busy.has(id)) errors.push({ path, message: 'is already working on this credential' });
  });
  if (errors.length) throw new InvalidError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

/**
 * Starts earning a published micro-credential the actor may see, alone or with teammates, against
 * its current version; records `started`.
 */
export async function startSubmission(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  teammateIds: string[];
}): Promise<SubmissionDetail> {
  const { actor } = args;
  const teammateIds = [...new Set(args.teammateIds)];
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const credential = await findVisibleCredential(tx, actor, args.credentialId);
    if (!credential) throw new NotFoundError('No such micro-credential.');
    if (credential.status !== 'published')
      throw new ConflictError('This micro-credential is not published: it cannot be earned yet.');
    if (credential.kind !== 'micro')
      throw new ConflictError('A stack is earned by earning each micro-credential in it.');
    await checkTeam(tx, actor, credential, teammateIds);
    const memberIds = [actor.userId, ...teammateIds];
    await insertSubmission(tx, {
      id,
      credentialId: credential.credential_id,
      version: credential.version,
      ownerId: actor.userId,
      memberIds,
    });
    await recordSubmissionActivity(tx, actor, 'started', {
      id,
      credentialId: credential.credential_id,
      title: credential.credential_title,
      round: 1,
      memberIds,
    });
  });
  return getSubmission({ db: args.db, actor, submissionId: id });
}

/** The actor's submissions (as owner or teammate), newest started first, optionally by status. */
export async function listMySubmissions(args: {
  db: Db;
  actor: Actor;
  query: SubmissionListQuery;
}): Promise<SubmissionListResponse> {
  const { query } = args;
  const rows = await listMemberSubmissions(args.db, args.actor.userId, {
    status: query.status,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.started_cursor, row.id]);
  return { data: shown.map(presentSummary), nextCursor };
}

/** One submission as the actor may see it; 404 when they may not. */
export async function getSubmission(args: {
  db: Tx;
  actor: Actor;
  submissionId: string;
}): Promise<SubmissionDetail> {
  const row = await readableSubmission(args.db, args.actor, args.submissionId);
  return presentDetail(args.db, args.actor, row);
}

export type SaveEvidenceResult =
  | { saved: true; updatedAt: string }
  | { saved: false; current: { evidence: EvidenceAnswerView[]; updatedAt: string } };

/**
 * Autosaves a member's draft evidence. Refused (with the evidence as it now stands) when a teammate
 * saved since `baseUpdatedAt`, so nobody overwrites another's words unseen.
 */
export async function saveEvidence(args: {
  db: Db;
  actor: Actor;
  submissionId: string;
  body: SaveEvidenceBody;
}): Promise<SaveEvidenceResult> {
  if (!isTimestamp(args.body.baseUpdatedAt))
    throw invalidField('/body/baseUpdatedAt', 'must be the updatedAt this submission gave');
  return args.db.transaction(async (tx): Promise<SaveEvidenceResult> => {
    const row = await draftingSubmission(tx, args.actor, args.submissionId);
    if (!(await isCurrentVersion(tx, row.id, args.body.baseUpdatedAt)))
      return {
        saved: false,
        current: { evidence: presentEvidence(row.evidence), updatedAt: row.updated_key },
      };
    const evidence = await checkEvidence(tx, {
      actor: args.actor,
      submissionId: row.id,
      prompts: row.evidence_prompts,
      stored: row.evidence,
      answers: args.body.evidence,
    });
    await shareEvidenceVideos(tx, {
      actor: args.actor,
      submissionId: row.id,
      credentialId: row.credential_id,
      memberIds: row.members.map((m) => m.id),
      before: row.evidence,
      evidence,
      withAssessors: false,
    });
    return { saved: true, updatedAt: await updateEvidence(tx, row.id, evidence) };
  });
}

/**
 * A member submits the evidence for review: every required prompt answered. A resubmission after
 * "revise" opens the next round; the evidence of each round is kept. Records `submitted` and tells
 * the credential's assessors.
 */
export async function submitSubmission(args: {
  db: Db;
  actor: Actor;
  submissionId: string;
}): Promise<SubmissionDetail> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    const row = await draftingSubmission(tx, actor, args.submissionId);
    const missing = unansweredPrompts(row.evidence_prompts, row.evidence);
    if (missing.length) {
      const errors = missing.map((p) => ({
        path: `/body/evidence/${p.id}`,
        message: `${promptTitle(p)} is required`,
      }));
      throw new InvalidError(
        `Answer every required prompt before submitting: ${missing.map(promptTitle).join(', ')}.`,
        errors,
      );
    }
    const round = row.status === 'revise' ? row.round + 1 : row.round;
    await submitRound(tx, row.id, round);
    const memberIds = row.members.map((m) => m.id);
    // The assessors see the clips from now on (a draft's are the members' only).
    await shareEvidenceVideos(tx, {
      actor,
      submissionId: row.id,
      credentialId: row.credential_id,
      memberIds,
      before: null,
      evidence: row.evidence,
      withAssessors: true,
    });
    const assessors = (await assessorIds(tx, row.credential_id)).filter((id) => !memberIds.includes(id));
    await recordSubmissionActivity(
      tx,
      actor,
      'submitted',
      { id: row.id, credentialId: row.credential_id, title: row.credential_title, round, memberIds },
      [
        {
          kind: 'credential_submitted',
          to: assessors,
          data: { credentialTitle: row.credential_title, submissionId: row.id },
        },
      ],
    );
  });
  return getSubmission({ db: args.db, actor, submissionId: args.submissionId });
}

/** The owner withdraws a submission still under way; an earned one stays. */
export async function withdrawSubmission(args: {
  db: Db;
  actor: Actor;
  submissionId: string;
}): Promise<SubmissionDetail> {
  await args.db.transaction(async (tx) => {
    const row = await readableSubmission(tx, args.actor, args.submissionId, true);
    const standing = standingOf(args.actor, row);
    if (standing.userId !== standing.ownerId)
      throw new ForbiddenError('Only the person who started the submission may withdraw it.');
    if (!canWithdraw(standing))
      throw new ConflictError(`This submission is ${row.status}: it cannot be withdrawn.`);
    await setStatus(tx, row.id, 'withdrawn');
    // Its classroom-video clips were shared for this submission's review only.
    await unshareEvidenceVideos(tx, row.id);
  });
  return getSubmission({ db: args.db, actor: args.actor, submissionId: args.submissionId });
}

/** Where the actor stands with a credential: their submission, their award, and whether they may start. */
export async function getMyProgress(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
}): Promise<MyProgress> {
  const { db, actor } = args;
  const credential = await findVisibleCredential(db, actor, args.credentialId);
  if (!credential) throw new NotFoundError('No such micro-credential.');
  const [submission, awardId] = await Promise.all([
    latestSubmissionOf(db, credential.credential_id, actor.userId),
    findAward(db, { credentialId: credential.credential_id, recipientId: actor.userId }),
  ]);
  const active = submission !== null && isActiveStatus(submission.status);
  return {
    submission,
    award: awardId ? { id: awardId } : null,
    maxTeamSize: credential.max_team_size,
    abilities: {
      start: credential.status === 'published' && credential.kind === 'micro' && !active && !awardId,
    },
  };
}

/** The actor's recent activities, to offer one as evidence of a completed activity. */
export async function listActivityOptions(args: { db: Db; actor: Actor }): Promise<ActivityView[]> {
  const rows = await recentActivities(args.db, args.actor.userId, ACTIVITY_OPTIONS_MAX);
  return rows.map((r) => ({ id: r.id, verb: r.verb, name: r.name, timestamp: iso(r.timestamp) }));
}
