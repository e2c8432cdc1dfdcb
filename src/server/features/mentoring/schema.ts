import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import {
  MEETING_MODES,
  MENTORSHIP_STATUSES,
  type MeetingMode,
  REQUEST_STATUSES,
  type Reason,
} from '#shared/contracts/mentoring.ts';

/**
 * How a district or a network runs mentoring: a district names the roles that evaluate its teachers
 * (who never mentor them); a network decides whether a mentee's district approves a mentor from
 * another of its districts (decision 089).
 */
export const mentoringSettings = pgTable('mentoring_settings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  evaluatorRoles: text('evaluator_roles').array().notNull().default(sql`'{principal}'`),
  menteeDistrictApproves: boolean('mentee_district_approves').notNull().default(true),
  updatedAt: createdAt('updated_at'),
});

/** A mentor's offer: how many people at once, whether they take anyone new, how and when they meet. */
export const mentorProfiles = pgTable(
  'mentor_profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    capacity: integer('capacity').notNull(),
    accepting: boolean('accepting').notNull().default(true),
    meetingModes: text('meeting_modes').array().$type<MeetingMode[]>().notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'`),
    availability: text('availability').notNull().default(''),
    /**
     * Copies of the mentor's profile (subjects, grade bands, expertise, field audiences) and of whether
     * they are active, kept by triggers (migration 0083) with `district_id`: suggestions read one table.
     */
    subjects: text('subjects').array().notNull().default(sql`'{}'`),
    gradeBands: text('grade_bands').array().notNull().default(sql`'{}'`),
    expertise: text('expertise').array().notNull().default(sql`'{}'`),
    fieldVisibility: jsonb('field_visibility').$type<Record<string, string>>().notNull().default({}),
    active: boolean('active').notNull().default(true),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    check('mentor_profiles_capacity_check', sql`${t.capacity} between 0 and 10`),
    index('mentor_profiles_reach_idx').on(t.districtId).where(sql`accepting and capacity > 0 and active`),
  ],
);

/** A teacher's request for a mentor: what they need, open until a mentorship for it is confirmed. */
export const mentoringRequests = pgTable(
  'mentoring_requests',
  {
    id: id(),
    menteeId: uuid('mentee_id')
      .notNull()
      .references(() => users.id),
    /** The mentee's district when they asked: its coordinator sees the request, its export holds it. */
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    subject: text('subject').notNull(),
    gradeBand: text('grade_band').notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'`),
    meetingMode: text('meeting_mode', { enum: MEETING_MODES }).notNull(),
    note: text('note').notNull().default(''),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    // One open request per teacher: asking again while one is open is a conflict.
    uniqueIndex('mentoring_requests_one_open_idx').on(t.menteeId).where(sql`status = 'open'`),
    index('mentoring_requests_district_open_idx').on(t.districtId, t.createdAt).where(sql`status = 'open'`),
  ],
);

/** A mentor and a mentee matched for a request: proposed, confirmed, approved, active, ended. */
export const mentorships = pgTable(
  'mentorships',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => mentoringRequests.id),
    menteeId: uuid('mentee_id')
      .notNull()
      .references(() => users.id),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => users.id),
    menteeDistrictId: uuid('mentee_district_id')
      .notNull()
      .references(() => organizations.id),
    mentorDistrictId: uuid('mentor_district_id')
      .notNull()
      .references(() => organizations.id),
    status: text('status', { enum: MENTORSHIP_STATUSES }).notNull(),
    score: real('score').notNull().default(0),
    reasons: jsonb('reasons').$type<Reason[]>().notNull().default([]),
    proposedBy: uuid('proposed_by').references(() => users.id),
    confirmedBy: uuid('confirmed_by').references(() => users.id),
    confirmedAt: ts('confirmed_at'),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: ts('approved_at'),
    endedBy: uuid('ended_by').references(() => users.id),
    endedAt: ts('ended_at'),
    endReason: text('end_reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    // A mentee is accepted by one mentor at a time: confirmed (awaiting approval) or active.
    uniqueIndex('mentorships_one_accepted_idx')
      .on(t.menteeId)
      .where(sql`status in ('awaiting_approval', 'active')`),
    index('mentorships_mentor_idx').on(t.mentorId, t.status),
    index('mentorships_mentee_idx').on(t.menteeId, t.createdAt),
    index('mentorships_request_idx').on(t.requestId),
    index('mentorships_mentee_district_idx').on(t.menteeDistrictId, t.status),
    index('mentorships_mentor_district_idx').on(t.mentorDistrictId, t.status),
    index('mentorships_load_idx')
      .on(t.mentorDistrictId, t.mentorId)
      .where(sql`status in ('proposed', 'awaiting_approval', 'active')`),
  ],
);

/** The pair's goals. */
export const mentorshipGoals = pgTable(
  'mentorship_goals',
  {
    id: id(),
    mentorshipId: uuid('mentorship_id')
      .notNull()
      .references(() => mentorships.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    doneAt: ts('done_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('mentorship_goals_mentorship_idx').on(t.mentorshipId, t.createdAt)],
);

/** A meeting of the pair: its day and length (which coordinators see) and its notes (which they never do). */
export const mentorshipMeetings = pgTable(
  'mentorship_meetings',
  {
    id: id(),
    mentorshipId: uuid('mentorship_id')
      .notNull()
      .references(() => mentorships.id, { onDelete: 'cascade' }),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    notes: text('notes').notNull().default(''),
    loggedBy: uuid('logged_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('mentorship_meetings_minutes_check', sql`${t.minutes} between 1 and 600`),
    index('mentorship_meetings_mentorship_idx').on(t.mentorshipId, t.heldOn),
  ],
);

/** A check-in: how one of the pair says it is going. */
export const mentorshipCheckIns = pgTable(
  'mentorship_check_ins',
  {
    id: id(),
    mentorshipId: uuid('mentorship_id')
      .notNull()
      .references(() => mentorships.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    rating: integer('rating').notNull(),
    body: text('body').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('mentorship_check_ins_mentorship_idx').on(t.mentorshipId, t.createdAt)],
);
