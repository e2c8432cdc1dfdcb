import { bigint, index, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, ts } from '#server/db/columns.ts';
import { users } from '#server/features/accounts/schema.ts';

export const follows = pgTable(
  'follows',
  {
    followerId: uuid('follower_id')
      .notNull()
      .references(() => users.id),
    followeeId: uuid('followee_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index('follows_followee_idx').on(t.followeeId),
  ],
);

/**
 * The home feed's read model: one row per statement and audience it reaches (a community, a person
 * followed, an organization), written with the statement by the kinds features declare
 * (platform/feed-items.ts). A page reads a short range of the time index per audience of the viewer.
 */
export const feedItems = pgTable(
  'feed_items',
  {
    audienceId: uuid('audience_id').notNull(),
    stored: ts('stored').notNull(),
    statementId: uuid('statement_id').notNull(),
    kind: text('kind').notNull(),
    verb: text('verb').notNull(),
    actorId: uuid('actor_id'),
    communityId: uuid('community_id'),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
  },
  (t) => [
    // A page reads the newest entries of each audience from this index alone (who did it and where,
    // to filter), and fetches the rest of only the entries it keeps.
    index('feed_items_audience_idx').on(t.audienceId, t.stored, t.statementId, t.actorId, t.communityId),
    index('feed_items_statement_idx').on(t.statementId),
  ],
);

/**
 * How many times each feed audience (a community, a person, an organization) has changed: bumped
 * at commit by every feed item written to or removed from it and by every change to a post its
 * items show (migrations 0031, 0034). An audience's version is the sum of its rows; no row means 0.
 * A community's or an organization's items bump the row of the writer's connection (`shard`, its
 * process id modulo 8), so concurrent replies in one community do not queue on one row until they
 * commit. A person's remembered first page is keyed by the versions of all their audiences
 * (feed/page-cache.ts, decision 030).
 */
export const feedAudienceVersions = pgTable(
  'feed_audience_versions',
  {
    audienceId: uuid('audience_id').notNull(),
    shard: smallint('shard').notNull().default(0),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.audienceId, t.shard] })],
);
