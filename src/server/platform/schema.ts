import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
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
  },
  (t) => [
    index('statements_actor_idx').on(t.actorId, t.stored),
    index('statements_object_idx').on(t.objectType, t.objectId),
    index('statements_verb_idx').on(t.verb, t.stored),
    index('statements_district_idx').on(t.districtId, t.stored),
    index('statements_school_idx').on(t.schoolId, t.stored),
    index('statements_community_idx').on(t.communityId, t.stored),
  ],
);

/** A small row read by primary key: the benchmark's baseline. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});
