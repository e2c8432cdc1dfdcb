import { sql } from 'drizzle-orm';
import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import { type LearningKind, defineLearningKind } from '#server/platform/learning-kinds.ts';
import type { VerbIri } from '#server/platform/statements.ts';

/** What mentoring's statements name: requests, mentorships and each meeting of a pair. */
export const REQUEST_OBJECT = 'mentoring_request';
export const MENTORSHIP_OBJECT = 'mentorship';
export const MEETING_OBJECT = 'mentoring_meeting';

/** The mentor met their mentee; the mentee's side of the same meeting is `RECEIVED_MENTORING`. */
export const MENTORED: VerbIri = 'https://trellis.dev/xapi/verbs/mentored';
export const RECEIVED_MENTORING: VerbIri = 'https://trellis.dev/xapi/verbs/received-mentoring';
/** A coordinator (or the mentee, choosing) matched a mentor to a request. */
export const MATCHED: VerbIri = 'https://trellis.dev/xapi/verbs/matched';
/** A mentorship was confirmed (and, across districts, approved): it is active. */
export const CONFIRMED: VerbIri = 'https://trellis.dev/xapi/verbs/confirmed';
export const ENDED: VerbIri = 'https://trellis.dev/xapi/verbs/ended';
/** An active pair went 30 days without meeting (Trellis notices; no one did it). */
export const STALLED: VerbIri = 'https://trellis.dev/xapi/verbs/stalled';

/** The meeting's length from the statement's xAPI duration (`PT45M`), which PostgreSQL reads as an interval. */
const meetingMinutes = (s: ReturnType<typeof sql>) =>
  sql`round(extract(epoch from (${s}.body #>> '{result,duration}')::interval) / 60)`;

/**
 * A mentoring meeting is learning for both of the pair (decision 090): each counts once per meeting,
 * for as long as the meeting lasted. The title is the statement's, which names no private notes.
 */
export const mentoringLearning: readonly LearningKind[] = [
  defineLearningKind({
    kind: 'mentoring_given',
    label: 'Mentoring given',
    verbs: [MENTORED],
    objectTypes: [MEETING_OBJECT],
    minutes: 30,
    minutesOf: meetingMinutes,
    oncePerObject: true,
  }),
  defineLearningKind({
    kind: 'mentoring_received',
    label: 'Mentoring received',
    verbs: [RECEIVED_MENTORING],
    objectTypes: [MEETING_OBJECT],
    minutes: 30,
    minutesOf: meetingMinutes,
    oncePerObject: true,
  }),
];

const linkToMentorship = (f: { data: Record<string, string> }) =>
  f.data.mentorshipId ? `/mentoring/mentorships/${f.data.mentorshipId}` : '/mentoring';

/**
 * A proposal tells the mentee; a confirmed mentorship tells the pair; one waiting for approval tells
 * the mentee's district's administrators; an ended one tells the other of the pair; a stalled one
 * tells its coordinators.
 */
export const mentoringNotifications = [
  defineNotificationKind({
    kind: 'mentoring_proposed',
    verbs: [MATCHED],
    label: 'Mentors proposed to me',
    describe: (f) => `${oneLine(f.data.mentorName ?? 'A mentor')} was proposed as your mentor`,
    link: linkToMentorship,
  }),
  defineNotificationKind({
    kind: 'mentoring_started',
    verbs: [CONFIRMED],
    label: 'Mentorships that begin',
    describe: (f) => `Your mentorship with ${oneLine(f.data.otherName ?? 'your partner')} has begun`,
    link: linkToMentorship,
  }),
  defineNotificationKind({
    kind: 'mentoring_approval',
    verbs: [CONFIRMED],
    label: 'Mentors from other districts to approve',
    describe: (f) =>
      `${oneLine(f.data.menteeName ?? 'A teacher')} would be mentored by ${oneLine(f.data.mentorName ?? 'someone')} of another district`,
    link: () => '/mentoring/coordinate',
  }),
  defineNotificationKind({
    kind: 'mentoring_ended',
    verbs: [ENDED],
    label: 'Mentorships that end',
    describe: (f) => `${oneLine(f.actorName ?? 'Someone')} ended your mentorship`,
    link: linkToMentorship,
  }),
  defineNotificationKind({
    kind: 'mentoring_stalled',
    verbs: [STALLED],
    label: 'Mentoring pairs that stall',
    describe: (f) =>
      `${oneLine(f.data.menteeName ?? 'A teacher')} and ${oneLine(f.data.mentorName ?? 'their mentor')} have not met in 30 days`,
    link: () => '/mentoring/coordinate',
  }),
];
