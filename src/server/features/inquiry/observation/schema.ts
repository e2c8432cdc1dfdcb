import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '#server/db/columns.ts';
import { users } from '#server/db/schema.ts';
import { LESSON_MODES, OBSERVATION_FOCUS_KINDS } from '#shared/contracts/inquiry-observation.ts';
import { inquiryCycles } from '../schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A lesson-study cycle's research lesson: when and where it is taught, set by the facilitator. */
export const inquiryResearchLessons = pgTable('inquiry_research_lessons', {
  cycleId: uuid('cycle_id')
    .primaryKey()
    .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
  startsAt: at('starts_at').notNull(),
  endsAt: at('ends_at'),
  mode: text('mode', { enum: LESSON_MODES }).notNull(),
  /** The school and room, or the online meeting's link. */
  place: text('place').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: createdAt('updated_at'),
});

/** Who watches whom during the research lesson: a case student (by pseudonym) or a group. */
export const inquiryObserverAssignments = pgTable(
  'inquiry_observer_assignments',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    observerId: uuid('observer_id')
      .notNull()
      .references(() => users.id),
    focusKind: text('focus_kind', { enum: OBSERVATION_FOCUS_KINDS }).notNull(),
    focus: text('focus').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('inquiry_observer_assignments_unique_idx').on(t.cycleId, t.observerId, t.focusKind, t.focus),
  ],
);

/**
 * A time-stamped note from the observation sheet, private to the cycle's team. Its id is made on the
 * observer's device, so a note queued offline and sent twice is kept once.
 */
export const inquiryObservationNotes = pgTable(
  'inquiry_observation_notes',
  {
    id: uuid('id').primaryKey(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    observedAt: at('observed_at').notNull(),
    body: text('body').notNull(),
    focus: text('focus'),
    pointsToNotice: text('points_to_notice').array().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('inquiry_observation_notes_cycle_idx').on(t.cycleId, t.observedAt, t.id)],
);

/**
 * A photo of student work taken during the lesson, re-encoded as JPEG without its metadata (no EXIF,
 * no GPS) before it is stored. Its id is made on the device, like a note's.
 */
export const inquiryObservationPhotos = pgTable(
  'inquiry_observation_photos',
  {
    id: uuid('id').primaryKey(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    noteId: uuid('note_id').references(() => inquiryObservationNotes.id, { onDelete: 'set null' }),
    storageKey: text('storage_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    byteSize: integer('byte_size').notNull(),
    takenAt: at('taken_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('inquiry_observation_photos_cycle_idx').on(t.cycleId, t.takenAt, t.id)],
);
