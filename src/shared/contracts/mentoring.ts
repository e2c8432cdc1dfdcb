import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';
import { GradeBand, Subject } from './profiles.ts';

/**
 * Mentoring across schools and districts (issue 18, decisions 088–090): a teacher asks for a mentor
 * with needs; mentors say when they are available and how many people they take on; Trellis suggests
 * mentors from across the network with the weights that produced each score; a coordinator matches a
 * whole cohort at once; a confirmed pair gets a private space of goals, meetings and check-ins.
 */

export const MEETING_MODES = ['in_person', 'online', 'either'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];
export const MEETING_MODE_LABELS: Record<MeetingMode, string> = {
  in_person: 'In person',
  online: 'Online',
  either: 'Either',
};

/** A request is open until a mentorship for it is confirmed, or its teacher withdraws it. */
export const REQUEST_STATUSES = ['open', 'matched', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A mentorship is proposed (by a coordinator's matching), confirmed by the mentee or a coordinator,
 * approved by the mentee's district when it crosses districts (unless the network decides otherwise),
 * active, and ended by either side; a proposal may be declined.
 */
export const MENTORSHIP_STATUSES = ['proposed', 'awaiting_approval', 'active', 'ended', 'declined'] as const;
export type MentorshipStatus = (typeof MENTORSHIP_STATUSES)[number];

export const MENTORSHIP_STATUS_LABELS: Record<MentorshipStatus, string> = {
  proposed: 'Proposed',
  awaiting_approval: 'Awaiting district approval',
  active: 'Active',
  ended: 'Ended',
  declined: 'Declined',
};

/** What made a suggestion's score, each a weight times how well the mentor fits on it (0–1). */
export const MATCH_FACTORS = [
  'subject',
  'gradeBand',
  'topics',
  'meetingMode',
  'credentials',
  'load',
  'continuity',
  'sameSchool',
] as const;
export type MatchFactor = (typeof MATCH_FACTORS)[number];

export const MATCH_FACTOR_LABELS: Record<MatchFactor, string> = {
  subject: 'Teaches the subject',
  gradeBand: 'Teaches the grade band',
  topics: 'Expertise in the topics asked for',
  meetingMode: 'Meets the way asked for',
  credentials: 'Holds credentials in the topics',
  load: 'Room in their mentoring load',
  continuity: 'Mentored this teacher before',
  sameSchool: 'Works in another school (a fresh view)',
};

const Topics = z.array(line(60).refine((s) => s.length > 0, 'must not be empty')).max(10);
const Day = z.iso.date();

export const MentoringRequestBody = z.strictObject({
  subject: Subject,
  gradeBand: GradeBand,
  topics: Topics.default([]),
  meetingMode: z.enum(MEETING_MODES),
  note: plainText(1000).default(''),
});
export type MentoringRequestBody = z.input<typeof MentoringRequestBody>;

export const MentorProfileBody = z.strictObject({
  /** How many mentees at once; 0 takes no one new. */
  capacity: z.number().int().min(0).max(10),
  accepting: z.boolean(),
  meetingModes: z.array(z.enum(MEETING_MODES)).min(1).max(3),
  topics: Topics.default([]),
  availability: plainText(500).default(''),
});
export type MentorProfileBody = z.input<typeof MentorProfileBody>;

export const MentorProfile = z.object({
  userId: z.string(),
  capacity: z.number(),
  accepting: z.boolean(),
  meetingModes: z.array(z.enum(MEETING_MODES)),
  topics: z.array(z.string()),
  availability: z.string(),
  load: z.number(),
});
export type MentorProfile = z.infer<typeof MentorProfile>;
export const MentorProfileResponse = z.object({ data: MentorProfile.nullable() });

export const Person = z.object({
  id: z.string(),
  name: z.string(),
  districtName: z.string().nullable(),
  schoolName: z.string().nullable(),
});
export type Person = z.infer<typeof Person>;

export const MentoringRequest = z.object({
  id: z.string(),
  mentee: Person,
  subject: z.string(),
  gradeBand: z.string(),
  topics: z.array(z.string()),
  meetingMode: z.enum(MEETING_MODES),
  note: z.string(),
  status: z.enum(REQUEST_STATUSES),
  createdAt: z.string(),
});
export type MentoringRequest = z.infer<typeof MentoringRequest>;
export const MentoringRequestResponse = z.object({ data: MentoringRequest });

export const Reason = z.object({
  factor: z.enum(MATCH_FACTORS),
  weight: z.number(),
  /** How well the mentor fits on this factor, 0–1. */
  fit: z.number(),
  /** weight × fit: what this factor added to the score. */
  points: z.number(),
});
export type Reason = z.infer<typeof Reason>;

export const Suggestion = z.object({
  mentor: Person,
  score: z.number(),
  reasons: z.array(Reason),
  load: z.number(),
  capacity: z.number(),
  meetingModes: z.array(z.enum(MEETING_MODES)),
  availability: z.string(),
});
export type Suggestion = z.infer<typeof Suggestion>;
export const SuggestionListResponse = z.object({ data: z.array(Suggestion) });

export const ChooseMentorBody = z.strictObject({
  mentorId: z.uuid(),
  /** A coordinator confirms at once; a mentee choosing always confirms. */
  confirm: z.boolean().default(false),
});

export const CohortMatchBody = z.strictObject({
  /** The open requests to match; all of the coordinator's open requests when absent. */
  requestIds: z.array(z.uuid()).max(500).optional(),
  /** Confirm each proposal at once (the coordinator confirms); otherwise each mentee confirms. */
  confirm: z.boolean().default(false),
});
export type CohortMatchBody = z.input<typeof CohortMatchBody>;

export const Mentorship = z.object({
  id: z.string(),
  requestId: z.string(),
  mentee: Person,
  mentor: Person,
  status: z.enum(MENTORSHIP_STATUSES),
  score: z.number(),
  reasons: z.array(Reason),
  crossDistrict: z.boolean(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  subject: z.string(),
  gradeBand: z.string(),
});
export type Mentorship = z.infer<typeof Mentorship>;

export const MentorshipAbilities = z.object({
  /** A member of the pair: reads and writes the private space. */
  pair: z.boolean(),
  confirm: z.boolean(),
  decline: z.boolean(),
  approve: z.boolean(),
  end: z.boolean(),
  rematch: z.boolean(),
});
export type MentorshipAbilities = z.infer<typeof MentorshipAbilities>;

export const CohortMatchResponse = z.object({
  data: z.object({
    proposed: z.array(Mentorship),
    /** Requests left without a mentor: no one in reach with room, or every one is their evaluator. */
    unmatched: z.array(z.string()),
  }),
});

export const Goal = z.object({
  id: z.string(),
  title: z.string(),
  done: z.boolean(),
  createdAt: z.string(),
});
export type Goal = z.infer<typeof Goal>;

export const Meeting = z.object({
  id: z.string(),
  heldOn: z.string(),
  minutes: z.number(),
  notes: z.string(),
  loggedBy: z.string(),
});
export type Meeting = z.infer<typeof Meeting>;

export const CheckIn = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  /** How it is going, 1 (struggling) to 5 (going well). */
  rating: z.number(),
  body: z.string(),
  createdAt: z.string(),
});
export type CheckIn = z.infer<typeof CheckIn>;

export const MentorshipDetail = Mentorship.extend({
  goals: z.array(Goal),
  meetings: z.array(Meeting),
  checkIns: z.array(CheckIn),
  totalMinutes: z.number(),
});
export type MentorshipDetail = z.infer<typeof MentorshipDetail>;
export const MentorshipResponse = z.object({ data: MentorshipDetail, abilities: MentorshipAbilities });

export const MentoringHome = z.object({
  requests: z.array(MentoringRequest),
  mentorships: z.array(Mentorship),
  mentorProfile: MentorProfile.nullable(),
  coordinator: z.boolean(),
});
export type MentoringHome = z.infer<typeof MentoringHome>;
export const MentoringHomeResponse = z.object({ data: MentoringHome });

export const GoalBody = z.strictObject({ title: displayName(200) });
export const UpdateGoalBody = z.strictObject({ done: z.boolean() });
export const MeetingBody = z.strictObject({
  heldOn: Day,
  minutes: z.number().int().min(5).max(600),
  notes: plainText(4000).default(''),
});
export type MeetingBody = z.input<typeof MeetingBody>;
export const CheckInBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  body: plainText(2000).default(''),
});
export const EndMentorshipBody = z.strictObject({ reason: plainText(500).default('') });

