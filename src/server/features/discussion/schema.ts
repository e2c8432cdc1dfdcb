import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, tsvector } from '#server/db/columns.ts';
import { files, users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import { REACTION_KINDS, THREAD_TYPES } from '#shared/contracts/discussion.ts';
import { DRAFT_KINDS, WATCH_LEVELS } from '#shared/contracts/reading.ts';

/** A conversation in a community; its opening words are the post marked isOpening. */
export const threads = pgTable(
  'threads',
  {
    id: id(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    type: text('type', { enum: THREAD_TYPES }).notNull(),
    title: text('title').notNull(),
    pinnedAt: ts('pinned_at'),
    lockedAt: ts('locked_at'),
    /** The reply marked as the insight or answer. */
    insightPostId: uuid('insight_post_id'),
    replyCount: integer('reply_count').notNull().default(0),
    lastPostAt: createdAt('last_post_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('threads_community_idx').on(t.communityId, t.lastPostAt, t.id),
    // A community's thread list in its order (pinned first, then the most recently active), so a
    // page is read from the index and stops, however many threads the community has.
    index('threads_list_idx').on(t.communityId, sql`(${t.pinnedAt} is not null)`, t.lastPostAt, t.id),
    index('threads_author_idx').on(t.authorId, t.createdAt),
  ],
);

/**
 * A thread's page version, bumped in the same transaction as any change to the thread's posts or
 * their attachments (deferred triggers, migrations 0026 and 0030): the thread page's cache key, with
 * the directory version. It has its own row, not a column of threads: a move locks the thread and
 * then its posts, while a post's writers lock the post and then, at commit, the version; on the
 * thread row the two would deadlock. No row means version 0.
 */
export const threadPageVersions = pgTable('thread_page_versions', {
  threadId: uuid('thread_id')
    .primaryKey()
    .references(() => threads.id, { onDelete: 'cascade' }),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});

/** Opening posts, replies (parentId null) and replies to replies (parentId a reply). */
export const posts = pgTable(
  'posts',
  {
    id: id(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    parentId: uuid('parent_id'),
    isOpening: boolean('is_opening').notNull().default(false),
    bodyMd: text('body_md').notNull(),
    /** The Markdown rendered and sanitized on the server. */
    bodyHtml: text('body_html').notNull(),
    /** Title (for an opening post) and body words, for search. */
    search: tsvector('search'),
    idempotencyKey: text('idempotency_key'),
    helpfulCount: integer('helpful_count').notNull().default(0),
    triedCount: integer('tried_count').notNull().default(0),
    createdAt: createdAt(),
    editedAt: ts('edited_at'),
    deletedAt: ts('deleted_at'),
    hiddenAt: ts('hidden_at'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: uuid('hidden_by').references(() => users.id),
  },
  (t) => [
    index('posts_thread_idx').on(t.threadId, t.createdAt),
    index('posts_community_idx').on(t.communityId, t.createdAt),
    index('posts_search_idx').using('gin', t.search),
    uniqueIndex('posts_idempotency_idx').on(t.authorId, t.idempotencyKey),
  ],
);

/** Earlier wordings of an edited post, newest last: the visible edit history. */
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: id(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    title: text('title'),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** When this wording was replaced. */
    replacedAt: createdAt('replaced_at'),
  },
  (t) => [index('post_revisions_post_idx').on(t.postId, t.replacedAt)],
);

export const postReactions = pgTable(
  'post_reactions',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: REACTION_KINDS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.userId, t.kind] }),
    // A viewer's reactions to a page of posts (uuidv7 ids, so a thread's posts lie in a short id
    // range): one short range of this index, not one probe of the primary key per post.
    index('post_reactions_user_idx').on(t.userId, t.postId),
  ],
);

