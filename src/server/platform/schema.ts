import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, ts } from '#server/db/columns.ts';

/**
 * Failed sign-ins (and failed current-password checks) per account and per address, shared by every
 * instance: written on sign-in attempts, read before each (decision 013). The key is
 * `account:<SHA-256 of the lower-cased address>` or `address:<IPv4, or IPv6 /64>`.
 */
export const signInFailures = pgTable('sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: ts('last_failure_at').notNull(),
});

/** The activity stream: one xAPI-shaped statement per meaningful action. */
export const statements = pgTable(
  'statements',
  {
    id: id(),
    actorId: uuid('actor_id'),
    verb: text('verb').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    communityId: uuid('community_id'),
    schoolId: uuid('school_id'),
    districtId: uuid('district_id'),
    /** The full statement as xAPI 1.0.3 JSON. */
    body: jsonb('body').notNull(),
    timestamp: ts('timestamp').notNull().defaultNow(),
    stored: ts('stored').notNull().defaultNow(),
    /**
     * What the learning record store adds (decision 049); null or false for Trellis's own statements,
     * whose xAPI id is the row's id. `xapiId` is the statement's id as its tool sent it (or the LRS
     * made it), unique in its district; `clientId` the API client that sent it.
     */
    xapiId: uuid('xapi_id'),
    clientId: uuid('client_id'),
    /** Set only by a voiding statement of the same district; the one change a stored statement sees. */
    voided: boolean('voided').notNull().default(false),
    registration: uuid('registration'),
    /** The actor's inverse functional identifier as a canonical key (lrs/identities.ts). */
    actorIfi: text('actor_ifi'),
    /** The xAPI id a StatementRef object targets (voiding, and filters that follow references). */
    refTarget: uuid('ref_target'),
  },
  (t) => [
    index('statements_actor_idx').on(t.actorId, t.stored),
    index('statements_object_idx').on(t.objectType, t.objectId),
    index('statements_verb_idx').on(t.verb, t.stored),
    index('statements_district_idx').on(t.districtId, t.stored),
    index('statements_school_idx').on(t.schoolId, t.stored),
    index('statements_community_idx').on(t.communityId, t.stored),
    uniqueIndex('statements_xapi_id_idx').on(t.districtId, t.xapiId).where(sql`xapi_id is not null`),
    index('statements_client_idx').on(t.clientId, t.stored).where(sql`client_id is not null`),
    index('statements_unmatched_idx')
      .on(t.districtId, t.actorIfi, t.stored)
      .where(sql`actor_id is null and actor_ifi is not null`),
    index('statements_ref_target_idx').on(t.districtId, t.refTarget).where(sql`ref_target is not null`),
    // Trellis's own statements an LRS district reader may see, by verb newest first (decision 057).
    index('statements_lrs_shared_idx')
      .on(t.districtId, t.verb, t.stored, t.id)
      .where(
        sql`client_id is null and xapi_id is null and object_type in ('resource', 'collection', 'micro_credential')`,
      ),
  ],
);

/** A small row read by primary key: the benchmark's baseline. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});
