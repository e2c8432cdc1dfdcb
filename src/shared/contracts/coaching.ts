import { z } from 'zod';
import { PageQuery, displayName, plainText } from './common.ts';

/**
 * Coaching cycles (issue 16, decision 076): a teacher invites a coach or peers from anywhere in their
 * network into a cycle with a focus the teacher chooses; a pre-conference, observations (a video or a
 * live, in-person observation with time-stamped notes), a post-conference and follow-up actions. The
 * cycle and everything in it are private to the teacher and the people they invited.
 */

/** The teacher owns the cycle; a coach or a peer is invited into it. */
export const COACHING_ROLES = ['teacher', 'coach', 'peer'] as const;
export type CoachingRole = (typeof COACHING_ROLES)[number];

/** Where a cycle stands, in order; `completed` once the teacher closes it. */
export const COACHING_PHASES = [
  'pre_conference',
  'observation',
  'post_conference',
  'follow_up',
  'completed',
] as const;
export type CoachingPhase = (typeof COACHING_PHASES)[number];

export const COACHING_PHASE_LABELS: Record<CoachingPhase, string> = {
  pre_conference: 'Pre-conference',
  observation: 'Observation',
  post_conference: 'Post-conference',
  follow_up: 'Follow-up',
  completed: 'Completed',
};

/** A focus is the teacher's own words, a competency of a framework, or a row of the district's rubric. */
export const FOCUS_KINDS = ['text', 'competency', 'rubric_row'] as const;
export type FocusKind = (typeof FOCUS_KINDS)[number];

/** A video observation watches a lesson video; a live one happens in the room (or online), with no camera. */
export const OBSERVATION_KINDS = ['video', 'live'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export const CONFERENCE_KINDS = ['pre', 'post'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];

const Timestamp = z.iso.datetime({ offset: true });
const Day = z.iso.date();
/** A conference or an observation lasts at most a school day. */
const Minutes = z.number().int().min(1).max(600);

export const FocusInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: displayName(200) }),
  z.strictObject({ kind: z.literal('competency'), competencyId: z.uuid() }),
  z.strictObject({ kind: z.literal('rubric_row'), rubricRowId: z.uuid() }),
]);
export type FocusInput = z.infer<typeof FocusInput>;

export const Focus = z.object({
  kind: z.enum(FOCUS_KINDS),
  /** What the cycle looks at, as people read it: the words, `TL.2 Questioning`, `2b Culture for learning`. */
  label: z.string(),
  competencyId: z.string().nullable(),
  rubricRowId: z.string().nullable(),
});
export type Focus = z.infer<typeof Focus>;

export const InviteeInput = z.strictObject({
  userId: z.uuid(),
  role: z.enum(['coach', 'peer']),
});

export const StartCoachingCycleBody = z.strictObject({
  title: displayName(200),
  focus: FocusInput,
  invitees: z.array(InviteeInput).max(10).default([]),
});
export type StartCoachingCycleBody = z.input<typeof StartCoachingCycleBody>;

export const UpdateCoachingCycleBody = z.strictObject({
  title: displayName(200).optional(),
  focus: FocusInput.optional(),
  phase: z.enum(COACHING_PHASES).optional(),
});
export type UpdateCoachingCycleBody = z.infer<typeof UpdateCoachingCycleBody>;

export const InviteBody = z.strictObject({ invitees: z.array(InviteeInput).min(1).max(10) });
export type InviteBody = z.infer<typeof InviteBody>;

export const ConferenceBody = z.strictObject({
  heldOn: Day,
  minutes: Minutes,
  /** Pre-conference: the teacher's goal for the lesson. */
  goal: plainText(2000).default(''),
  /** Pre-conference: what the observers should look for. */
  lookFors: plainText(2000).default(''),
  /** Post-conference: what the teacher and the observers took from it. */
  notes: plainText(4000).default(''),
});
export type ConferenceBody = z.input<typeof ConferenceBody>;

export const Person = z.object({ id: z.string(), name: z.string(), districtName: z.string().nullable() });
export type Person = z.infer<typeof Person>;

export const CoachingMember = Person.extend({ role: z.enum(COACHING_ROLES) });
export type CoachingMember = z.infer<typeof CoachingMember>;

export const Conference = z.object({
  kind: z.enum(CONFERENCE_KINDS),
  heldOn: z.string(),
  minutes: z.number(),
  goal: z.string(),
  lookFors: z.string(),
  notes: z.string(),
  updatedAt: Timestamp,
});
export type Conference = z.infer<typeof Conference>;

