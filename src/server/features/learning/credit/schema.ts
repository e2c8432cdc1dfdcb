import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/db/schema.ts';
import { CLAIM_SOURCES, CREDIT_APPROVERS, CREDIT_STATUSES } from '#shared/contracts/credit.ts';
import { learningEntries } from '../schema.ts';

/** Who approves a district's credit claims (decision 052). */
export const creditSettings = pgTable('credit_settings', {
  districtId: uuid('district_id')
    .primaryKey()
    .references(() => organizations.id),
  approver: text('approver', { enum: CREDIT_APPROVERS }).notNull().default('principal'),
  /** District PD staff: the approvers with `pd_staff`, and for schools without a principal. */
  pdStaffIds: uuid('pd_staff_ids').array().notNull().default(sql`'{}'`),
  updatedAt: createdAt('updated_at'),
  updatedBy: uuid('updated_by').references(() => users.id),
});

/** A district's kind of credit (clock hours, CEUs, graduate credit, renewal hours) and its rules. */
export const creditTypes = pgTable(
  'credit_types',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kinds: text('kinds').array().notNull(),
    /** `{ kind: hours }`: the most hours of a kind that count in one period. */
    maxHoursPerKind: jsonb('max_hours_per_kind').$type<Record<string, number>>().notNull().default({}),
    /** A period is the 12 months from this month (7: school years, July to June). */
    periodStartMonth: integer('period_start_month').notNull().default(7),
    evidenceRequired: boolean('evidence_required').notNull().default(false),
    reflectionRequired: boolean('reflection_required').notNull().default(false),
    autoApproveKinds: text('auto_approve_kinds').array().notNull().default(sql`'{}'`),
    renewalCycleYears: integer('renewal_cycle_years'),
    renewalHoursRequired: numeric('renewal_hours_required', { precision: 7, scale: 2 }),
    /** `{ kind: hours }`: what a kind counts for when the teacher does not say. */
    defaultHours: jsonb('default_hours').$type<Record<string, number>>().notNull().default({}),
    allowDoubleCounting: boolean('allow_double_counting').notNull().default(false),
    archivedAt: ts('archived_at'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    uniqueIndex('credit_types_name_idx')
      .on(t.districtId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
  ],
);

/**
 * One learning entry submitted for one credit type: its hours, where it stands and who decided.
 * `exclusive` copies the type's "no double counting" when approved, so the database itself refuses a
 * second exclusive approval of one entry (`credit_claims_exclusive_idx`).
 */
export const creditClaims = pgTable(
  'credit_claims',
  {
    id: id(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => learningEntries.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    /** The teacher's main school when submitted: its principal approves. */
    schoolId: uuid('school_id').references(() => organizations.id),
    creditTypeId: uuid('credit_type_id')
      .notNull()
      .references(() => creditTypes.id),
    kind: text('kind').notNull(),
    /** The day the learning happened, in the district's terms: cycles and periods count by it. */
    occurredOn: date('occurred_on').notNull(),
    hours: numeric('hours', { precision: 6, scale: 2 }).notNull(),
    defaultHours: numeric('default_hours', { precision: 6, scale: 2 }).notNull(),
    adjustmentReason: text('adjustment_reason').notNull().default(''),
    status: text('status', { enum: CREDIT_STATUSES }).notNull(),
    source: text('source', { enum: CLAIM_SOURCES }).notNull().default('submitted'),
    exclusive: boolean('exclusive').notNull().default(false),
    approverId: uuid('approver_id').references(() => users.id),
    /** Who approved it in the old system, for imported history. */
    approverName: text('approver_name'),
    comment: text('comment').notNull().default(''),
    submittedAt: createdAt('submitted_at'),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    uniqueIndex('credit_claims_open_idx')
      .on(t.entryId, t.creditTypeId)
      .where(sql`${t.status} in ('pending', 'changes_requested', 'approved')`),
    uniqueIndex('credit_claims_exclusive_idx')
      .on(t.entryId)
      .where(sql`${t.status} = 'approved' and ${t.exclusive}`),
    index('credit_claims_entry_idx').on(t.entryId),
    // Renewal progress: one short range per licence, hours read from the index.
    index('credit_claims_progress_idx').on(t.userId, t.creditTypeId, t.occurredOn, t.status, t.hours),
    index('credit_claims_mine_idx').on(t.userId, t.submittedAt.desc(), t.id.desc()),
    index('credit_claims_queue_idx').on(t.districtId, t.status, t.submittedAt, t.id),
    // A principal's queue: their school's claims of a status, oldest first (decision 072).
    index('credit_claims_school_queue_idx').on(t.schoolId, t.status, t.submittedAt, t.id),
    // PD staff's queue of claims of no school, where principals approve the rest (decision 094).
    index('credit_claims_no_school_queue_idx')
      .on(t.districtId, t.status, t.submittedAt, t.id)
      .where(sql`${t.schoolId} is null`),
    index('credit_claims_export_idx')
      .on(t.districtId, t.occurredOn, t.id)
      .where(sql`${t.status} = 'approved'`),
  ],
);

/** A licence or certificate a teacher holds, renewed by approved hours of one credit type. */
export const licences = pgTable(
  'licences',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    number: text('number').notNull().default(''),
    issuer: text('issuer').notNull().default(''),
    creditTypeId: uuid('credit_type_id')
      .notNull()
      .references(() => creditTypes.id),
    cycleStartOn: date('cycle_start_on').notNull(),
    cycleYears: integer('cycle_years').notNull(),
    hoursRequired: numeric('hours_required', { precision: 7, scale: 2 }).notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('licences_user_idx').on(t.userId, t.createdAt)],
);

/** A district's Ed25519 key that signs transcripts; the secret half sealed by platform/secret-box.ts. */
export const creditSigningKeys = pgTable(
  'credit_signing_keys',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    /** The public key, SPKI DER in base64url. */
    publicKey: text('public_key').notNull(),
    secretKeyEncrypted: text('secret_key_encrypted').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('credit_signing_keys_district_idx').on(t.districtId)],
);

/**
 * An official transcript as issued: the canonical record its PDF and CSV state, that record's
 * SHA-256, the district's signature over it, and the PDF's own SHA-256. Never changed after issue.
 */
export const transcripts = pgTable(
  'transcripts',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    record: jsonb('record').notNull(),
    recordSha256: text('record_sha256').notNull(),
    signature: text('signature').notNull(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => creditSigningKeys.id),
    /** Where the PDF as issued is stored: downloads serve these very bytes. */
    pdfKey: text('pdf_key').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    entryCount: integer('entry_count').notNull(),
    totalHours: numeric('total_hours', { precision: 8, scale: 2 }).notNull(),
    issuedAt: createdAt('issued_at'),
  },
  (t) => [index('transcripts_user_idx').on(t.userId, t.issuedAt)],
);
