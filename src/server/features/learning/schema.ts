import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { files, organizations, users } from '#server/features/accounts/schema.ts';
import {
  CREDIT_STATUSES,
  EVIDENCE_TYPES,
  LEARNING_ENTRY_STATUSES,
  LEARNING_SOURCES,
} from '#shared/contracts/learning.ts';

/**
 * One learning activity of one person: recorded by Trellis from its own activity (`trellis`), entered
 * by the person (`self`) or reported by another tool over xAPI (`xapi`). Private to the person and
 * their approvers (data class `person`). The log reads a person's rows newest first down
 * `learning_entries_user_idx`; totals are one aggregate over the same range.
 */
export const learningEntries = pgTable(
  'learning_entries',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    source: text('source', { enum: LEARNING_SOURCES }).notNull(),
    /** A hand kind (`workshop`) or one a feature declares for its activity (`credential_earned`). */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    /** How long it took, in minutes; null when no one has said. */
    durationMinutes: integer('duration_minutes'),
    /** Who offered it: a district, a conference, the tool that reported it, Trellis. */
    provider: text('provider').notNull().default(''),
    link: text('link'),
    /** Reflection: "what I will try". */
    willTry: text('will_try').notNull().default(''),
    /** Reflection: "what changed in my practice". */
    practiceChange: text('practice_change').notNull().default(''),
    /** Competencies of the district's frameworks (credentials' `competencies`) it built. */
    competencyIds: uuid('competency_ids').array().notNull().default(sql`'{}'`),
    /** A draft is kept and counts nowhere; a logged entry counts. */
    status: text('status', { enum: LEARNING_ENTRY_STATUSES }).notNull().default('logged'),
    /** The statement it came from (Trellis's own, or one stored by the LRS); null for hand entries. */
    statementId: uuid('statement_id'),
    /**
     * What makes a recorded entry one activity: `statement:<id>`, or `<kind>:<object type>:<object id>`
     * for kinds counted once per thing (a credential earned). Unique per person, so recording,
     * reporting and backfilling twice log it once.
     */
    sourceRef: text('source_ref'),
    /** The Trellis thing a recorded entry is about (`resource`, `micro_credential`) and its id. */
    objectType: text('object_type'),
    objectId: text('object_id'),
    /** The xAPI result a tool reported (score, success, completion, response). */
    result: jsonb('result'),
    /** Set when this entry was merged into another: that one counts, this one no longer shows. */
    mergedIntoId: uuid('merged_into_id'),
    /**
     * The hand entry whose duration this recorded entry took when it was merged in (it had none): credit
     * counts hours read from it as entered by hand (decision 059); undoing that merge clears both.
     */
    durationMergedFrom: uuid('duration_merged_from'),
    /** Set when the statement it came from was voided: it no longer shows nor counts. */
    voidedAt: ts('voided_at'),
    /**
     * Where it stands for credit, written only by the credit feature (features/learning/credit):
     * null when never submitted. The log filters by it.
     */
    creditStatus: text('credit_status', { enum: CREDIT_STATUSES }),
    /** Set by the credit feature while the entry may not change (submitted or approved hours). */
    creditLocked: boolean('credit_locked').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('learning_entries_user_idx').on(t.userId, t.occurredAt.desc(), t.id.desc()),
    uniqueIndex('learning_entries_source_ref_idx')
      .on(t.userId, t.sourceRef)
      .where(sql`${t.sourceRef} is not null`),
    index('learning_entries_statement_idx').on(t.statementId).where(sql`${t.statementId} is not null`),
    index('learning_entries_merged_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    index('learning_entries_district_idx').on(t.districtId, t.occurredAt),
  ],
);

/** Evidence of a learning entry: an uploaded file, a link, a Trellis resource or thread. */
export const learningEvidence = pgTable(
  'learning_evidence',
  {
    id: id(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => learningEntries.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    type: text('type', { enum: EVIDENCE_TYPES }).notNull(),
    fileKey: text('file_key').references(() => files.key),
    filename: text('filename'),
    url: text('url'),
    title: text('title').notNull().default(''),
    resourceId: uuid('resource_id'),
    threadId: uuid('thread_id'),
    createdAt: createdAt(),
  },
  (t) => [index('learning_evidence_entry_idx').on(t.entryId, t.position)],
);