export const ObservationSummary = z.object({
  id: z.string(),
  kind: z.enum(OBSERVATION_KINDS),
  title: z.string(),
  observer: Person,
  videoId: z.string().nullable(),
  startedAt: Timestamp,
  minutes: z.number().nullable(),
  completedAt: Timestamp.nullable(),
  noteCount: z.number(),
});
export type ObservationSummary = z.infer<typeof ObservationSummary>;

export const CoachingAction = z.object({
  id: z.string(),
  cycleId: z.string(),
  cycleTitle: z.string(),
  title: z.string(),
  owner: Person,
  dueOn: z.string(),
  doneAt: Timestamp.nullable(),
  overdue: z.boolean(),
});
export type CoachingAction = z.infer<typeof CoachingAction>;

export const CoachingComment = z.object({
  id: z.string(),
  author: Person,
  body: z.string(),
  createdAt: Timestamp,
});
export type CoachingComment = z.infer<typeof CoachingComment>;

export const CoachingAbilities = z.object({
  role: z.enum(COACHING_ROLES),
  /** Invite and remove people, change the focus and the title, close the cycle. */
  manage: z.boolean(),
  /** Move the cycle between phases: the teacher and their coaches. */
  steer: z.boolean(),
  /** Record conferences, observe, agree actions, comment: everyone in an open cycle. */
  contribute: z.boolean(),
});
export type CoachingAbilities = z.infer<typeof CoachingAbilities>;

export const CoachingCycleSummary = z.object({
  id: z.string(),
  title: z.string(),
  teacher: Person,
  focus: Focus,
  phase: z.enum(COACHING_PHASES),
  myRole: z.enum(COACHING_ROLES),
  openActions: z.number(),
  overdueActions: z.number(),
  nextDueOn: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CoachingCycleSummary = z.infer<typeof CoachingCycleSummary>;

export const CoachingCycleDetail = CoachingCycleSummary.extend({
  members: z.array(CoachingMember),
  conferences: z.array(Conference),
  observations: z.array(ObservationSummary),
  actions: z.array(CoachingAction),
});
export type CoachingCycleDetail = z.infer<typeof CoachingCycleDetail>;

export const CoachingCycleResponse = z.object({ data: CoachingCycleDetail, abilities: CoachingAbilities });
export type CoachingCycleResponse = z.infer<typeof CoachingCycleResponse>;

export const CoachingCycleListQuery = PageQuery.extend({
  /** `mine`: cycles I am the teacher of; `invited`: cycles I was invited into; all when absent. */
  role: z.enum(['mine', 'invited']).optional(),
  open: z.enum(['true', 'false']).optional(),
});
export type CoachingCycleListQuery = z.infer<typeof CoachingCycleListQuery>;

export const CoachingCycleListResponse = z.object({
  data: z.array(CoachingCycleSummary),
  nextCursor: z.string().nullable(),
});
export type CoachingCycleListResponse = z.infer<typeof CoachingCycleListResponse>;

// ─── Observations ─────────────────────────────────────────────────────────────────────────────────

export const StartObservationBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('live'), title: displayName(200), startedAt: Timestamp.optional() }),
  z.strictObject({
    kind: z.literal('video'),
    title: displayName(200),
    /** A video of the teacher's, from the video feature; the cycle's members are granted it. */
    videoId: z.uuid(),
    /** Who is asked to watch it and give feedback: a coach or peer of the cycle. */
    observerId: z.uuid(),
  }),
]);
export type StartObservationBody = z.infer<typeof StartObservationBody>;

export const CompleteObservationBody = z.strictObject({ minutes: Minutes });
export type CompleteObservationBody = z.infer<typeof CompleteObservationBody>;

/**
 * A time-stamped note, kept under an id the observer's device made (a resend is kept once). A live
 * note has the moment it was written; a note on a video has its place in the video, in seconds.
 */
export const ObservationNoteBody = z.strictObject({
  body: plainText(4000).pipe(z.string().min(1, 'must not be empty')),
  observedAt: Timestamp.optional(),
  videoSeconds: z.number().min(0).max(86_400).optional(),
  /** Tagged to the cycle's focus. */
  focusTagged: z.boolean().default(false),
});
export type ObservationNoteBody = z.input<typeof ObservationNoteBody>;

export const ObservationNote = z.object({
  id: z.string(),
  author: Person,
  body: z.string(),
  observedAt: Timestamp,
  videoSeconds: z.number().nullable(),
  focusTagged: z.boolean(),
});
export type ObservationNote = z.infer<typeof ObservationNote>;

export const ObservationDetail = ObservationSummary.extend({
  cycleId: z.string(),
  cycleTitle: z.string(),
  focus: Focus,
  lookFors: z.string(),
  notes: z.array(ObservationNote),
});
export type ObservationDetail = z.infer<typeof ObservationDetail>;

