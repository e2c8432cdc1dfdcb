/**
 * Who may do what with a submission. Members (the earner and any teammates) draft, submit and read;
 * the owner alone withdraws; assessors of the credential review what was submitted, never their own;
 * the issuer's admins read what was submitted. Members see assessors' judgements of a round once it
 * is decided; a second assessor sees the first one's scores only after writing their own.
 */
import { ACTIVE_STATUSES, type SubmissionStatus } from '#shared/contracts/submissions.ts';

export interface SubmissionStanding {
  userId: string;
  ownerId: string;
  status: SubmissionStatus;
  round: number;
  /** It was submitted at least once. */
  submitted: boolean;
  isMember: boolean;
  isAssessor: boolean;
  isLead: boolean;
  administersIssuer: boolean;
}

const ACTIVE: ReadonlySet<SubmissionStatus> = new Set(ACTIVE_STATUSES);
const DRAFTING: ReadonlySet<SubmissionStatus> = new Set(['draft', 'revise']);

export const isActiveStatus = (status: SubmissionStatus) => ACTIVE.has(status);

/** Members always; the credential's assessors and the issuer's admins once it has been submitted. */
export const canReadSubmission = (s: SubmissionStanding) =>
  s.isMember || (s.submitted && (s.isAssessor || s.administersIssuer));

/** Members write evidence while it is a draft or sent back for revision. */
export const canEditEvidence = (s: SubmissionStanding) => s.isMember && DRAFTING.has(s.status);

/** The owner may withdraw anything still under way. */
export const canWithdraw = (s: SubmissionStanding) => s.userId === s.ownerId && ACTIVE.has(s.status);

/**
 * An assessor who is not a member may review a submitted round, or an escalated one if they are a
 * lead; `reviewedThisRound` says whether they already did.
 */
export function canReview(s: SubmissionStanding, reviewedThisRound: boolean): boolean {
  if (!s.isAssessor || s.isMember || reviewedThisRound) return false;
  return s.status === 'submitted' || (s.status === 'escalated' && s.isLead);
}

/** Whether a review of `round` may be shown to this viewer now. */
export function canSeeReview(
  s: SubmissionStanding,
  review: { round: number },
  reviewedThisRound: boolean,
): boolean {
  const decided = review.round < s.round || s.status === 'earned' || s.status === 'revise';
  if (decided) return true;
  if (s.isMember) return false;
  if (s.isAssessor) return reviewedThisRound || (s.status === 'escalated' && s.isLead);
  return s.administersIssuer;
}
