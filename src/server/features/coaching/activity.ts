import { sql } from 'drizzle-orm';
import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import { type LearningKind, defineLearningKind } from '#server/platform/learning-kinds.ts';
import type { VerbIri } from '#server/platform/statements.ts';

/** What coaching cycles' statements name: the cycle, and each observation in it. */
export const CYCLE_OBJECT = 'coaching_cycle';
export const OBSERVATION_OBJECT = 'coaching_observation';
export const ACTION_OBJECT = 'coaching_action';

/** The observer watched the lesson (the verb lesson study's observers use too). */
export const OBSERVED: VerbIri = 'https://trellis.dev/xapi/verbs/observed';
/** The teacher was observed and received the observer's feedback: the other side of the same observation. */
export const RECEIVED_OBSERVATION: VerbIri = 'https://trellis.dev/xapi/verbs/received-observation';
/** A cycle moved to another phase; closing it is `completed`. */
export const PHASE_CHANGED: VerbIri = 'https://trellis.dev/xapi/verbs/progressed';
export const COMPLETED: VerbIri = 'http://adlnet.gov/expapi/verbs/completed';

/** The observation's length from the statement's xAPI duration (`PT45M`), which PostgreSQL reads as an interval. */
const observationMinutes = (s: ReturnType<typeof sql>) =>
  sql`round(extract(epoch from (${s}.body #>> '{result,duration}')::interval) / 60)`;

/**
 * Giving and receiving an observation are both learning (decision 076): each counts once per
 * observation, for as long as the observation lasted.
 */
export const coachingLearning: readonly LearningKind[] = [
  defineLearningKind({
    kind: 'coaching_observation_given',
    label: 'Observation given',
    verbs: [OBSERVED],
    objectTypes: [OBSERVATION_OBJECT],
    minutes: 45,
    minutesOf: observationMinutes,
    oncePerObject: true,
  }),
  defineLearningKind({
    kind: 'coaching_observation_received',
    label: 'Observation received',
    verbs: [RECEIVED_OBSERVATION],
    objectTypes: [OBSERVATION_OBJECT],
    minutes: 45,
    minutesOf: observationMinutes,
    oncePerObject: true,
  }),
];

const linkToCycle = (f: { data: Record<string, string> }) =>
  f.data.cycleId ? `/coaching/${f.data.cycleId}` : '/coaching';

/**
 * Being invited into a cycle, and a new comment in one. The use cases name only the cycle's members,
 * and a member removed before the mail goes is sent nothing (the link answers 404 to them anyway).
 */
export const coachingNotifications = [
  defineNotificationKind({
    kind: 'coaching_invitation',
    // A cycle started with invitees tells them as it is created; people invited later, as they are.
    verbs: ['created', 'invited'],
    label: 'Invitations to coaching cycles',
    describe: (f) =>
      `${oneLine(f.actorName ?? 'Someone')} invited you into their coaching cycle “${oneLine(f.data.cycleTitle ?? '')}”`,
    link: linkToCycle,
  }),
  defineNotificationKind({
    kind: 'coaching_comment',
    verbs: ['replied'],
    label: 'Comments in my coaching cycles',
    describe: (f) =>
      `${oneLine(f.actorName ?? 'Someone')} commented in the coaching cycle “${oneLine(f.data.cycleTitle ?? '')}”`,
    link: linkToCycle,
  }),
];
