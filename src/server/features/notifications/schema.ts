import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import { posts, threads } from '#server/features/discussion/schema.ts';
import { EMAIL_CHOICES } from '#shared/contracts/notifications.ts';

/** One thing a person should know about, shown by the bell and, per their choice, emailed. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** A kind some feature declares (`Feature.notifications`); the registry, not the column, knows them. */
    kind: text('kind').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    communityId: uuid('community_id').references(() => communities.id),
    threadId: uuid('thread_id').references(() => threads.id),
    postId: uuid('post_id').references(() => posts.id),
    /** Plain-text facts the notification shows (names, titles, a moderation reason). */
    data: jsonb('data').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: ts('read_at'),
    /** pending: to be emailed on its own; digest: to be included in the next daily digest. */
    emailState: text('email_state', { enum: ['none', 'pending', 'digest', 'sent', 'skipped'] })
      .notNull()
      .default('none'),
    emailedAt: ts('emailed_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    index('notifications_email_idx')
      .on(t.emailState, t.createdAt)
      .where(sql`${t.emailState} in ('pending', 'digest')`),
  ],
);

/** A person's choices about email and where they stopped reading their feed. */
export const personSettings = pgTable('person_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** each: one email per notification; daily: one digest a day; off: no email. */
  emailNotifications: text('email_notifications', { enum: EMAIL_CHOICES }).notNull().default('daily'),
  feedSeenAt: ts('feed_seen_at'),
  digestSentAt: ts('digest_sent_at'),
  updatedAt: createdAt('updated_at'),
});
