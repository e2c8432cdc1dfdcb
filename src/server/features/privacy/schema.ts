import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/db/schema.ts';
import {
  DATA_EXPORT_KINDS,
  DATA_EXPORT_STATUSES,
  ERASURE_REQUEST_STATUSES,
  RETENTION_KINDS,
} from '#shared/contracts/privacy.ts';

/** How many days a district keeps one kind of record; a nightly run deletes what is older. */
export const retentionSettings = pgTable(
  'retention_settings',
  {
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: RETENTION_KINDS }).notNull(),
    days: integer('days').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.kind] })],
);

/**
 * An export written in the background to storage as one ZIP: a district's (by its administrators)
 * or a person's own. Its progress is counted in steps (one per table, then the files) as it runs.
 */
export const dataExports = pgTable(
  'data_exports',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: DATA_EXPORT_KINDS }).notNull(),
    requestedBy: uuid('requested_by').references(() => users.id),
    /** Whose data a personal export holds. */
    personId: uuid('person_id').references(() => users.id),
    status: text('status', { enum: DATA_EXPORT_STATUSES }).notNull().default('queued'),
    stepsTotal: integer('steps_total').notNull().default(0),
    stepsDone: integer('steps_done').notNull().default(0),
    step: text('step'),
    rowsWritten: bigint('rows_written', { mode: 'number' }).notNull().default(0),
    filesWritten: integer('files_written').notNull().default(0),
    byteSize: bigint('byte_size', { mode: 'number' }),
    fileKey: text('file_key'),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    expiresAt: ts('expires_at'),
  },
  (t) => [
    index('data_exports_district_idx').on(t.districtId, t.kind, t.createdAt.desc()),
    index('data_exports_person_idx').on(t.personId, t.createdAt.desc()),
  ],
);

/**
 * A person's request to be erased. Where the district's records rules require it, it waits for an
 * administrator's decision; otherwise it is carried out at once and recorded as completed.
 */
export const erasureRequests = pgTable(
  'erasure_requests',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ERASURE_REQUEST_STATUSES }).notNull(),
    note: text('note'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('erasure_requests_district_idx').on(t.districtId, t.status, t.createdAt),
    uniqueIndex('erasure_requests_one_pending').on(t.userId).where(sql`status = 'pending'`),
  ],
);

/** A district's records rules: whether erasing a person who asks waits for an administrator. */
export const privacySettings = pgTable('privacy_settings', {
  districtId: uuid('district_id')
    .primaryKey()
    .references(() => organizations.id),
  erasureNeedsApproval: boolean('erasure_needs_approval').notNull().default(true),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The operator's words on the data-protection page: one row for the whole deployment. */
export const dataProtectionStatements = pgTable(
  'data_protection_statements',
  {
    id: smallint('id').primaryKey().default(1),
    hosting: text('hosting').notNull(),
    subprocessors: text('subprocessors').notNull(),
    contact: text('contact').notNull(),
    notes: text('notes').notNull().default(''),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('data_protection_statements_one_row', sql`${t.id} = 1`)],
);
