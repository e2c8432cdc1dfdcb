import { sql } from 'drizzle-orm';
import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import { type LearningKind, defineLearningKind } from '#server/platform/learning-kinds.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import type { VerbIri } from '#server/platform/statements.ts';
import { coachingAccess } from './policy.ts';

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

/**
 * `coaching-cycle:<id>`: a comment was written in the cycle's conversation (`comment`), or its people
 * changed (`members`, after which open streams ask again who may hear it, so a person removed stops
 * hearing at once). Heard by the cycle's teacher and the people they invited, no one else.
 */
export const coachingTopics: TopicDeclaration[] = [
  {
    name: 'coaching-cycle',
    hearing: async (db, actor, id) => (UUID.test(id) && (await coachingAccess(db, actor, id)) ? 'all' : null),
    changesHearing: ['members'],
  },
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signal of a cycle's topic. */
export const cycleSignal = (cycleId: string, type: 'comment' | 'members', id?: string) =>
  ({ topic: `coaching-cycle:${cycleId}`, type, ...(id ? { id } : {}) }) as const;
