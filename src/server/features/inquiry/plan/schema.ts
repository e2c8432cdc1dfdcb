import {
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from '#server/db/columns.ts';
import { users } from '#server/db/schema.ts';
import { inquiryCycles } from '../schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * One version of a lesson study's research-lesson plan: the first plan, then each revision, which
 * starts as a copy of the one before (decision 062). Only the newest version may be edited, so a
 * revision's differences from the first plan stay fixed. `last_seq` numbers the version's updates:
 * taken under this row's lock, so updates commit in the order of their numbers and a page that has
 * read up to one number misses none below it.
 */
export const inquiryPlans = pgTable(
  'inquiry_plans',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
    /** Bytes of the version's stored updates, bounded so one plan cannot fill the database. */
    bytes: integer('bytes').notNull().default(0),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [uniqueIndex('inquiry_plans_cycle_version_idx').on(t.cycleId, t.version)],
);

/** The Yjs updates of a plan version, in order; merged into one row now and then. */
export const inquiryPlanUpdates = pgTable(
  'inquiry_plan_updates',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => inquiryPlans.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    update: bytea('update').notNull(),
    /** Who made the update; null for updates merged together. */
    authorId: uuid('author_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.seq] })],
);

/** Who has a plan open now, and where they are typing: kept while their page says it is open. */
export const inquiryPlanPresence = pgTable(
  'inquiry_plan_presence',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => inquiryPlans.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** `<row id>:<column>` or a plan field, or empty when not in a field. */
    focus: text('focus').notNull().default(''),
    seenAt: createdAt('seen_at'),
  },
  (t) => [primaryKey({ columns: [t.planId, t.userId] })],
);

/**
 * A case student of a lesson study: a pseudonym and what observers should watch for. Never a real
 * name (the form says so): the plan is printed and carried into classrooms and may be published.
 */
export const inquiryCaseStudents = pgTable(
  'inquiry_case_students',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    pseudonym: text('pseudonym').notNull(),
    watchFor: text('watch_for').notNull().default(''),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('inquiry_case_students_cycle_idx').on(t.cycleId, t.createdAt)],
);

/**
 * A lesson study's findings report while the team drafts it. Published, it becomes a resource, which
 * the cycle names (`inquiry_cycles.findings_resource_id`); `published_by` is who published it.
 */
export const inquiryFindings = pgTable('inquiry_findings', {
  cycleId: uuid('cycle_id')
    .primaryKey()
    .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
  studentThinking: text('student_thinking').notNull().default(''),
  teaching: text('teaching').notNull().default(''),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: createdAt('updated_at'),
  publishedBy: uuid('published_by').references(() => users.id),
});
