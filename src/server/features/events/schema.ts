import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, tsvector } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { AUDIENCES } from '#shared/contracts/resources.ts';
import {
  ATTENDANCE_METHODS,
  CALENDAR_FEED_KINDS,
  EVENT_HOST_KINDS,
  EVENT_KINDS,
  EVENT_MODES,
  EVENT_STATUSES,
  REGISTRATION_STATUSES,
} from '#shared/contracts/events.ts';

/** A registration question the organizer asks (dietary needs, grade taught); answers are kept per registration. */
export interface EventQuestion {
  id: string;
  prompt: string;
  required: boolean;
}

/**
 * An event, alone or a series of sessions by a recurrence rule (RFC 5545, with exceptions). People
 * register once for all its sessions; capacity counts the seats held (`taken`), changed only by a
 * counted update so it is never exceeded. Times live on its sessions in UTC; `time_zone` is the zone
 * the organizer set them in, in which the page, the email and the calendar show them.
 */
export const events = pgTable(
  'events',
  {
    id: id(),
    hostKind: text('host_kind', { enum: EVENT_HOST_KINDS }).notNull(),
    /** The school, district or network organization, or the community, putting it on. */
    hostId: uuid('host_id').notNull(),
    /** The host's district (school or district hosts, or a community of a district); null for a network. */
    districtId: uuid('district_id').references(() => organizations.id),
    /** The host's network, for events a network or its districts put on. */
    networkId: uuid('network_id').references(() => organizations.id),
    audience: text('audience', { enum: AUDIENCES }).notNull(),
    audienceId: uuid('audience_id'),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    mode: text('mode', { enum: EVENT_MODES }).notNull(),
    place: text('place').notNull().default(''),
    room: text('room').notNull().default(''),
    /** Seats; null for no limit. */
    capacity: integer('capacity'),
    /** Seats held: registrations registered or pending approval. */
    taken: integer('taken').notNull().default(0),
    /** The meeting link of an online or hybrid event; shown to registrants and organizers alone. */
    meetingUrl: text('meeting_url'),
    timeZone: text('time_zone').notNull(),
    /** The series' recurrence (RRULE and EXDATE lines) or null for a single event or custom dates. */
    recurrence: text('recurrence'),
    subjects: text('subjects').array().notNull().default(sql`'{}'`),
    gradeBands: text('grade_bands').array().notNull().default(sql`'{}'`),
    /** Competency codes or phrases it develops, as written. */
    competencies: text('competencies').array().notNull().default(sql`'{}'`),
    /** Credit offered: hours for attending all of it, and the credit type of the learning log. */
    creditHours: numeric('credit_hours', { precision: 6, scale: 2 }),
    creditTypeId: uuid('credit_type_id'),
    /** A daytime event: a registration waits for the principal's approval (and notes a substitute). */
    requiresApproval: boolean('requires_approval').notNull().default(false),
    questions: jsonb('questions').$type<EventQuestion[]>().notNull().default(sql`'[]'::jsonb`),
    /** The community whose threads are the event's own discussion space (session notes). */
    spaceId: uuid('space_id'),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('scheduled'),
    /** The iCalendar SEQUENCE of the series as a whole, moved by each change registrants are told of. */
    sequence: integer('sequence').notNull().default(0),
    /** First and last session start, for the calendar and search. */
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    search: tsvector('search'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('events_host_idx').on(t.hostId, t.startsAt),
    index('events_audience_idx').on(t.audience, t.audienceId, t.startsAt),
    index('events_search_idx').using('gin', t.search),
    index('events_subjects_idx').using('gin', t.subjects),
    index('events_grade_bands_idx').using('gin', t.gradeBands),
    index('events_district_idx').on(t.districtId),
    index('events_created_by_idx').on(t.createdBy),
  ],
);

/**
 * One session of an event, in UTC. `recurrence_id` is the start the series' rule gave it (its
 * RECURRENCE-ID), kept when one session is moved; a cancelled session stays, marked.
 */
export const eventSessions = pgTable(
  'event_sessions',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    recurrenceId: ts('recurrence_id').notNull(),
    /** This session's own place, room or title when it differs from the event's. */
    title: text('title'),
    place: text('place'),
    room: text('room'),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('scheduled'),
    /** Changed on its own (not with the whole series): its iCalendar SEQUENCE. */
    sequence: integer('sequence').notNull().default(0),
    overridden: boolean('overridden').notNull().default(false),
    /** The check-in code shown in the room and spoken online; valid while the session runs. */
    checkinCode: text('checkin_code').notNull(),
    /** The audience and time columns copied from the event for the calendar walk. */
    audience: text('audience', { enum: AUDIENCES }).notNull(),
    audienceId: uuid('audience_id'),
    hostId: uuid('host_id').notNull(),
  },
  (t) => [
    index('event_sessions_event_idx').on(t.eventId, t.startsAt),
    index('event_sessions_calendar_idx').on(t.audience, t.audienceId, t.startsAt),
    index('event_sessions_host_idx').on(t.hostId, t.startsAt),
    uniqueIndex('event_sessions_recurrence_idx').on(t.eventId, t.recurrenceId),
  ],
);