/** A file uploaded for a post; postId is null until the post that uses it is saved. */
export const postAttachments = pgTable(
  'post_attachments',
  {
    id: id(),
    postId: uuid('post_id').references(() => posts.id),
    uploaderId: uuid('uploader_id')
      .notNull()
      .references(() => users.id),
    fileKey: text('file_key')
      .notNull()
      .references(() => files.key),
    filename: text('filename').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('post_attachments_post_idx').on(t.postId),
    index('post_attachments_uploader_idx').on(t.uploaderId, t.createdAt),
  ],
);

export const postReports = pgTable(
  'post_reports',
  {
    id: id(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
    resolvedAt: ts('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolution: text('resolution', { enum: ['hidden', 'dismissed'] }),
  },
  (t) => [
    index('post_reports_queue_idx').on(t.communityId, t.resolvedAt, t.createdAt),
    uniqueIndex('post_reports_open_idx').on(t.postId, t.reporterId).where(sql`${t.resolvedAt} is null`),
  ],
);

// ─── Reading: drafts, read state, watching and bookmarks (decision 053) ─────────────────────────

/**
 * A person's unsent words: a reply to a thread (kind `thread`) or a new thread in a community (kind
 * `community`), one per person and place. Each save raises the version by one and names the version
 * it was written over, so a save from a device that had not seen the latest is refused, not kept.
 */
export const discussionDrafts = pgTable(
  'discussion_drafts',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: DRAFT_KINDS }).notNull(),
    targetId: uuid('target_id').notNull(),
    title: text('title'),
    threadType: text('thread_type', { enum: THREAD_TYPES }),
    bodyMd: text('body_md').notNull(),
    version: integer('version').notNull(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.targetId] })],
);

/**
 * What a person has read of a thread and how closely they follow it. `readCount` is how many of the
 * thread's posts (its opening post and replies, `reply_count + 1`, which only grows: posts are
 * deleted softly) they had been shown, so a thread's unread count is a subtraction, never a count of
 * posts. `level` null follows the community's level.
 */
export const threadReads = pgTable(
  'thread_reads',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    readCount: integer('read_count').notNull().default(0),
    lastReadPostId: uuid('last_read_post_id'),
    level: text('level', { enum: WATCH_LEVELS }),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.threadId] }),
    // Who watches or muted a thread, asked as a reply is written.
    index('thread_reads_level_idx').on(t.threadId, t.level).where(sql`${t.level} is not null`),
  ],
);

/**
 * A person's standing in a community's reading: posts before `readBefore` count as read ("mark the
 * community as read"), and the level the community's threads follow unless a thread has its own.
 */
export const communityReads = pgTable(
  'community_reads',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    readBefore: ts('read_before'),
    level: text('level', { enum: WATCH_LEVELS }),
    /**
     * Raised by every write of the person's thread_reads rows in the community (migration 0065):
     * with the row's own changes, what the person's remembered unread counts are checked against.
     */
    readsVersion: integer('reads_version').notNull().default(0),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.communityId] }),
    index('community_reads_level_idx').on(t.communityId, t.level).where(sql`${t.level} is not null`),
  ],
);

/**
 * A community's thread version (decision 070), moved at commit by every change to its threads that
 * unread counts read (migration 0065): the sum of its rows, one per concurrent writer (up to 8), so a
 * busy community's replies never queue on one row. No row means version 0.
 */
export const communityThreadVersions = pgTable(
  'community_thread_versions',
  {
    communityId: uuid('community_id').notNull(),
    shard: smallint('shard').notNull(),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.shard] })],
);

/** A thread or a post a person keeps to come back to, with an optional reminder. */
export const bookmarks = pgTable(
  'bookmarks',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    /** Null for a bookmark of the thread itself. */
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bookmarks_target_idx').on(
      t.userId,
      t.threadId,
      sql`coalesce(${t.postId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index('bookmarks_user_idx').on(t.userId, t.createdAt, t.id),
    // Reminders due: a short walk of the ones not yet sent.
    index('bookmarks_due_idx')
      .on(t.remindAt)
      .where(sql`${t.remindAt} is not null and ${t.remindedAt} is null`),
  ],
);