/** What a coordinator sees of a pair: that it meets and for how long, never what it wrote. */
export const PairOverview = z.object({
  id: z.string(),
  mentee: Person,
  mentor: Person,
  status: z.enum(MENTORSHIP_STATUSES),
  meetings: z.number(),
  minutes: z.number(),
  lastMetOn: z.string().nullable(),
  /** Active with no meeting in 30 days (counted from the start when there has been none). */
  stalled: z.boolean(),
});
export type PairOverview = z.infer<typeof PairOverview>;

export const MentorLoad = z.object({
  mentor: Person,
  capacity: z.number(),
  load: z.number(),
  accepting: z.boolean(),
});
export type MentorLoad = z.infer<typeof MentorLoad>;

export const CoordinatorView = z.object({
  openRequests: z.array(MentoringRequest),
  pairs: z.array(PairOverview),
  mentors: z.array(MentorLoad),
  awaitingApproval: z.array(Mentorship),
});
export type CoordinatorView = z.infer<typeof CoordinatorView>;
export const CoordinatorViewResponse = z.object({ data: CoordinatorView });

export const MentoringSettingsBody = z.strictObject({
  /** District: the roles that evaluate a teacher of their school, who may never mentor them. */
  evaluatorRoles: z
    .array(z.enum(['principal', 'coach', 'district_admin']))
    .max(3)
    .optional(),
  /** Network: whether a mentee's district approves a mentor from another district of the network. */
  menteeDistrictApproves: z.boolean().optional(),
});
export const MentoringSettings = z.object({
  organizationId: z.string(),
  evaluatorRoles: z.array(z.string()),
  menteeDistrictApproves: z.boolean(),
});
export const MentoringSettingsResponse = z.object({ data: MentoringSettings });

export const MentoringPeriodQuery = z.strictObject({ from: Day, to: Day });
