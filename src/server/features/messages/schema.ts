import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, tsvector } from '#server/db/columns.ts';
import { files, organizations, users } from '#server/features/accounts/schema.ts';

/** A private conversation between two to ten people; its words are read only by its participants. */
export const conversations = pgTable('conversations', {
  id: id(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  lastMessageAt: createdAt('last_message_at'),
  /** Started with two or more others: its members may change (decision 096). A pair never becomes one. */
  isGroup: boolean('is_group').notNull().default(false),
  createdAt: createdAt(),
});

/**
 * Who takes part in a conversation, with their own read state: how many messages arrived since they
 * last read it, and a copy of the conversation's last message time so a person's inbox is one walk
 * of `conversation_participants_inbox_idx`, newest first.
 */
export const conversationParticipants = pgTable(
  'conversation_participants',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    lastMessageAt: createdAt('last_message_at'),
    lastReadAt: ts('last_read_at'),
    unreadCount: integer('unread_count').notNull().default(0),
    joinedAt: createdAt('joined_at'),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index('conversation_participants_inbox_idx').on(t.userId, t.lastMessageAt, t.conversationId),
  ],
);

/**
 * One message. The sender's district is copied on the row: its retention setting decides when the
 * message is deleted, and its administrators receive reports of it.
 */
export const messages = pgTable(
  'messages',
  {
    id: id(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => users.id),
    senderDistrictId: uuid('sender_district_id')
      .notNull()
      .references(() => organizations.id),
    bodyMd: text('body_md').notNull(),
    /** The Markdown rendered and sanitized on the server. */
    bodyHtml: text('body_html').notNull(),
    /** The plain text, for search within one's own messages. */
    bodyText: text('body_text').notNull(),
    search: tsvector('search').notNull().generatedAlwaysAs(sql`to_tsvector('simple', body_text)`),
    /** The client's retry token: a double submit or a retry after a lost answer saves one message. */
    idempotencyKey: uuid('idempotency_key'),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.createdAt, t.id),
    index('messages_search_idx').using('gin', t.search),
    index('messages_retention_idx').on(t.senderDistrictId, t.createdAt),
    uniqueIndex('messages_idempotency_idx').on(t.senderId, t.idempotencyKey),
  ],
);

/**
 * A file sent with a message (decision 095). It is its uploader's alone until the message that
 * carries it is sent; a message deleted after its district's retention leaves it to the sweep.
 */
export const messageAttachments = pgTable(
  'message_attachments',
  {
    id: id(),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
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
    index('message_attachments_message_idx').on(t.messageId),
    index('message_attachments_unsent_idx').on(t.createdAt).where(sql`${t.messageId} is null`),
  ],
);

/** A person's block of another: no new messages pass between them either way until it is lifted. */
export const messageBlocks = pgTable(
  'message_blocks',
  {
    blockerId: uuid('blocker_id')
      .notNull()
      .references(() => users.id),
    blockedId: uuid('blocked_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.blockerId, t.blockedId] }),
    index('message_blocks_blocked_idx').on(t.blockedId, t.blockerId),
  ],
);

/**
 * A message reported to its sender's district administrators. The report carries a copy of the one
 * message reported, which is all the administrators ever read of the conversation.
 */
export const messageReports = pgTable(
  'message_reports',
  {
    id: id(),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => users.id),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    messageText: text('message_text').notNull(),
    messageSentAt: ts('message_sent_at').notNull(),
    resolvedAt: ts('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('message_reports_queue_idx').on(t.districtId, t.createdAt, t.id),
    uniqueIndex('message_reports_open_idx').on(t.messageId, t.reporterId).where(sql`${t.resolvedAt} is null`),
  ],
);
