import type { Db, Tx } from '#server/db/client.ts';
import type { Rubric } from '#server/db/schema.ts';
import { type NotificationRequest, recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, encodeCursor } from '#server/platform/cursor.ts';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  InvalidError,
  invalidField,
  NotFoundError,
} from '#server/platform/errors.ts';
import { summarizeRubricScores } from '#shared/rubric.ts';
import type {
  ReviewBody,
  ReviewQueueQuery,
  ReviewResult,
  SubmissionDetail,
} from '#shared/contracts/submissions.ts';
import type { CredentialIssuer } from '../issuing/issuer.ts';
import { canReadSubmission } from './policy.ts';
import { presentDetail, presentReview, standingOf } from './present.ts';
import {
  assessorIds,
  findSubmission,
  insertReview,
  listReviews,
  type ReviewRow,
  reviewQueue,
  type SubmissionRow,
  setStatus,
} from './queries.ts';

/** A credential without a rubric is judged on its evidence alone: nothing to score. */
const NO_RUBRIC: Rubric = { levels: [], criteria: [], passing: { minLevel: 0 } };

/** Reviews a round needs before it is decided (a lead settles any disagreement after that). */
const reviewsNeeded = (row: Pick<SubmissionRow, 'second_assessor'>) => (row.second_assessor ? 2 : 1);

/**
 * The submissions waiting for the actor's review, oldest submitted first, and the credentials they
 * assess, as the JSON text of a ReviewQueueResponse: the items and credentials come written by the
 * statement (queries.ts, reviewQueue).
 */
