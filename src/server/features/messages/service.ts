import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { isDistrictAdmin } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { excerpt, renderMarkdown } from '#server/platform/markdown.ts';
import {
  CONVERSATION_MAX_PEOPLE,
  type ConversationClosed,
  type ConversationResponse,
  type ConversationSummary,
  type Message,
  type MessagePerson,
  type MessageReport,
} from '#shared/contracts/messages.ts';
import { SENT } from './activity.ts';
import { keeperOf } from './members.ts';
import * as q from './queries.ts';

const iso = (at: string) => new Date(at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
const person = (p: q.PersonRow): MessagePerson => ({ id: p.id, name: p.name, districtName: p.district_name });

export const attachmentUrl = (id: string) => `/api/message-attachments/${id}`;

export function presentMessage(m: q.MessageRow, viewerId: string): Message {
  return {
    id: m.id,
    attachments: (m.attachments ?? []).map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      byteSize: a.byte_size,
      url: attachmentUrl(a.id),
    })),
    conversationId: m.conversation_id,
    sender: { id: m.sender_id, name: m.sender_name, districtName: m.sender_district_name },
    html: m.body_html,
    createdAt: iso(m.created_at),
    mine: m.sender_id === viewerId,
  };
}

/**
 * Why the viewer may not write in a conversation now, or null: a block between them and anyone in
 * it, or someone active in it they may no longer see (their district left the network).
 */
export async function closedFor(
  db: Db | Tx,
  actor: Actor,
  row: Pick<q.ConversationRow, 'blocked_by_me' | 'blocked_me'>,
  others: Array<{ id: string; status: string }>,
): Promise<ConversationClosed> {
  if (row.blocked_by_me) return 'blocked_by_you';
  if (row.blocked_me) return 'blocked_you';
  const active = others.filter((o) => o.status === 'active').map((o) => o.id);
  const seen = await q.reachablePeople(db, actor, active);
  return seen.length < active.length ? 'unreachable' : null;
}

function presentConversation(row: q.ConversationRow, closed: ConversationClosed): ConversationSummary {
  return {
    id: row.id,
    people: row.people.map(person),
    lastMessage:
      row.last_created_at && row.last_text !== null
        ? {
            senderName: row.last_sender_name ?? '',
            excerpt: excerpt(row.last_text, 140),
            createdAt: iso(row.last_created_at),
          }
        : null,
    lastMessageAt: iso(row.last_message_at),
    unreadCount: row.unread_count,
    closed,
  };
}

const CLOSED_WORDS: Record<NonNullable<ConversationClosed>, string> = {
  blocked_by_you: 'You blocked someone in this conversation; unblock them to write here.',
  blocked_you: 'You cannot write in this conversation.',
  unreachable: 'Someone in this conversation is no longer someone you may message.',
};

/**
 * Saves a message in a conversation the sender may write in, and records it: the other participants
 * are told (bell, email as each chose) and open pages hear of it.
 */
async function deliver(
  tx: Tx,
  actor: Actor,
  conversationId: string,
  others: string[],
  message: { body: string; attachmentIds?: string[]; idempotencyKey?: string },
): Promise<string> {
  const { body, idempotencyKey } = message;
  const rendered = renderMarkdown(body);
  const saved = await q.insertMessage(tx, {
    conversationId,
    senderId: actor.userId,
    senderDistrictId: actor.districtId,
    bodyMd: body,
    bodyHtml: rendered.html,
    bodyText: rendered.text,
    idempotencyKey: idempotencyKey ?? null,
  });
  if (!saved.created) return saved.id;
  const files = [...new Set(message.attachmentIds ?? [])];
  if (files.length > 0 && !(await q.claimAttachments(tx, actor.userId, saved.id, files)))
    throw invalidField('/body/attachmentIds', 'must be files you uploaded that no message carries yet');
  await recordActivity(tx, {
    actor,
    verb: SENT,
    object: { type: 'conversation', id: conversationId },
    notify: [
      {
        kind: 'direct_message',
        to: others,
        data: { conversationId, messageId: saved.id, actorName: actor.name },
      },
    ],
    signals: [
      { topic: `conversation:${conversationId}`, type: 'message', id: saved.id },
      ...[actor.userId, ...others].map((userId) => ({ topic: `user:${userId}` as const, type: 'messages' })),
    ],
  });
  return saved.id;
}

