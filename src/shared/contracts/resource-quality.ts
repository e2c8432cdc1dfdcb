import { z } from 'zod';
import { PageQuery, plainText } from './common.ts';
import { GradeBand, Subject } from './profiles.ts';

/** The rubric every review scores, in the order the form shows it. */
export const REVIEW_CRITERIA = ['alignment', 'clarity', 'evidence', 'adaptability'] as const;
export type ReviewCriterion = (typeof REVIEW_CRITERIA)[number];

/** Each criterion's name, its question, and what each level (1–4) means, shown in the review form. */
export const RUBRIC: Record<
  ReviewCriterion,
  { label: string; question: string; levels: [string, string, string, string] }
> = {
  alignment: {
    label: 'Alignment to its stated goals',
    question: 'Does the resource do what it says it is for?',
    levels: [
      'The activities do not address the stated goals.',
      'Some activities address the goals; others drift from them.',
      'Most activities clearly serve the stated goals.',
      'Every part serves the stated goals, and the link is made explicit.',
    ],
  },
  clarity: {
    label: 'Clarity for another teacher',
    question: 'Could a colleague pick it up and use it without asking the author?',
    levels: [
      'Hard to follow without the author explaining it.',
      'Usable with some guesswork about steps or materials.',
      'Clear steps and materials; a few details to work out.',
      'Ready to use: steps, timing, materials and the reasons behind them are clear.',
    ],
  },
  evidence: {
    label: 'Evidence of student learning',
    question: 'Does it show how to see what students learned?',
    levels: [
      'No way to tell what students learned.',
      'A general check for understanding, not tied to the goals.',
      'Tasks or criteria that show progress toward the goals.',
      'Clear criteria and examples of student work (names removed) showing the goals met.',
    ],
  },
  adaptability: {
    label: 'Adaptability',
    question: 'Can it be adjusted for other classes, grades or learners?',
    levels: [
      'Works only in the setting it was made for.',
      'Could be adapted with substantial rework.',
      'Suggests some ways to adapt it for other learners.',
      'Built to adapt: options for different grades, languages and needs are given.',
    ],
  },
};

const Score = z
  .number()
  .int('must be a whole number from 1 to 4')
  .min(1, 'must be from 1 to 4')
  .max(4, 'must be from 1 to 4');

export const COMMENT_MAX = 4000;

/** A review: each criterion scored 1–4, and a plain-text comment. */
export const ReviewBody = z.strictObject({
  alignment: Score,
  clarity: Score,
  evidence: Score,
  adaptability: Score,
  comment: plainText(COMMENT_MAX).default(''),
});
export type ReviewBody = z.input<typeof ReviewBody>;

/** Someone's name as the viewer may see it: null outside the network (their profile's rule). */
const Contributor = z.object({ id: z.uuid().nullable(), name: z.string().nullable() });

export const ReviewView = z.object({
  id: z.uuid(),
  reviewer: Contributor,
  version: z.number().int(),
  alignment: z.number().int(),
  clarity: z.number().int(),
  evidence: z.number().int(),
  adaptability: z.number().int(),
  comment: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  isMine: z.boolean(),
});
export type ReviewView = z.infer<typeof ReviewView>;

/** The reviews of a resource taken together: means per criterion (1–4, two decimals) and overall. */
export const ReviewSummary = z.object({
  count: z.number().int(),
  rating: z.number().nullable(),
  criteria: z.object({
    alignment: z.number().nullable(),
    clarity: z.number().nullable(),
    evidence: z.number().nullable(),
    adaptability: z.number().nullable(),
  }),
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;

export const ReviewListQuery = PageQuery;
export const ReviewListResponse = z.object({
  data: z.array(ReviewView),
  nextCursor: z.string().nullable(),
  summary: ReviewSummary,
  /** What the viewer may do: review (not their own resource), and their review if any. */
  abilities: z.object({ review: z.boolean() }),
  mine: ReviewView.nullable(),
});
export type ReviewListResponse = z.infer<typeof ReviewListResponse>;

export const ReviewResponse = z.object({ data: ReviewView, summary: ReviewSummary });
export const MyReviewResponse = z.object({ data: ReviewView.nullable() });

// ─── "I tried it" ───────────────────────────────────────────────────────────────────────────────

export const TryBody = z.strictObject({
  gradeBand: GradeBand,
  subject: Subject,
  /** The class and setting, in the teacher's words. */
  context: plainText(2000).default(''),
  whatHappened: plainText(4000).pipe(z.string().min(1, 'must not be empty')),
  /** What students produced, in aggregate: never a student's name. */
  studentWork: plainText(4000).default(''),
  adaptations: plainText(4000).default(''),
});
export type TryBody = z.input<typeof TryBody>;

export const TryView = z.object({
  id: z.uuid(),
  teacher: Contributor,
  /** Where they taught when they tried it; null when the viewer may not see it (outside the network). */
  schoolName: z.string().nullable(),
  districtName: z.string().nullable(),
  version: z.number().int(),
  gradeBand: GradeBand,
  subject: Subject,
  context: z.string(),
  whatHappened: z.string(),
  studentWork: z.string(),
  adaptations: z.string(),
  createdAt: z.string(),
});
export type TryView = z.infer<typeof TryView>;

export const TryListQuery = PageQuery;
export const TryListResponse = z.object({
  data: z.array(TryView),
  nextCursor: z.string().nullable(),
  triedCount: z.number().int(),
});
export type TryListResponse = z.infer<typeof TryListResponse>;
export const TryResponse = z.object({ data: TryView, triedCount: z.number().int() });

// ─── Endorsements ───────────────────────────────────────────────────────────────────────────────

export const EndorseBody = z.strictObject({
  communityId: z.uuid(),
  note: plainText(1000).default(''),
});
export type EndorseBody = z.input<typeof EndorseBody>;

export const EndorsementParams = z.strictObject({ id: z.uuid(), communityId: z.uuid() });

export const EndorsementView = z.object({
  communityId: z.uuid(),
  /** The community's name, or null when the viewer may not see the community ("a community"). */
  communityName: z.string().nullable(),
  endorser: Contributor,
  note: z.string(),
  createdAt: z.string(),
  abilities: z.object({ remove: z.boolean() }),
});
export type EndorsementView = z.infer<typeof EndorsementView>;

export const EndorsementListResponse = z.object({
  data: z.array(EndorsementView),
  /** Communities the viewer facilitates that have not endorsed it yet: where they could endorse it. */
  candidates: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type EndorsementListResponse = z.infer<typeof EndorsementListResponse>;
export const EndorsementResponse = z.object({ data: EndorsementView });