export const ObservationAbilities = z.object({
  /** Write notes and complete the observation: its observer while it is open. */
  observe: z.boolean(),
});

export const ObservationResponse = z.object({ data: ObservationDetail, abilities: ObservationAbilities });
export type ObservationResponse = z.infer<typeof ObservationResponse>;

// ─── Actions and comments ─────────────────────────────────────────────────────────────────────────

export const ActionBody = z.strictObject({
  title: displayName(300),
  ownerId: z.uuid(),
  dueOn: Day,
});
export type ActionBody = z.infer<typeof ActionBody>;

export const UpdateActionBody = z.strictObject({
  title: displayName(300).optional(),
  ownerId: z.uuid().optional(),
  dueOn: Day.optional(),
  done: z.boolean().optional(),
});
export type UpdateActionBody = z.infer<typeof UpdateActionBody>;

export const ActionResponse = z.object({ data: CoachingAction });
export const ActionListResponse = z.object({ data: z.array(CoachingAction) });
export type ActionListResponse = z.infer<typeof ActionListResponse>;

export const CommentBody = z.strictObject({
  body: plainText(4000).pipe(z.string().min(1, 'must not be empty')),
});
export type CommentBody = z.infer<typeof CommentBody>;

export const CommentListResponse = z.object({
  data: z.array(CoachingComment),
  nextCursor: z.string().nullable(),
});
export type CommentListResponse = z.infer<typeof CommentListResponse>;

// ─── Caseload and log ─────────────────────────────────────────────────────────────────────────────

/** A coach's cycle as the caseload shows it: whose, where it stands and what is overdue. */
export const CaseloadResponse = z.object({
  data: z.array(CoachingCycleSummary),
  /** Teachers with an open cycle I was invited into, and how many of them have something overdue. */
  totals: z.object({ teachers: z.number(), openCycles: z.number(), overdueActions: z.number() }),
  nextCursor: z.string().nullable(),
});
export type CaseloadResponse = z.infer<typeof CaseloadResponse>;

export const LOG_SESSION_KINDS = ['pre_conference', 'observation', 'post_conference'] as const;
export type LogSessionKind = (typeof LOG_SESSION_KINDS)[number];

export const LogSession = z.object({
  id: z.string(),
  kind: z.enum(LOG_SESSION_KINDS),
  cycleId: z.string(),
  cycleTitle: z.string(),
  teacher: Person,
  focusLabel: z.string(),
  on: z.string(),
  minutes: z.number(),
});
export type LogSession = z.infer<typeof LogSession>;

export const CoachingLogResponse = z.object({
  data: z.array(LogSession),
  totals: z.object({
    sessions: z.number(),
    minutes: z.number(),
    teachers: z.number(),
    focusAreas: z.array(z.object({ label: z.string(), sessions: z.number() })),
  }),
  nextCursor: z.string().nullable(),
});
export type CoachingLogResponse = z.infer<typeof CoachingLogResponse>;

// ─── Rubrics ──────────────────────────────────────────────────────────────────────────────────────

export const RubricBody = z.strictObject({
  title: displayName(200),
  description: plainText(2000).default(''),
  domains: z
    .array(
      z.strictObject({
        title: displayName(200),
        rows: z
          .array(
            z.strictObject({
              code: plainText(20).default(''),
              title: displayName(200),
              description: plainText(2000).default(''),
            }),
          )
          .min(1)
          .max(40),
      }),
    )
    .min(1)
    .max(12),
});
export type RubricBody = z.input<typeof RubricBody>;

export const RubricRow = z.object({
  id: z.string(),
  domain: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
});
export type RubricRow = z.infer<typeof RubricRow>;

export const Rubric = z.object({
  id: z.string(),
  districtId: z.string(),
  title: z.string(),
  description: z.string(),
  /** Moves with every edit; cycles keep the rows of the version they took their focus from. */
  version: z.number().int(),
  /** Whether this is the rubric as it stands (false: an earlier version, read for a cycle that took it). */
  current: z.boolean(),
  rows: z.array(RubricRow),
});
export type Rubric = z.infer<typeof Rubric>;

/** A rubric edited in place: its whole new text, and the version the editor started from. */
export const RubricEditBody = RubricBody.extend({ version: z.number().int().min(1) });
export type RubricEditBody = z.input<typeof RubricEditBody>;
export const RubricVersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1) });

export const RubricResponse = z.object({ data: Rubric });
export const RubricListResponse = z.object({ data: z.array(Rubric) });
export type RubricListResponse = z.infer<typeof RubricListResponse>;