/**
 * Starts a conversation with one to nine people the actor may see, with its first message. Writing
 * to one person again continues the conversation the two already have.
 */
export async function startConversation(args: {
  db: Db;
  actor: Actor;
  participantIds: string[];
  body: string;
  attachmentIds?: string[];
  idempotencyKey?: string;
}): Promise<{ conversationId: string; message: Message }> {
  const { db, actor } = args;
  const ids = [...new Set(args.participantIds.map((id) => id.toLowerCase()))];
  const self = args.participantIds.findIndex((id) => id.toLowerCase() === actor.userId);
  if (self >= 0) throw invalidField(`/body/participantIds/${self}`, 'is you; name the others only');
  return db.transaction(async (tx) => {
    const seen = new Set((await q.reachablePeople(tx, actor, ids)).map((p) => p.id));
    const unseen = args.participantIds.findIndex((id) => !seen.has(id.toLowerCase()));
    if (unseen >= 0) throw invalidField(`/body/participantIds/${unseen}`, 'is not someone you may message');
    // In a group everyone sees everyone: each pair must be people who may see each other.
    const apart = ids.length > 1 ? await q.unreachablePair(tx, ids) : null;
    if (apart) {
      const at = args.participantIds.findIndex((id) => id.toLowerCase() === apart.id);
      throw invalidField(
        `/body/participantIds/${at}`,
        `cannot be in one conversation with ${apart.otherName}: they may not message each other`,
      );
    }
    const blocks = await q.blocksAmong(tx, actor.userId, ids);
    if (blocks.byMe)
      throw new ForbiddenError('You blocked someone you named; unblock them to write to them.');
    if (blocks.ofMe) throw new ForbiddenError('You cannot write to someone you named.');
    const conversationId =
      (ids.length === 1 ? await q.findPairConversation(tx, actor.userId, ids[0]) : null) ??
      (await q.insertConversation(tx, [actor.userId, ...ids]));
    const id = await deliver(tx, actor, conversationId, ids, args);
    return { conversationId, message: presentMessage((await q.findMessage(tx, id))!, actor.userId) };
  });
}

/** Sends a message in a conversation the actor takes part in and may still write in. */
export async function sendMessage(args: {
  db: Db;
  actor: Actor;
  conversationId: string;
  body: string;
  attachmentIds?: string[];
  idempotencyKey?: string;
}): Promise<Message> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const row = await q.findConversation(tx, actor.userId, args.conversationId);
    if (!row) throw new NotFoundError('No such conversation.');
    const others = (await q.participantsOf(tx, row.id)).filter((p) => p.id !== actor.userId);
    const closed = await closedFor(tx, actor, row, others);
    if (closed) throw new ForbiddenError(CLOSED_WORDS[closed]);
    const active = others.filter((o) => o.status === 'active').map((o) => o.id);
    const id = await deliver(tx, actor, row.id, active, args);
    return presentMessage((await q.findMessage(tx, id))!, actor.userId);
  });
}

/** The actor's conversations, most recently active first. */
export async function listConversations(args: { db: Db; actor: Actor; cursor?: string; limit: number }) {
  const after = args.cursor ? decodeTimeCursor(args.cursor) : undefined;
  const rows = await q.listConversations(args.db, args.actor.userId, { after, limit: args.limit });
  const { shown, nextCursor } = keysetPage(rows, args.limit, (r) => [r.last_message_at, r.id]);
  const data = shown.map((r) =>
    presentConversation(r, r.blocked_by_me ? 'blocked_by_you' : r.blocked_me ? 'blocked_you' : null),
  );
  return { data, nextCursor };
}

