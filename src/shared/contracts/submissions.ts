import { z } from 'zod';
import { line, PageQuery, ProblemSchema, plainText } from './common.ts';

/**
 * Earning a micro-credential: a teacher (or a team) drafts evidence against the prompts of the
 * version they started on, submits it, and assessors score it against the rubric and decide.
 */

export const REFLECTION_MAX = 20_000;
export const LINK_MAX = 2_000;
export const TEAM_INVITES_MAX = 20;
export const CRITERION_FEEDBACK_MAX = 4_000;
export const REVIEW_FEEDBACK_MAX = 10_000;

export const SUBMISSION_STATUSES = [
  'draft',
  'submitted',
  'escalated',
  'revise',
  'earned',
  'withdrawn',
] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;
/** Statuses of a submission still under way: one person holds at most one of these per credential. */
export const ACTIVE_STATUSES = ['draft', 'submitted', 'escalated', 'revise'] as const;

/** first, second, or lead (settling a disagreement). */
export const REVIEW_ROLES = ['first', 'second', 'lead'] as const;
export const REVIEW_DECISIONS = ['earned', 'revise'] as const;

export const PROMPT_KINDS = ['reflection', 'file', 'link', 'video', 'resource', 'activity'] as const;
export const EvidencePromptView = z.object({
  id: z.string(),
  kind: z.enum(PROMPT_KINDS),
  prompt: z.string(),
  required: z.boolean(),
});
export type EvidencePromptView = z.infer<typeof EvidencePromptView>;

export const RubricView = z.object({
  levels: z.array(z.object({ id: z.string(), name: z.string() })),
  criteria: z.array(z.object({ id: z.string(), name: z.string(), descriptors: z.array(z.string()) })),
  passing: z.object({ minLevel: z.number() }),
});
export type RubricView = z.infer<typeof RubricView>;

/** A part of a lesson video offered as evidence; its comments come with it when `withComments`. */
export const EvidenceVideoClipInput = z.strictObject({
  videoId: z.uuid(),
  start: z
    .number()
    .min(0)
    .max(24 * 3600),
  end: z
    .number()
    .min(0)
    .max(24 * 3600),
  withComments: z.boolean().default(true),
});

/** One answer as the earner writes it; only the field its prompt's kind reads is kept. */
export const EvidenceAnswerInput = z.strictObject({
  promptId: z.string().trim().min(1).max(40),
  text: z.string().max(REFLECTION_MAX, `must be at most ${REFLECTION_MAX} characters`).optional(),
  url: z.string().trim().max(LINK_MAX).optional(),
  fileId: z.uuid().optional(),
  filename: line(200).optional(),
  resourceId: z.uuid().optional(),
  statementId: z.uuid().optional(),
  /** A classroom video prompt's answer: a clip of the earner's own lesson video, with or without its comments. */
  videoClip: EvidenceVideoClipInput.optional(),
  /** The earner's consent that assessors watch the clip (and read its comments if given): needed with a new clip. */
  videoConsent: z.boolean().optional(),
  /** Private (members and assessors only) unless the earner makes it public with false. */
  private: z.boolean().optional(),
});
export type EvidenceAnswerInput = z.infer<typeof EvidenceAnswerInput>;

export const EvidenceAnswerView = z.object({
  promptId: z.string(),
  text: z.string().optional(),
  url: z.string().optional(),
  fileId: z.string().optional(),
  filename: z.string().optional(),
  contentType: z.string().optional(),
  resourceId: z.string().optional(),
  statementId: z.string().optional(),
  videoClip: z
    .object({
      videoId: z.string(),
      start: z.number(),
      end: z.number(),
      withComments: z.boolean(),
      consentedAt: z.string(),
    })
    .optional(),
  /**
   * How the clip's video stands for this viewer: `removed` once its owner deleted it (an award
   * earned on it stays valid), `shared` when the viewer may play it in the player.
   */
  video: z.object({ title: z.string().nullable(), removed: z.boolean(), shared: z.boolean() }).optional(),
  private: z.boolean(),
});
export type EvidenceAnswerView = z.infer<typeof EvidenceAnswerView>;

export const StartSubmissionBody = z.strictObject({
  teammateIds: z.array(z.uuid()).max(TEAM_INVITES_MAX).default([]),
});

export const SaveEvidenceBody = z.strictObject({
  evidence: z.array(EvidenceAnswerInput).max(50),
  /** The updatedAt the editor last loaded or saved: a save over a teammate's newer one is refused. */
  baseUpdatedAt: z.string().trim().min(1).max(40),
});
export type SaveEvidenceBody = z.infer<typeof SaveEvidenceBody>;

export const SavedEvidenceResponse = z.object({ data: z.object({ updatedAt: z.string() }) });
/**
 * A 409 from autosave. When it was a save over a teammate's newer one, the problem carries the
 * evidence as it now stands (other conflicts, such as a submission no longer a draft, do not).
 */
export const StaleEvidenceProblem = ProblemSchema.extend({
  instance: z.string().optional(),
  current: z.object({ evidence: z.array(EvidenceAnswerView), updatedAt: z.string() }).optional(),
});
export type StaleEvidenceProblem = z.infer<typeof StaleEvidenceProblem>;

export const SubmissionListQuery = PageQuery.extend({ status: SubmissionStatus.optional() });
export type SubmissionListQuery = z.infer<typeof SubmissionListQuery>;

export const SubmissionFileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
export const SubmissionFileQuery = z.strictObject({ promptId: z.string().trim().min(1).max(40) });
export const SubmissionFileResponse = z.object({
  data: z.object({ fileId: z.uuid(), filename: z.string(), contentType: z.string(), byteSize: z.number() }),
});
export type SubmissionFile = z.infer<typeof SubmissionFileResponse>['data'];

