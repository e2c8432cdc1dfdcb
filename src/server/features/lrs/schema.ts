import { customType, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '#server/db/columns.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * What the statements query filters by (decision 049): one row per statement and key, ordered by
 * `stored` within a district and key, so `?agent=`, `?verb=&since=`, `?activity=` and
 * `?registration=` read a short range of one index however many statements the district holds.
 * Keys are `a|<IFI key>` (actor, Agent or Group object and its members), `A|…` (every agent the
 * statement names: authority, instructor, team, SubStatement parts), `v|<verb IRI>`, `o|<activity
 * IRI>` (object), `O|…` (object, context activities, SubStatement's), `r|<registration>`. A statement
 * that targets another by StatementRef carries the target's keys too (Communication 2.1.3). Values
 * longer than 400 characters are stored as `<kind>#<sha-256>`.
 */
export const lrsStatementKeys = pgTable(
  'lrs_statement_keys',
  {
    districtId: uuid('district_id').notNull(),
    key: text('key').notNull(),
    stored: ts('stored').notNull(),
    /** The statements row's id. */
    statementId: uuid('statement_id').notNull(),
    clientId: uuid('client_id'),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.key, t.stored, t.statementId] })],
);

/** Attachment content received in multipart/mixed, once per district and SHA-2. */
export const lrsAttachments = pgTable(
  'lrs_attachments',
  {
    districtId: uuid('district_id').notNull(),
    sha2: text('sha2').notNull(),
    contentType: text('content_type').notNull(),
    length: integer('length').notNull(),
    content: bytea('content').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.sha2] })],
);

/**
 * The LRS's canonical Activity definitions per district, merged from every statement that names the
 * activity (Data 2.4.4.1): what `/xapi/activities` and the `canonical` format return.
 */
export const lrsActivities = pgTable(
  'lrs_activities',
  {
    districtId: uuid('district_id').notNull(),
    /** SHA-256 of the activity IRI (IRIs may be longer than an index key). */
    idHash: text('id_hash').notNull(),
    activityId: text('activity_id').notNull(),
    definition: jsonb('definition').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.idHash] })],
);