/** One conversation the actor takes part in, with whether they may write in it now. */
export async function readConversation(args: {
  db: Db;
  actor: Actor;
  conversationId: string;
}): Promise<ConversationResponse> {
  const { db, actor } = args;
  const row = await q.findConversation(db, actor.userId, args.conversationId);
  if (!row) throw new NotFoundError('No such conversation.');
  const people = await q.participantsOf(db, row.id);
  const others = people.filter((p) => p.id !== actor.userId);
  const closed = await closedFor(db, actor, row, others);
  return {
    data: {
      ...presentConversation(row, closed),
      firstUnreadAt: row.unread_count > 0 && row.last_read_at ? iso(row.last_read_at) : null,
      isGroup: row.is_group,
      joinedAt: iso(row.joined_at),
    },
    abilities: {
      send: closed === null,
      block: !row.is_group && others.length === 1,
      addPeople: row.is_group && closed === null && people.length < CONVERSATION_MAX_PEOPLE,
      removePeople: row.is_group && keeperOf(row, people) === actor.userId,
      leave: row.is_group,
    },
  };
}

/** A conversation's messages, newest first, for one of its participants. */
export async function listMessages(args: {
  db: Db;
  actor: Actor;
  conversationId: string;
  cursor?: string;
  limit: number;
}) {
  const { db, actor } = args;
  const row = await q.findConversation(db, actor.userId, args.conversationId);
  if (!row) throw new NotFoundError('No such conversation.');
  const before = args.cursor ? decodeTimeCursor(args.cursor) : undefined;
  const rows = await q.listMessages(db, row.id, { since: row.joined_at, before, limit: args.limit });
  const { shown, nextCursor } = keysetPage(rows, args.limit, (r) => [r.created_at, r.id]);
  return { data: shown.map((m) => presentMessage(m, actor.userId)), nextCursor };
}

/** Marks a conversation read for the actor. */
export async function markConversationRead(args: { db: Db; actor: Actor; conversationId: string }) {
  if (!(await q.markRead(args.db, args.actor.userId, args.conversationId)))
    throw new NotFoundError('No such conversation.');
}

/** How many messages wait unread for the actor. */
export const countUnreadMessages = (args: { db: Db; actor: Actor }) =>
  q.unreadTotal(args.db, args.actor.userId);

/** The actor's own messages matching the words, newest first. */
export async function searchMyMessages(args: {
  db: Db;
  actor: Actor;
  query: string;
  cursor?: string;
  limit: number;
}) {
  const before = args.cursor ? decodeTimeCursor(args.cursor) : undefined;
  const rows = await q.searchMessages(args.db, args.actor.userId, {
    query: args.query,
    before,
    limit: args.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, args.limit, (r) => [r.created_at, r.id]);
  return {
    data: shown.map((r) => ({
      message: presentMessage(r, args.actor.userId),
      people: r.people.map(person),
      snippet: r.snippet,
    })),
    nextCursor,
  };
}

/** People the actor may message whose names start with the words typed. */
export async function findRecipients(args: {
  db: Db;
  actor: Actor;
  query: string;
}): Promise<MessagePerson[]> {
  const words =
    args.query
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  if (words.length === 0) return [];
  const prefix = words.map((w) => `${w}:*`).join(' & ');
  return (await q.searchRecipients(args.db, args.actor, prefix)).map(person);
}

/** One person the actor may message (and whether they blocked them), or a 404. */
export async function findRecipient(args: { db: Db; actor: Actor; userId: string }) {
  const { db, actor } = args;
  if (args.userId === actor.userId) throw new NotFoundError('No such person.');
  const [row] = await q.reachablePeople(db, actor, [args.userId]);
  if (!row) throw new NotFoundError('No such person.');
  const block = await q.blockBetween(db, actor.userId, row.id);
  return { data: person(row), abilities: { message: block === null, unblock: block === 'a' } };
}

/** Blocks a person the actor may see: no new messages pass between them either way. */
export async function blockPerson(args: { db: Db; actor: Actor; userId: string }): Promise<void> {
  const { db, actor } = args;
  if (args.userId === actor.userId) throw invalidField('/params/id', 'is you');
  await db.transaction(async (tx) => {
    // Anyone already in a conversation with the actor may be blocked, even if no longer reachable.
    const [seen] = await q.reachablePeople(tx, actor, [args.userId]);
    if (!seen && !(await q.sharesConversation(tx, actor.userId, args.userId)))
      throw new NotFoundError('No such person.');
    if (await q.insertBlock(tx, actor.userId, args.userId))
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'person.blocked',
        target: { type: 'user', id: args.userId },
        districtId: actor.districtId,
      });
  });
}

