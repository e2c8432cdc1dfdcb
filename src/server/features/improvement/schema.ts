import {
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  bigint,
  boolean,
  date,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import { inquiryCycles } from '#server/features/inquiry/schema.ts';
import {
  BASELINE_REASONS,
  DRIVER_KINDS,
  MEASURE_FREQUENCIES,
  MEASURE_KINDS,
} from '#shared/contracts/improvement.ts';

/** A networked improvement community's aim: what, how much, by when, for whom. One per community. */
export const improvementAims = pgTable(
  'improvement_aims',
  {
    id: id(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    what: text('what').notNull(),
    howMuch: text('how_much').notNull(),
    byWhen: date('by_when', { mode: 'string' }).notNull(),
    forWhom: text('for_whom').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [uniqueIndex('improvement_aims_community_idx').on(t.communityId)],
);

/**
 * One line of the aim's driver diagram: a primary driver (no parent), a secondary driver (under a
 * primary) or a change idea (under a secondary). Ids are kept when the outline is saved again, so
 * PDSA cycles keep their change idea.
 */
export const improvementDrivers = pgTable(
  'improvement_drivers',
  {
    id: id(),
    aimId: uuid('aim_id')
      .notNull()
      .references(() => improvementAims.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: DRIVER_KINDS }).notNull(),
    text: text('text').notNull(),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('improvement_drivers_aim_idx').on(t.aimId, t.position)],
);

/** One of the community's family of measures, with the operational definition every school counts by. */
export const improvementMeasures = pgTable(
  'improvement_measures',
  {
    id: id(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    kind: text('kind', { enum: MEASURE_KINDS }).notNull(),
    name: text('name').notNull(),
    definition: text('definition').notNull(),
    unit: text('unit').notNull().default(''),
    frequency: text('frequency', { enum: MEASURE_FREQUENCIES }).notNull().default('weekly'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    /** Moves with every write of the measure's values and baselines (triggers, migration 0073). */
    dataVersion: bigint('data_version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('improvement_measures_community_idx').on(t.communityId, t.createdAt)],
);

/**
 * A school team's value of a measure for one period: an aggregate with the number of students it is
 * computed from, never a row per student. Fewer than 10 students: shown only to the team.
 */
export const improvementValues = pgTable(
  'improvement_values',
  {
    id: id(),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => improvementMeasures.id, { onDelete: 'cascade' }),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => organizations.id),
    period: date('period', { mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
    studentCount: integer('student_count').notNull(),
    /** A point a person judged astronomical: far beyond anything the process could produce. */
    astronomical: boolean('astronomical').notNull().default(false),
    astronomicalNote: text('astronomical_note').notNull().default(''),
    flaggedBy: uuid('flagged_by').references(() => users.id),
    enteredBy: uuid('entered_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [uniqueIndex('improvement_values_period_idx').on(t.measureId, t.schoolId, t.period)],
);

/**
 * A team's baseline for a measure: the median of its first `length` points from `from_period`, frozen
 * once that many are entered (later corrections do not move it). A process change starts a new one.
 */
export const improvementBaselines = pgTable(
  'improvement_baselines',
  {
    id: id(),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => improvementMeasures.id, { onDelete: 'cascade' }),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => organizations.id),
    fromPeriod: date('from_period', { mode: 'string' }).notNull(),
    length: integer('length').notNull(),
    median: doublePrecision('median'),
    frozenAt: ts('frozen_at'),
    reason: text('reason', { enum: BASELINE_REASONS }).notNull(),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('improvement_baselines_from_idx').on(t.measureId, t.schoolId, t.fromPeriod)],
);

/**
 * The PDSA content of an inquiry cycle of kind pdsa. The cycle itself (its team, phases, change idea,
 * decision and the cycle it follows) is the inquiry feature's; this holds what the team writes.
 */
export const improvementPdsaCycles = pgTable(
  'improvement_pdsa_cycles',
  {
    cycleId: uuid('cycle_id')
      .primaryKey()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    schoolId: uuid('school_id').references(() => organizations.id),
    measureId: uuid('measure_id').references(() => improvementMeasures.id, { onDelete: 'set null' }),
    prediction: text('prediction').notNull().default(''),
    who: text('who').notNull().default(''),
    what: text('what').notNull().default(''),
    /** When the change is tried: the run chart's annotation for the cycle sits here. */
    testDate: date('test_date', { mode: 'string' }),
    dataPlan: text('data_plan').notNull().default(''),
    whatHappened: text('what_happened').notNull().default(''),
    surprises: text('surprises').notNull().default(''),
    study: text('study').notNull().default(''),
    actNotes: text('act_notes').notNull().default(''),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('improvement_pdsa_cycles_measure_idx').on(t.measureId, t.schoolId, t.testDate)],
);
