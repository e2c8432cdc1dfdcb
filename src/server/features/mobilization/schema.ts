import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import { posts, threads } from '#server/features/discussion/schema.ts';
import { resources } from '#server/features/resources/schema.ts';
import { HOME_SHARE_SUBJECTS, HOME_TARGET_KINDS } from '#shared/contracts/mobilization.ts';

/**
 * Knowledge mobilization: a member brings a resource, or a thread's insight, home from a community
 * to their own school or district with a note for colleagues who were not there. A resource brought
 * home becomes visible to the people of that school or district; it appears in their feeds.
 */
export const homeShares = pgTable(
  'home_shares',
  {
    id: id(),
    sharerId: uuid('sharer_id')
      .notNull()
      .references(() => users.id),
    subject: text('subject', { enum: HOME_SHARE_SUBJECTS }).notNull(),
    resourceId: uuid('resource_id').references(() => resources.id),
    /** For an insight: the reply marked as the insight, and its thread. */
    postId: uuid('post_id').references(() => posts.id),
    threadId: uuid('thread_id').references(() => threads.id),
    /** The community it was brought from, if any. */
    fromCommunityId: uuid('from_community_id').references(() => communities.id),
    targetKind: text('target_kind', { enum: HOME_TARGET_KINDS }).notNull(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => organizations.id),
    note: text('note').notNull().default(''),
    /** The activity-stream statement that records it: the feed shows it through that. */
    statementId: uuid('statement_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('home_shares_target_idx').on(t.targetId, t.createdAt, t.statementId),
    index('home_shares_resource_idx').on(t.resourceId, t.targetId),
    index('home_shares_post_idx').on(t.postId),
    // The feed finds an item's home share by the statement that recorded it.
    index('home_shares_statement_idx').on(t.statementId),
  ],
);