/** Lifts the actor's block of a person. */
export async function unblockPerson(args: { db: Db; actor: Actor; userId: string }): Promise<void> {
  const { db, actor } = args;
  await db.transaction(async (tx) => {
    if (!(await q.deleteBlock(tx, actor.userId, args.userId)))
      throw new NotFoundError('You did not block them.');
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'person.unblocked',
      target: { type: 'user', id: args.userId },
      districtId: actor.districtId,
    });
  });
}

/** The people the actor blocked, most recent first. */
export async function listBlockedPeople(args: { db: Db; actor: Actor }) {
  return (await q.listBlocks(args.db, args.actor.userId)).map((r) => ({
    person: person(r),
    blockedAt: iso(r.blocked_at),
  }));
}

/**
 * Reports one message to its sender's district administrators, who read a copy of that message
 * and nothing more of the conversation. Only a participant other than its sender may report it.
 */
export async function reportMessage(args: {
  db: Db;
  actor: Actor;
  messageId: string;
  reason: string;
}): Promise<{ id: string }> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const message = await q.findMessageForParticipant(tx, actor.userId, args.messageId);
    if (!message) throw new NotFoundError('No such message.');
    if (message.sender_id === actor.userId) throw new ForbiddenError('You cannot report your own message.');
    const id = await q.insertReport(tx, {
      messageId: message.id,
      districtId: message.sender_district_id,
      reporterId: actor.userId,
      senderId: message.sender_id,
      reason: args.reason,
      text: message.body_text,
      sentAt: message.created_at,
    });
    if (!id) throw new ConflictError('You already reported this message; administrators will look at it.');
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'message.reported',
      target: { type: 'message_report', id },
      districtId: message.sender_district_id,
    });
    return { id };
  });
}

function presentReport(r: q.ReportRow): MessageReport {
  return {
    id: r.id,
    reason: r.reason,
    reportedAt: iso(r.created_at),
    reporter: { id: r.reporter_id, name: r.reporter_name, districtName: r.reporter_district },
    sender: { id: r.sender_id, name: r.sender_name, districtName: r.sender_district },
    messageText: r.message_text,
    messageSentAt: iso(r.message_sent_at),
  };
}

/** The district administrators' queue of reported messages, oldest first. */
export async function listMessageReports(args: { db: Db; actor: Actor; cursor?: string; limit: number }) {
  if (!isDistrictAdmin(args.actor)) throw new ForbiddenError('Only district administrators may do this.');
  const after = args.cursor ? decodeTimeCursor(args.cursor) : undefined;
  const rows = await q.listOpenReports(args.db, args.actor.districtId, { after, limit: args.limit });
  const { shown, nextCursor } = keysetPage(rows, args.limit, (r) => [r.created_at, r.id]);
  return { data: shown.map(presentReport), nextCursor };
}

/** Closes a report of the administrator's district once they have dealt with it. */
export async function resolveMessageReport(args: { db: Db; actor: Actor; reportId: string }): Promise<void> {
  const { db, actor } = args;
  if (!isDistrictAdmin(actor)) throw new ForbiddenError('Only district administrators may do this.');
  await db.transaction(async (tx) => {
    if (!(await q.resolveReport(tx, actor.districtId, args.reportId, actor.userId)))
      throw new NotFoundError('No such open report.');
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'message_report.resolved',
      target: { type: 'message_report', id: args.reportId },
      districtId: actor.districtId,
    });
  });
}

/** What the messages page says about how messages are kept in the actor's district. */
export async function readMessagingPolicy(args: { db: Db; actor: Actor; recordsRetention: boolean }) {
  return {
    retentionDays: await q.retentionDays(args.db, args.actor.districtId),
    recordsRetention: args.recordsRetention,
  };
}