/** People who facilitate an event: they organize it with its creator. */
export const eventFacilitators = pgTable(
  'event_facilitators',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_facilitators_user_idx').on(t.userId)],
);

/** Trellis resources an event uses, in order. */
export const eventMaterials = pgTable(
  'event_materials',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.resourceId] })],
);

/**
 * A person's registration for an event (all its sessions). The waitlist is kept in `waitlist_at`
 * order; the first waiting is promoted in the transaction that frees a seat.
 */
export const eventRegistrations = pgTable(
  'event_registrations',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    /** The person's school when they registered: its principal approves a daytime event. */
    schoolId: uuid('school_id').references(() => organizations.id),
    answers: jsonb('answers').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** When the person joined the waitlist (its order), kept after promotion. */
    waitlistAt: ts('waitlist_at'),
    needsSubstitute: boolean('needs_substitute').notNull().default(false),
    approvedBy: uuid('approved_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    uniqueIndex('event_registrations_person_idx').on(t.eventId, t.userId),
    index('event_registrations_user_idx').on(t.userId, t.status),
    index('event_registrations_approval_idx').on(t.schoolId).where(sql`status = 'pending_approval'`),
    index('event_registrations_waitlist_idx')
      .on(t.eventId, t.waitlistAt, t.id)
      .where(sql`status = 'waitlisted'`),
  ],
);

/** Who attended a session: once per person, from the roster or their own check-in. */
export const eventAttendance = pgTable(
  'event_attendance',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => eventSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    eventId: uuid('event_id').notNull(),
    method: text('method', { enum: ATTENDANCE_METHODS }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.userId] }),
    index('event_attendance_user_idx').on(t.userId, t.eventId),
  ],
);

/** A person's answer to a session's short feedback survey; shown to organizers only in aggregate. */
export const eventFeedback = pgTable(
  'event_feedback',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => eventSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    eventId: uuid('event_id').notNull(),
    /** 1–5. */
    relevance: smallint('relevance').notNull(),
    willUse: smallint('will_use').notNull(),
    oneThing: text('one_thing').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('event_feedback_event_idx').on(t.eventId)],
);

/** A private iCalendar feed: a person's events, or one event's sessions for its organizers. Revocable. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: CALENDAR_FEED_KINDS }).notNull(),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token in the URL; the token itself is shown once. */
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_idx').on(t.tokenHash),
    index('calendar_feeds_user_idx').on(t.userId),
  ],
);

/** Reminders sent, so a person is reminded once a day before and once an hour before each session. */
export const eventReminders = pgTable(
  'event_reminders',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => eventSessions.id, { onDelete: 'cascade' }),
    lead: text('lead', { enum: ['day', 'hour'] }).notNull(),
    sentAt: createdAt('sent_at'),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.lead] })],
);
