import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import {
  COACHING_PHASES,
  COACHING_ROLES,
  CONFERENCE_KINDS,
  FOCUS_KINDS,
  OBSERVATION_KINDS,
} from '#shared/contracts/coaching.ts';

/** A district's rubric for coaching (Danielson-style domains of rows); teachers take a row as a focus. */
export const coachingRubrics = pgTable(
  'coaching_rubrics',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    /** Moves with every edit; the rows of each version are kept (decision 092). */
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('coaching_rubrics_district_idx').on(t.districtId, t.createdAt)],
);

/** One row of a rubric, under its domain, in order. */
export const coachingRubricRows = pgTable(
  'coaching_rubric_rows',
  {
    id: id(),
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => coachingRubrics.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    code: text('code').notNull().default(''),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull(),
    /** The rubric's version this row belongs to: a cycle keeps the row it took, whatever came after. */
    version: integer('version').notNull().default(1),
  },
  (t) => [index('coaching_rubric_rows_rubric_idx').on(t.rubricId, t.version, t.position)],
);

/**
 * A teacher's coaching cycle. It is the teacher's and their invitees' alone (policy.ts); the focus is
 * kept as the label people read beside the competency or rubric row it came from.
 */
export const coachingCycles = pgTable(
  'coaching_cycles',
  {
    id: id(),
    teacherId: uuid('teacher_id')
      .notNull()
      .references(() => users.id),
    /** The teacher's district when the cycle began: its export and retention read this. */
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    focusKind: text('focus_kind', { enum: FOCUS_KINDS }).notNull(),
    focusLabel: text('focus_label').notNull(),
    competencyId: uuid('competency_id'),
    rubricRowId: uuid('rubric_row_id'),
    phase: text('phase', { enum: COACHING_PHASES }).notNull().default('pre_conference'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('coaching_cycles_teacher_idx').on(t.teacherId, t.createdAt),
    index('coaching_cycles_district_idx').on(t.districtId),
  ],
);

/** Who is in a cycle: the teacher (a row of role teacher) and the coaches and peers they invited. */
export const coachingCycleMembers = pgTable(
  'coaching_cycle_members',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => coachingCycles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: COACHING_ROLES }).notNull(),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.cycleId, t.userId] }),
    index('coaching_cycle_members_user_idx').on(t.userId, t.cycleId),
  ],
);

/** The pre-conference and the post-conference of a cycle, one of each, with how long they took. */
export const coachingConferences = pgTable(
  'coaching_conferences',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => coachingCycles.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CONFERENCE_KINDS }).notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    goal: text('goal').notNull().default(''),
    lookFors: text('look_fors').notNull().default(''),
    notes: text('notes').notNull().default(''),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [uniqueIndex('coaching_conferences_cycle_kind_idx').on(t.cycleId, t.kind)],
);

/** One observation of the teacher's lesson: a video watched or a lesson seen live, by one observer. */
export const coachingObservations = pgTable(
  'coaching_observations',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => coachingCycles.id, { onDelete: 'cascade' }),
    observerId: uuid('observer_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: OBSERVATION_KINDS }).notNull(),
    title: text('title').notNull(),
    /** The video feature's video, for a video observation. */
    videoId: uuid('video_id'),
    startedAt: ts('started_at').notNull().defaultNow(),
    minutes: integer('minutes'),
    completedAt: ts('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('coaching_observations_cycle_idx').on(t.cycleId, t.startedAt)],
);

/** A time-stamped note of an observation, under the id the observer's device made. */
export const coachingObservationNotes = pgTable(
  'coaching_observation_notes',
  {
    id: uuid('id').primaryKey(),
    observationId: uuid('observation_id')
      .notNull()
      .references(() => coachingObservations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    observedAt: ts('observed_at').notNull(),
    videoSeconds: doublePrecision('video_seconds'),
    focusTagged: boolean('focus_tagged').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('coaching_observation_notes_observation_idx').on(t.observationId, t.observedAt, t.id)],
);

/** A follow-up action agreed in the post-conference: its owner, its date, when it was done. */
export const coachingActions = pgTable(
  'coaching_actions',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => coachingCycles.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneAt: ts('done_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('coaching_actions_cycle_idx').on(t.cycleId, t.dueOn),
    index('coaching_actions_owner_open_idx').on(t.ownerId, t.dueOn).where(sql`done_at is null`),
  ],
);

/** The cycle's conversation: what its members say to each other between the sessions. */
export const coachingComments = pgTable(
  'coaching_comments',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => coachingCycles.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('coaching_comments_cycle_idx').on(t.cycleId, t.createdAt, t.id)],
);
