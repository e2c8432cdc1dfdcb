import { sql } from 'drizzle-orm';
import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import { type LearningKind, defineLearningKind } from '#server/platform/learning-kinds.ts';
import type { VerbIri } from '#server/platform/statements.ts';
import { changeInvitation } from './service.ts';

/** What events' statements name: the event, and each session attended. */
export const EVENT_OBJECT = 'event';
export const SESSION_OBJECT = 'event_session';

/** A person attended a session (xAPI's own verb). */
export const ATTENDED: VerbIri = 'http://adlnet.gov/expapi/verbs/attended';

/**
 * Attending a session is learning (decision 082): once per session, for as long as the statement
 * says (the session's length, or its share of the credit hours the event offers). A district's
 * credit rules may approve the kind automatically when the teacher submits it.
 */
export const eventLearning: readonly LearningKind[] = [
  defineLearningKind({
    kind: 'event_attended',
    label: 'Event attended',
    verbs: [ATTENDED],
    objectTypes: [SESSION_OBJECT],
    minutes: 60,
    minutesOf: (s) => sql`round(extract(epoch from (${s}.body #>> '{result,duration}')::interval) / 60)`,
    oncePerObject: true,
  }),
];

const linkToEvent = (f: { data: Record<string, string> }) =>
  f.data.eventId ? `/events/${f.data.eventId}` : '/events';
const title = (f: { data: Record<string, string> }) => `“${oneLine(f.data.eventTitle ?? '')}”`;

const CHANGES: Record<string, string> = {
  updated: 'changed',
  cancelled: 'cancelled',
  session_changed: 'changed a session of',
  session_cancelled: 'cancelled a session of',
};

/** What registrants, the waitlist and principals are told. */
export const eventNotifications = [
  defineNotificationKind({
    kind: 'event_changed',
    verbs: ['updated'],
    label: 'Changes to events I registered for',
    describe: (f) =>
      `${oneLine(f.actorName ?? 'An organizer')} ${CHANGES[f.data.change ?? 'updated'] ?? 'changed'} ${title(f)}; your calendar invitation is updated`,
    link: linkToEvent,
    email: (tx, userId, f, baseUrl) => changeInvitation(tx, userId, f.data, baseUrl),
  }),
  defineNotificationKind({
    kind: 'event_promoted',
    verbs: ['approved'],
    label: 'A seat for me from the waitlist',
    describe: (f) => `A seat opened: you are off the waitlist for ${title(f)}`,
    link: linkToEvent,
  }),
  defineNotificationKind({
    kind: 'event_approval_requested',
    verbs: ['registered'],
    label: 'Registrations waiting for my approval',
    describe: (f) => `${oneLine(f.actorName ?? 'A teacher')} asks your approval to attend ${title(f)}`,
    link: () => '/events/approvals',
  }),
  defineNotificationKind({
    kind: 'event_approval_decided',
    verbs: ['approved', 'declined'],
    label: 'Decisions on my event registrations',
    describe: (f) =>
      `${oneLine(f.actorName ?? 'Your principal')} ${f.data.decision === 'approved' ? 'approved' : 'did not approve'} your registration for ${title(f)}`,
    link: linkToEvent,
  }),
  defineNotificationKind({
    kind: 'event_reminder',
    verbs: ['https://trellis.dev/xapi/verbs/reminded'],
    label: 'Reminders of events a day and an hour before',
    describe: (f) => `Reminder: ${title(f)} starts ${f.data.lead === 'hour' ? 'in an hour' : 'tomorrow'}`,
    link: linkToEvent,
  }),
];
