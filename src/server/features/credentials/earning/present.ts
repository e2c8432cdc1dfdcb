/** How submissions, rounds and reviews are shown, to members, assessors and the issuer's admins. */
import type { Tx } from '#server/db/client.ts';
import type { EvidenceAnswer } from '#server/db/schema.ts';
import type { Actor } from '#server/platform/auth.ts';
import type {
  EvidenceAnswerView,
  ReviewView,
  SubmissionDetail,
  SubmissionSummary,
} from '#shared/contracts/submissions.ts';
import { canAdministerIssuer } from '../policy.ts';
import { describeEvidenceVideos } from './evidence-video.ts';
import { canEditEvidence, canReview, canSeeReview, canWithdraw, type SubmissionStanding } from './policy.ts';
import {
  findActivities,
  findAward,
  findRevokedAward,
  listReviews,
  listRounds,
  type ReviewRow,
  type SubmissionListRow,
  type SubmissionRow,
} from './queries.ts';

export const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** The viewer's standing towards a loaded submission. */
export const standingOf = (actor: Actor, row: SubmissionRow): SubmissionStanding => ({
  userId: actor.userId,
  ownerId: row.owner_id,
  status: row.status,
  round: row.round,
  submitted: row.submitted_at !== null,
  isMember: row.is_member,
  isAssessor: row.is_assessor,
  isLead: row.is_lead,
  administersIssuer: canAdministerIssuer(actor, row.issuer_org_id),
});

export const presentEvidence = (evidence: EvidenceAnswer[]): EvidenceAnswerView[] =>
  evidence.map((a) => ({ ...a, private: a.private ?? false }));

export const presentReview = (r: ReviewRow): ReviewView => ({
  id: r.id,
  round: r.round,
  role: r.role,
  assessor: { id: r.assessor_id, name: r.assessor_name },
  scores: r.scores,
  feedback: r.feedback,
  decision: r.decision,
  createdAt: iso(r.created_at),
});

export function presentSummary(row: SubmissionRow | SubmissionListRow): SubmissionSummary {
  const owner = row.members.find((m) => m.id === row.owner_id) ?? { id: row.owner_id, name: '' };
  return {
    id: row.id,
    credential: { id: row.credential_id, title: row.credential_title },
    version: row.version,
    status: row.status,
    round: row.round,
    owner,
    members: row.members,
    startedAt: iso(row.started_at),
    submittedAt: isoOrNull(row.submitted_at),
    decidedAt: isoOrNull(row.decided_at),
    updatedAt: row.updated_key,
    revokedAt: 'revoked_at' in row ? isoOrNull(row.revoked_at) : null,
  };
}

/**
 * The whole submission as this viewer may see it: members get their draft, others the evidence
 * as last submitted; each round carries only the reviews the viewer may see now.
 */
export async function presentDetail(tx: Tx, actor: Actor, row: SubmissionRow): Promise<SubmissionDetail> {
  const standing = standingOf(actor, row);
  const [rounds, reviews] = await Promise.all([listRounds(tx, row.id), listReviews(tx, row.id)]);
  const reviewedThisRound = reviews.some((r) => r.round === row.round && r.assessor_id === actor.userId);
  const shown = reviews.filter((r) => canSeeReview(standing, r, reviewedThisRound));
  const evidence = standing.isMember ? row.evidence : (rounds.at(-1)?.evidence ?? []);
  const statementIds = [...row.evidence, ...rounds.flatMap((r) => r.evidence)].flatMap((a) =>
    a.statementId ? [a.statementId] : [],
  );
  const activities = await findActivities(tx, [...new Set(statementIds)]);
  const awardId =
    standing.isMember && row.status === 'earned'
      ? await findAward(tx, {
          credentialId: row.credential_id,
          recipientId: actor.userId,
          submissionId: row.id,
        })
      : null;
  const revoked =
    standing.isMember && row.status === 'earned' && !awardId
      ? await findRevokedAward(tx, { recipientId: actor.userId, submissionId: row.id })
      : null;
  return {
    ...presentSummary(row),
    definition: {
      title: row.v_title,
      description: row.v_description,
      criteria: row.v_criteria,
      prompts: row.evidence_prompts,
      rubric: row.rubric,
      maxTeamSize: row.max_team_size,
      secondAssessor: row.second_assessor,
    },
    evidence: await describeEvidenceVideos(tx, actor, presentEvidence(evidence)),
    activities: activities.map((a) => ({
      id: a.id,
      verb: a.verb,
      name: a.name,
      timestamp: iso(a.timestamp),
    })),
    rounds: await Promise.all(
      rounds.map(async (r) => ({
        round: r.round,
        submittedAt: iso(r.submitted_at),
        evidence: await describeEvidenceVideos(tx, actor, presentEvidence(r.evidence)),
        reviews: shown.filter((v) => v.round === r.round).map(presentReview),
      })),
    ),
    awardId,
    revokedAt: revoked ? iso(revoked.revokedAt) : null,
    revocation: revoked ? { revokedAt: iso(revoked.revokedAt), reason: revoked.reason } : null,
    abilities: {
      editEvidence: canEditEvidence(standing),
      submit: canEditEvidence(standing),
      withdraw: canWithdraw(standing),
      review: canReview(standing, reviewedThisRound),
    },
  };
}