export const Person = z.object({ id: z.uuid(), name: z.string() });

export const CriterionScoreView = z.object({
  criterionId: z.string(),
  level: z.number(),
  feedback: z.string(),
});
export const ReviewView = z.object({
  id: z.uuid(),
  round: z.number(),
  role: z.enum(REVIEW_ROLES),
  assessor: Person,
  scores: z.array(CriterionScoreView),
  feedback: z.string(),
  decision: z.enum(REVIEW_DECISIONS),
  createdAt: z.string(),
});
export type ReviewView = z.infer<typeof ReviewView>;

export const RoundView = z.object({
  round: z.number(),
  submittedAt: z.string(),
  evidence: z.array(EvidenceAnswerView),
  reviews: z.array(ReviewView),
});
export type RoundView = z.infer<typeof RoundView>;

/** What a completed activity chosen as evidence was. */
export const ActivityView = z.object({
  id: z.uuid(),
  verb: z.string(),
  name: z.string(),
  timestamp: z.string(),
});
export type ActivityView = z.infer<typeof ActivityView>;

export const SubmissionSummary = z.object({
  id: z.uuid(),
  credential: z.object({ id: z.uuid(), title: z.string() }),
  version: z.number(),
  status: SubmissionStatus,
  round: z.number(),
  owner: Person,
  members: z.array(Person),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** When the caller's award from it was revoked (members only), else null. */
  revokedAt: z.string().nullable(),
});
export type SubmissionSummary = z.infer<typeof SubmissionSummary>;

export const SubmissionDetail = SubmissionSummary.extend({
  /** The credential as it stood at the version the submission is judged against. */
  definition: z.object({
    title: z.string(),
    description: z.string(),
    criteria: z.string(),
    prompts: z.array(EvidencePromptView),
    rubric: RubricView.nullable(),
    maxTeamSize: z.number(),
    secondAssessor: z.boolean(),
  }),
  /** Members see their draft; everyone else sees the evidence as last submitted. */
  evidence: z.array(EvidenceAnswerView),
  /** Completed activities named in the evidence. */
  activities: z.array(ActivityView),
  /** Submitted rounds, oldest first, each with the reviews the viewer may see. */
  rounds: z.array(RoundView),
  /** The caller's award from this submission, once earned (members only). */
  awardId: z.uuid().nullable(),
  /** When the caller's award from this submission was revoked, and why (members only). */
  revocation: z.object({ revokedAt: z.string(), reason: z.string().nullable() }).nullable(),
  abilities: z.object({
    editEvidence: z.boolean(),
    submit: z.boolean(),
    withdraw: z.boolean(),
    review: z.boolean(),
  }),
});
export type SubmissionDetail = z.infer<typeof SubmissionDetail>;

export const SubmissionResponse = z.object({ data: SubmissionDetail });
export const SubmissionListResponse = z.object({
  data: z.array(SubmissionSummary),
  nextCursor: z.string().nullable(),
});
export type SubmissionListResponse = z.infer<typeof SubmissionListResponse>;

export const ActivityOptionsResponse = z.object({ data: z.array(ActivityView) });

/** Where the caller stands with one credential, for its page's earn panel. */
export const MyProgressResponse = z.object({
  data: z.object({
    /** The caller's active submission, else their latest one. */
    submission: z.object({ id: z.uuid(), status: SubmissionStatus, round: z.number() }).nullable(),
    award: z.object({ id: z.uuid() }).nullable(),
    maxTeamSize: z.number(),
    abilities: z.object({ start: z.boolean() }),
  }),
});
export type MyProgress = z.infer<typeof MyProgressResponse>['data'];

export const ReviewQueueQuery = PageQuery.extend({ credentialId: z.uuid().optional() });
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuery>;

export const ReviewQueueItem = z.object({
  submissionId: z.uuid(),
  credential: z.object({ id: z.uuid(), title: z.string() }),
  status: z.enum(['submitted', 'escalated']),
  round: z.number(),
  submittedAt: z.string(),
  members: z.array(Person),
  teamSize: z.number(),
  /** Whole seconds since the round was submitted. */
  waitingSeconds: z.number(),
  /** The review this caller would write: first, second, or lead. */
  role: z.enum(REVIEW_ROLES),
});
export type ReviewQueueItem = z.infer<typeof ReviewQueueItem>;
export const ReviewQueueResponse = z.object({
  data: z.array(ReviewQueueItem),
  nextCursor: z.string().nullable(),
  /** The credentials the caller assesses, to filter by. */
  credentials: z.array(z.object({ id: z.uuid(), title: z.string() })),
});
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponse>;

export const SubmissionIdParams = z.strictObject({ submissionId: z.uuid() });

export const ReviewBody = z.strictObject({
  scores: z
    .array(
      z.strictObject({
        criterionId: z.string().trim().min(1).max(40),
        level: z.number().int().min(0).max(20),
        feedback: plainText(CRITERION_FEEDBACK_MAX).default(''),
      }),
    )
    .max(50),
  feedback: plainText(REVIEW_FEEDBACK_MAX).default(''),
  decision: z.enum(REVIEW_DECISIONS),
});
export type ReviewBody = z.infer<typeof ReviewBody>;

export const ReviewResultResponse = z.object({
  data: z.object({
    review: ReviewView,
    /** The submission's status after this review. */
    status: SubmissionStatus,
  }),
});
export type ReviewResult = z.infer<typeof ReviewResultResponse>['data'];