export async function listReviewQueue(args: {
  db: Db;
  actor: Actor;
  query: ReviewQueueQuery;
}): Promise<string> {
  const { db, actor, query } = args;
  const page = await reviewQueue(db, actor.userId, {
    credentialId: query.credentialId,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const nextCursor = page.next_id === null ? null : encodeCursor([page.next_at, page.next_id]);
  return `{"data":${page.items},"nextCursor":${JSON.stringify(nextCursor)},"credentials":${page.credentials}}`;
}

/**
 * The submission as its assessor reviews it: the evidence as submitted, earlier rounds with their
 * reviews, and this round's other reviews only once the assessor has written theirs (blind double
 * review) or, for a lead settling a disagreement, at once.
 */
export async function getReviewWorkspace(args: {
  db: Db;
  actor: Actor;
  submissionId: string;
}): Promise<SubmissionDetail> {
  const row = await findSubmission(args.db, args.actor.userId, args.submissionId);
  const standing = row ? standingOf(args.actor, row) : null;
  if (!row || !standing || !canReadSubmission(standing)) throw new NotFoundError('No such submission.');
  if (standing.isMember) throw new ForbiddenError('Nobody reviews their own submission.');
  if (!standing.isAssessor)
    throw new ForbiddenError('Only assessors of this credential review its submissions.');
  return presentDetail(args.db, args.actor, row);
}

/** The scores checked against the rubric: every criterion once, at a level it has, and the decision they allow. */
function checkScores(rubric: Rubric, body: ReviewBody): void {
  const summary = summarizeRubricScores(rubric, body.scores);
  const errors: FieldError[] = summary.problems.map((message) => ({ path: '/body/scores', message }));
  for (const c of summary.criteria)
    if (c.level === null && summary.problems.length === 0)
      errors.push({ path: '/body/scores', message: `“${c.criterionName}” must be scored` });
  if (errors.length) throw new InvalidError(errors.map((e) => e.message).join('; '), errors);
  if (body.decision === 'earned' && !summary.passes)
    throw invalidField(
      '/body/decision',
      'can be "earned" only when every criterion reaches the passing level; choose "revise"',
    );
  if (body.decision === 'revise' && !body.feedback.trim())
    throw invalidField('/body/feedback', 'is required when asking for a revision: say what to work on');
}

/** Which review this is: a lead settling an escalation, else the first or second of the round. */
function roleOf(row: SubmissionRow, thisRound: ReviewRow[]): ReviewRow['role'] {
  if (row.status === 'escalated') return 'lead';
  return thisRound.length === 0 ? 'first' : 'second';
}

/**
 * What the review does to the submission: a lone or a lead review decides; with a second assessor,
 * the first review waits, and the second decides when both agree or escalates when they do not.
 */
function outcomeOf(
  row: SubmissionRow,
  role: ReviewRow['role'],
  decision: ReviewBody['decision'],
  thisRound: ReviewRow[],
): ReviewBody['decision'] | 'wait' | 'escalate' {
  if (role === 'lead' || !row.second_assessor) return decision;
  if (role === 'first') return 'wait';
  const first = thisRound.find((r) => r.role === 'first');
  return first?.decision === decision ? decision : 'escalate';
}

async function applyOutcome(
  tx: Tx,
  args: {
    actor: Actor;
    issuer: CredentialIssuer;
    row: SubmissionRow;
    outcome: ReturnType<typeof outcomeOf>;
  },
): Promise<SubmissionRow['status']> {
  const { actor, row, outcome } = args;
  const memberIds = row.members.map((m) => m.id);
  switch (outcome) {
    case 'wait':
      return row.status;
    case 'earned':
      await setStatus(tx, row.id, 'earned', true);
      await args.issuer.issue(tx, {
        credentialId: row.credential_id,
        version: row.version,
        recipientIds: memberIds,
        submissionId: row.id,
        issuedBy: actor.userId,
      });
      return 'earned';
    case 'revise':
      await setStatus(tx, row.id, 'revise', true);
      return 'revise';
    case 'escalate':
      await setStatus(tx, row.id, 'escalated');
      return 'escalated';
  }
}

/** Who a review's outcome tells: the members when asked to revise, the lead assessors when escalated. */
async function outcomeNotices(
  tx: Tx,
  row: SubmissionRow,
  outcome: ReturnType<typeof outcomeOf>,
): Promise<NotificationRequest[]> {
  const data = { credentialTitle: row.credential_title, submissionId: row.id };
  const memberIds = row.members.map((m) => m.id);
  if (outcome === 'revise') return [{ kind: 'credential_reviewed', to: memberIds, data }];
  if (outcome === 'escalate') {
    const leads = (await assessorIds(tx, row.credential_id, true)).filter((id) => !memberIds.includes(id));
    return [{ kind: 'credential_escalated', to: leads, data }];
  }
  return [];
}

/**
 * An assessor of the credential (never a member) scores the round against the rubric and decides
 * "earned" or "revise", once per round. The submission row is locked, so two assessors cannot both
 * decide; deciding "earned" issues the credential to every member in the same transaction.
 */
export async function reviewSubmission(args: {
  db: Db;
  actor: Actor;
  issuer: CredentialIssuer;
  submissionId: string;
  body: ReviewBody;
}): Promise<ReviewResult> {
  const { actor, body } = args;
  return args.db.transaction(async (tx) => {
    const row = await findSubmission(tx, actor.userId, args.submissionId, true);
    if (!row) throw new NotFoundError('No such submission.');
    const standing = standingOf(actor, row);
    if (!standing.isAssessor)
      throw new ForbiddenError('Only assessors of this credential review its submissions.');
    if (standing.isMember) throw new ForbiddenError('Nobody reviews their own submission.');
    if (row.status !== 'submitted' && row.status !== 'escalated')
      throw new ConflictError(`This submission is ${row.status}: it is not waiting for a review.`);
    const thisRound = (await listReviews(tx, row.id)).filter((r) => r.round === row.round);
    if (thisRound.some((r) => r.assessor_id === actor.userId))
      throw new ConflictError('You have already reviewed this round of the submission.');
    if (row.status === 'escalated' && !standing.isLead)
      throw new ForbiddenError('Only a lead assessor settles a disagreement between assessors.');
    if (row.status === 'submitted' && thisRound.length >= reviewsNeeded(row))
      throw new ConflictError('This round has all the reviews it needs.');
    checkScores(row.rubric ?? NO_RUBRIC, body);
    const role = roleOf(row, thisRound);
    const id = await insertReview(tx, {
      submissionId: row.id,
      round: row.round,
      assessorId: actor.userId,
      role,
      scores: body.scores,
      feedback: body.feedback,
      decision: body.decision,
    });
    const outcome = outcomeOf(row, role, body.decision, thisRound);
    await recordActivity(tx, {
      actor,
      verb: 'reviewed',
      object: { type: 'micro_credential', id: row.credential_id, name: row.credential_title },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/submission': row.id } },
      result: {
        success: body.decision === 'earned',
        response: body.decision,
        extensions: {
          'https://trellis.dev/xapi/extensions/round': row.round,
          'https://trellis.dev/xapi/extensions/role': role,
          'https://trellis.dev/xapi/extensions/scores': body.scores,
        },
      },
      notify: await outcomeNotices(tx, row, outcome),
    });
    const status = await applyOutcome(tx, { actor, issuer: args.issuer, row, outcome });
    const review = presentReview({
      id,
      round: row.round,
      assessor_id: actor.userId,
      assessor_name: actor.name,
      role,
      scores: body.scores,
      feedback: body.feedback,
      decision: body.decision,
      created_at: new Date(),
    });
    return { review, status };
  });
}
