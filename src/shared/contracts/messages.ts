import { z } from 'zod';
import { line, PageQuery } from './common.ts';
import { AttachmentView } from './discussion.ts';

/** Direct messages: conversations of two to ten people, blocks and reports to the sender's district. */

/** The most people a conversation holds, its starter included. */
export const CONVERSATION_MAX_PEOPLE = 10;

/** Markdown a person writes in a message: bounded, no control characters but newlines and tabs. */
export const MessageText = line(20_000).pipe(z.string().min(1, 'must not be empty'));
const IdempotencyKey = z.uuid().optional();
/** The most files one message carries. */
export const MESSAGE_MAX_ATTACHMENTS = 10;
/** Files uploaded for the message (POST /api/message-attachments), sent with it. */
const AttachmentIds = z
  .array(z.uuid())
  .max(MESSAGE_MAX_ATTACHMENTS, `a message carries at most ${MESSAGE_MAX_ATTACHMENTS} files`)
  .optional();

export const MessagePerson = z.object({
  id: z.string(),
  name: z.string(),
  districtName: z.string().nullable(),
});
export type MessagePerson = z.infer<typeof MessagePerson>;

export const StartConversationBody = z.strictObject({
  participantIds: z
    .array(z.uuid())
    .min(1, 'must name at least one person')
    .max(CONVERSATION_MAX_PEOPLE - 1, `a conversation holds at most ${CONVERSATION_MAX_PEOPLE} people`),
  body: MessageText,
  attachmentIds: AttachmentIds,
  idempotencyKey: IdempotencyKey,
});
export type StartConversationBody = z.infer<typeof StartConversationBody>;

export const SendMessageBody = z.strictObject({
  body: MessageText,
  attachmentIds: AttachmentIds,
  idempotencyKey: IdempotencyKey,
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const ReportMessageBody = z.strictObject({
  reason: line(500).pipe(z.string().min(1, 'must not be empty')),
});
export type ReportMessageBody = z.infer<typeof ReportMessageBody>;

export const Message = z.object({
  id: z.string(),
  conversationId: z.string(),
  sender: MessagePerson,
  html: z.string(),
  attachments: z.array(AttachmentView),
  createdAt: z.string(),
  mine: z.boolean(),
});
export type Message = z.infer<typeof Message>;

/** Why no one may write in a conversation now, or null when they may. */
export const ConversationClosed = z.enum(['blocked_by_you', 'blocked_you', 'unreachable']).nullable();
export type ConversationClosed = z.infer<typeof ConversationClosed>;

export const ConversationSummary = z.object({
  id: z.string(),
  /** The others in it, the viewer left out. */
  people: z.array(MessagePerson),
  lastMessage: z.object({ senderName: z.string(), excerpt: z.string(), createdAt: z.string() }).nullable(),
  lastMessageAt: z.string(),
  unreadCount: z.number(),
  closed: ConversationClosed,
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const ConversationAbilities = z.object({
  send: z.boolean(),
  block: z.boolean(),
  /** A group's members may add people (decision 096). */
  addPeople: z.boolean(),
  /** Its starter may remove people from a group. */
  removePeople: z.boolean(),
  /** Anyone may leave a group. */
  leave: z.boolean(),
});

export const ConversationResponse = z.object({
  data: ConversationSummary.extend({
    firstUnreadAt: z.string().nullable(),
    /** Started with two or more others: its members may change. */
    isGroup: z.boolean(),
    /** When the viewer joined: they read the messages sent since. */
    joinedAt: z.string(),
  }),
  abilities: ConversationAbilities,
});
export type ConversationResponse = z.infer<typeof ConversationResponse>;

export const ConversationListResponse = z.object({
  data: z.array(ConversationSummary),
  nextCursor: z.string().nullable(),
});
export type ConversationListResponse = z.infer<typeof ConversationListResponse>;

export const MessageListResponse = z.object({ data: z.array(Message), nextCursor: z.string().nullable() });
export type MessageListResponse = z.infer<typeof MessageListResponse>;

export const MessageResponse = z.object({ data: Message });
export type MessageResponse = z.infer<typeof MessageResponse>;

export const MessageSearchQuery = PageQuery.extend({
  q: line(200).pipe(z.string().min(2, 'must be at least 2 characters')),
});
export const MessageSearchHit = z.object({
  message: Message,
  people: z.array(MessagePerson),
  /** The plain text around the match, with the matched words between « and ». */
  snippet: z.string(),
});
export const MessageSearchResponse = z.object({
  data: z.array(MessageSearchHit),
  nextCursor: z.string().nullable(),
});
export type MessageSearchResponse = z.infer<typeof MessageSearchResponse>;

export const UnreadMessagesResponse = z.object({ data: z.object({ count: z.number() }) });
export type UnreadMessagesResponse = z.infer<typeof UnreadMessagesResponse>;

export const RecipientQuery = z.strictObject({
  q: line(100).pipe(z.string().min(2, 'must be at least 2 characters')),
});
export const RecipientListResponse = z.object({ data: z.array(MessagePerson) });
export type RecipientListResponse = z.infer<typeof RecipientListResponse>;
export const RecipientResponse = z.object({
  data: MessagePerson,
  abilities: z.object({ message: z.boolean(), unblock: z.boolean() }),
});
export type RecipientResponse = z.infer<typeof RecipientResponse>;

export const BlockListResponse = z.object({
  data: z.array(z.object({ person: MessagePerson, blockedAt: z.string() })),
});
export type BlockListResponse = z.infer<typeof BlockListResponse>;

/** What the messages page tells people about how their messages are kept. */
export const MessagingPolicyResponse = z.object({
  data: z.object({
    /** Days the person's district keeps messages, or null. */
    retentionDays: z.number().nullable(),
    /** The operator keeps messages as records the law requires: district exports carry them. */
    recordsRetention: z.boolean(),
  }),
});
export type MessagingPolicyResponse = z.infer<typeof MessagingPolicyResponse>;

export const MessageReport = z.object({
  id: z.string(),
  reason: z.string(),
  reportedAt: z.string(),
  reporter: MessagePerson,
  sender: MessagePerson,
  messageText: z.string(),
  messageSentAt: z.string(),
});
export type MessageReport = z.infer<typeof MessageReport>;

export const MessageReportListResponse = z.object({
  data: z.array(MessageReport),
  nextCursor: z.string().nullable(),
});
export type MessageReportListResponse = z.infer<typeof MessageReportListResponse>;

/** People added to a group conversation. */
export const AddPeopleBody = z.strictObject({
  participantIds: z
    .array(z.uuid())
    .min(1, 'must name at least one person')
    .max(CONVERSATION_MAX_PEOPLE - 2, `a conversation holds at most ${CONVERSATION_MAX_PEOPLE} people`),
});
export type AddPeopleBody = z.infer<typeof AddPeopleBody>;

export const ConversationMembersResponse = z.object({ data: z.object({ people: z.array(MessagePerson) }) });
export type ConversationMembersResponse = z.infer<typeof ConversationMembersResponse>;
