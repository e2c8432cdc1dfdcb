import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, smallint, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import { posts, threads } from '#server/features/discussion/schema.ts';
import { DELIVERIES, DIGEST_FREQUENCIES, EMAIL_CHOICES } from '#shared/contracts/notifications.ts';

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
  /** How often the digest comes: daily or weekly. */
  digestFrequency: text('digest_frequency', { enum: DIGEST_FREQUENCIES }).notNull().default('daily'),
  /** Quiet hours, minutes after midnight in `timeZone`: email waits until they end. None when null. */
  quietStart: smallint('quiet_start'),
  quietEnd: smallint('quiet_end'),
  /** The person's IANA time zone (`America/Chicago`), for quiet hours. */
  timeZone: text('time_zone').notNull().default('UTC'),
  feedSeenAt: ts('feed_seen_at'),
  digestSentAt: ts('digest_sent_at'),
  updatedAt: createdAt('updated_at'),
});

/**
 * How a person wants one kind of notification (`*`: every kind) delivered, everywhere or in one
 * community: a community's choice beats the kind's, and both beat the person's general email choice.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** A kind some feature declares, or `*` for every kind (a community's override). */
    kind: text('kind').notNull(),
    communityId: uuid('community_id').references(() => communities.id),
    delivery: text('delivery', { enum: DELIVERIES }).notNull(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [unique('notification_preferences_key').on(t.userId, t.kind, t.communityId).nullsNotDistinct()],
);

/**
 * The reply addresses Trellis gave a person in its emails, one per thing they may answer (a thread, a
 * conversation): the address names the row and carries an HMAC of it, so it cannot be guessed, and
 * revoking the row stops it working.
 */
export const mailReplyAddresses = pgTable(
  'mail_reply_addresses',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The reply handler a feature declares (`thread`, `messages`). */
    handler: text('handler').notNull(),
    targetId: uuid('target_id').notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('mail_reply_addresses_target_idx').on(t.userId, t.handler, t.targetId)],
);
