/**
 * All SQL of direct messages. Every read names the viewer: a conversation, its messages and search
 * hits are read only through the viewer's own participant row, so no one else's rows leave the
 * database.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { reachable } from '../profiles/index.ts';

export type PersonRow = {
  id: string;
  name: string;
  district_name: string | null;
};

/** Of these people, those the viewer may write to: active, in their district or one sharing a network. */
export async function reachablePeople(
  db: Db | Tx,
  viewer: { districtId: string; networkIds: string[] },
  userIds: string[],
): Promise<PersonRow[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.execute<PersonRow>(sql`
    select u.id, u.name, d.name as district_name
      from users u join organizations d on d.id = u.district_id
     where u.id = any(${sql.param(userIds)}::uuid[]) and ${reachable(viewer.districtId, viewer.networkIds)}`);
  return rows;
}

/**
 * Of the people named for a group, one who may not see another of them, or of `among` when given
 * (active, and in districts that share no network), with the other's name; null when every pair
 * may see each other.
 */
export async function unreachablePair(
  db: Db | Tx,
  userIds: string[],
  among: string[] = userIds,
): Promise<{ id: string; otherName: string } | null> {
  const { rows } = await db.execute<{ id: string; other_name: string }>(sql`
    select b.id, a.name as other_name
      from users a join users b on b.id = any(${sql.param(userIds)}::uuid[]) and b.id <> a.id
     where a.id = any(${sql.param(among)}::uuid[])
       and not (b.status = 'active' and (b.district_id = a.district_id or b.district_id in (
             select nb.district_id from network_districts na join network_districts nb on nb.network_id = na.network_id
              where na.district_id = a.district_id)))
     order by b.id limit 1`);
  return rows[0] ? { id: rows[0].id, otherName: rows[0].other_name } : null;
}

/** People the viewer may write to whose names start with the words typed, at most ten. */
export async function searchRecipients(
  db: Db,
  viewer: { userId: string; districtId: string; networkIds: string[] },
  prefix: string,
): Promise<PersonRow[]> {
  const { rows } = await db.execute<PersonRow>(sql`
    select u.id, u.name, d.name as district_name
      from profiles p
      join users u on u.id = p.user_id
      join organizations d on d.id = u.district_id
     where p.search_name @@ to_tsquery('simple', ${prefix})
       and u.id <> ${viewer.userId}
       and ${reachable(viewer.districtId, viewer.networkIds)}
     order by p.sort_name, u.id
     limit 10`);
  return rows;
}

/** Whether either person blocked the other. */
export async function blockBetween(db: Db | Tx, a: string, b: string): Promise<'a' | 'b' | null> {
  const { rows } = await db.execute<{ blocker_id: string }>(sql`
    select blocker_id from message_blocks
     where (blocker_id = ${a} and blocked_id = ${b}) or (blocker_id = ${b} and blocked_id = ${a})
     order by (blocker_id = ${a}) desc limit 1`);
  if (!rows[0]) return null;
  return rows[0].blocker_id === a ? 'a' : 'b';
}

/** Of the others, whether the person blocked any of them or any of them blocked the person. */
export async function blocksAmong(
  db: Db | Tx,
  userId: string,
  others: string[],
): Promise<{ byMe: boolean; ofMe: boolean }> {
  if (others.length === 0) return { byMe: false, ofMe: false };
  const { rows } = await db.execute<{ by_me: boolean; of_me: boolean }>(sql`
    select coalesce(bool_or(blocker_id = ${userId}), false) as by_me,
           coalesce(bool_or(blocked_id = ${userId}), false) as of_me
      from message_blocks
     where (blocker_id = ${userId} and blocked_id = any(${sql.param(others)}::uuid[]))
        or (blocked_id = ${userId} and blocker_id = any(${sql.param(others)}::uuid[]))`);
  return { byMe: rows[0]?.by_me ?? false, ofMe: rows[0]?.of_me ?? false };
}

/** The one-to-one conversation between two people, if they have one. */
export async function findPairConversation(tx: Tx, a: string, b: string): Promise<string | null> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select c.id from conversations c
     where exists (select 1 from conversation_participants x where x.conversation_id = c.id and x.user_id = ${a})
       and exists (select 1 from conversation_participants y where y.conversation_id = c.id and y.user_id = ${b})
       and not c.is_group
       and (select count(*) from conversation_participants z where z.conversation_id = c.id) = 2
     order by c.created_at limit 1`);
  return rows[0]?.id ?? null;
}

/** Creates a conversation of these people (the first its starter); three or more make a group. */
export async function insertConversation(tx: Tx, people: string[]): Promise<string> {
  const id = uuidv7();
  await tx.execute(sql`insert into conversations (id, created_by, is_group)
    values (${id}, ${people[0]}, ${people.length > 2})`);
  await tx.execute(sql`
    insert into conversation_participants (conversation_id, user_id, last_read_at)
    select ${id}, p, now() from unnest(${sql.param(people)}::uuid[]) as p`);
  return id;
}

/** A conversation's participants (ids, names, districts, status), its viewer's row marked. */
export async function participantsOf(
  db: Db | Tx,
  conversationId: string,
): Promise<Array<PersonRow & { status: string; district_id: string }>> {
  const { rows } = await db.execute<PersonRow & { status: string; district_id: string }>(sql`
    select u.id, u.name, d.name as district_name, u.status, u.district_id
      from conversation_participants cp
      join users u on u.id = cp.user_id
      join organizations d on d.id = u.district_id
     where cp.conversation_id = ${conversationId}
     order by cp.joined_at, u.name, u.id`);
  return rows;
}

export type ConversationRow = {
  id: string;
  joined_at: string;
  is_group: boolean;
  created_by: string;
  last_message_at: string;
  unread_count: number;
  last_read_at: string | null;
  people: PersonRow[];
  last_sender_name: string | null;
  last_text: string | null;
  last_created_at: string | null;
  blocked_by_me: boolean;
  blocked_me: boolean;
};

const conversationColumns = (viewerId: string) => sql`
  cp.conversation_id as id, cp.joined_at::text as joined_at,
  (select c.is_group from conversations c where c.id = cp.conversation_id) as is_group,
  (select c.created_by from conversations c where c.id = cp.conversation_id) as created_by,
  cp.last_message_at::text as last_message_at, cp.unread_count, cp.last_read_at::text as last_read_at,
  (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'district_name', d.name)
            order by o.joined_at, u.name), '[]'::json)
     from conversation_participants o join users u on u.id = o.user_id join organizations d on d.id = u.district_id
    where o.conversation_id = cp.conversation_id and o.user_id <> ${viewerId}) as people,
  lm.sender_name as last_sender_name, lm.body_text as last_text, lm.created_at::text as last_created_at,
  exists (select 1 from message_blocks b join conversation_participants o on o.user_id = b.blocked_id
           where b.blocker_id = ${viewerId} and o.conversation_id = cp.conversation_id) as blocked_by_me,
  exists (select 1 from message_blocks b join conversation_participants o on o.user_id = b.blocker_id
           where b.blocked_id = ${viewerId} and o.conversation_id = cp.conversation_id) as blocked_me`;

const lastMessage = sql`left join lateral (
    select u.name as sender_name, m.body_text, m.created_at from messages m join users u on u.id = m.sender_id
     where m.conversation_id = cp.conversation_id and m.created_at >= cp.joined_at
     order by m.created_at desc, m.id desc limit 1) lm on true`;

/** The viewer's conversations, most recently active first, one page read down the inbox index. */
export async function listConversations(
  db: Db,
  viewerId: string,
  options: { after?: { at: string; id: string }; limit: number },
): Promise<ConversationRow[]> {
  const after = options.after
    ? sql`and (cp.last_message_at, cp.conversation_id) < (${options.after.at}::timestamptz, ${options.after.id}::uuid)`
    : sql``;
  const { rows } = await db.execute<ConversationRow>(sql`
    select ${conversationColumns(viewerId)}
      from conversation_participants cp ${lastMessage}
     where cp.user_id = ${viewerId} ${after}
     order by cp.last_message_at desc, cp.conversation_id desc
     limit ${options.limit + 1}`);
  return rows;
}

/** One conversation as its participant sees it, or null when the viewer takes no part in it. */
export async function findConversation(
  db: Db | Tx,
  viewerId: string,
  conversationId: string,
): Promise<ConversationRow | null> {
  const { rows } = await db.execute<ConversationRow>(sql`
    select ${conversationColumns(viewerId)}
      from conversation_participants cp ${lastMessage}
     where cp.user_id = ${viewerId} and cp.conversation_id = ${conversationId}`);
  return rows[0] ?? null;
}

export type AttachmentRow = { id: string; filename: string; content_type: string; byte_size: number };

export type MessageRow = {
  id: string;
  attachments: AttachmentRow[] | null;
  conversation_id: string;
  sender_id: string;
  sender_name: string;
  sender_district_name: string | null;
  body_html: string;
  body_text: string;
  created_at: string;
};

const messageColumns = sql`m.id, m.conversation_id, m.sender_id, u.name as sender_name, d.name as sender_district_name,
  m.body_html, m.body_text, m.created_at::text as created_at,
  (select json_agg(json_build_object('id', a.id, 'filename', a.filename, 'content_type', f.content_type,
                                     'byte_size', f.byte_size) order by a.created_at, a.id)
     from message_attachments a join files f on f.key = a.file_key where a.message_id = m.id) as attachments`;

/**
 * A conversation's messages since the viewer joined it, newest first, a page at a time (the caller
 * checked the viewer takes part, and passes when they joined).
 */
export async function listMessages(
  db: Db,
  conversationId: string,
  options: { since: string; before?: { at: string; id: string }; limit: number },
): Promise<MessageRow[]> {
  const before = options.before
    ? sql`and (m.created_at, m.id) < (${options.before.at}::timestamptz, ${options.before.id}::uuid)`
    : sql``;
  const { rows } = await db.execute<MessageRow>(sql`
    select ${messageColumns}
      from messages m join users u on u.id = m.sender_id join organizations d on d.id = u.district_id
     where m.conversation_id = ${conversationId} and m.created_at >= ${options.since}::timestamptz ${before}
     order by m.created_at desc, m.id desc
     limit ${options.limit + 1}`);
  return rows;
}

/** One message, only if the viewer takes part in its conversation and had joined it when it was sent. */
export async function findMessageForParticipant(
  db: Db | Tx,
  viewerId: string,
  messageId: string,
): Promise<(MessageRow & { sender_district_id: string }) | null> {
  const { rows } = await db.execute<MessageRow & { sender_district_id: string }>(sql`
    select ${messageColumns}, m.sender_district_id
      from messages m join users u on u.id = m.sender_id join organizations d on d.id = u.district_id
     where m.id = ${messageId}
       and ${seenBy(viewerId)}`);
  return rows[0] ?? null;
}

/**
 * Saves a message and moves the conversation up every participant's inbox, counting it unread for
 * the others. A retry with the same idempotency key returns the message saved the first time.
 */
export async function insertMessage(
  tx: Tx,
  m: {
    conversationId: string;
    senderId: string;
    senderDistrictId: string;
    bodyMd: string;
    bodyHtml: string;
    bodyText: string;
    idempotencyKey: string | null;
  },
): Promise<{ id: string; created: boolean }> {
  const id = uuidv7();
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into messages (id, conversation_id, sender_id, sender_district_id, body_md, body_html, body_text, idempotency_key)
    values (${id}, ${m.conversationId}, ${m.senderId}, ${m.senderDistrictId}, ${m.bodyMd}, ${m.bodyHtml}, ${m.bodyText}, ${m.idempotencyKey})
    on conflict (sender_id, idempotency_key) do nothing
    returning id`);
  if (!rows[0]) {
    const { rows: earlier } = await tx.execute<{ id: string }>(sql`
      select id from messages where sender_id = ${m.senderId} and idempotency_key = ${m.idempotencyKey}`);
    return { id: earlier[0].id, created: false };
  }
  await tx.execute(sql`update conversations set last_message_at = now() where id = ${m.conversationId}`);
  await tx.execute(sql`
    update conversation_participants
       set last_message_at = now(),
           unread_count = case when user_id = ${m.senderId} then 0 else unread_count + 1 end,
           last_read_at = case when user_id = ${m.senderId} then now() else last_read_at end
     where conversation_id = ${m.conversationId}`);
  return { id, created: true };
}

export async function findMessage(db: Db | Tx, id: string): Promise<MessageRow | null> {
  const { rows } = await db.execute<MessageRow>(sql`
    select ${messageColumns}
      from messages m join users u on u.id = m.sender_id join organizations d on d.id = u.district_id
     where m.id = ${id}`);
  return rows[0] ?? null;
}

/** Marks the conversation read for the viewer; false when they take no part in it. */
export async function markRead(db: Db, viewerId: string, conversationId: string): Promise<boolean> {
  const { rows } = await db.execute<{ ok: number }>(sql`
    update conversation_participants set unread_count = 0, last_read_at = now()
     where conversation_id = ${conversationId} and user_id = ${viewerId}
    returning 1 as ok`);
  return rows.length > 0;
}

/** How many messages wait unread across the viewer's conversations. */
export async function unreadTotal(db: Db, viewerId: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    select coalesce(sum(unread_count), 0)::int as n from conversation_participants where user_id = ${viewerId}`);
  return rows[0]?.n ?? 0;
}

export type SearchRow = MessageRow & {
  snippet: string;
  people: PersonRow[];
};

/** The viewer's own messages (in conversations they take part in) matching the words, newest first. */
export async function searchMessages(
  db: Db,
  viewerId: string,
  options: { query: string; before?: { at: string; id: string }; limit: number },
): Promise<SearchRow[]> {
  const before = options.before
    ? sql`and (m.created_at, m.id) < (${options.before.at}::timestamptz, ${options.before.id}::uuid)`
    : sql``;
  const { rows } = await db.execute<SearchRow>(sql`
    select ${messageColumns},
      ts_headline('simple', m.body_text, websearch_to_tsquery('simple', ${options.query}),
        'StartSel=«, StopSel=», MaxWords=25, MinWords=8, ShortWord=2') as snippet,
      (select coalesce(json_agg(json_build_object('id', pu.id, 'name', pu.name, 'district_name', pd.name)
                order by o.joined_at, pu.name), '[]'::json)
         from conversation_participants o join users pu on pu.id = o.user_id join organizations pd on pd.id = pu.district_id
        where o.conversation_id = m.conversation_id and o.user_id <> ${viewerId}) as people
      from conversation_participants cp
      join messages m on m.conversation_id = cp.conversation_id
      join users u on u.id = m.sender_id join organizations d on d.id = u.district_id
     where cp.user_id = ${viewerId} and m.created_at >= cp.joined_at
       and m.search @@ websearch_to_tsquery('simple', ${options.query}) ${before}
     order by m.created_at desc, m.id desc
     limit ${options.limit + 1}`);
  return rows;
}

/** Blocks a person; blocking twice changes nothing. */
export async function insertBlock(tx: Tx, blockerId: string, blockedId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    insert into message_blocks (blocker_id, blocked_id) values (${blockerId}, ${blockedId})
    on conflict do nothing returning 1`);
  return rows.length > 0;
}

export async function deleteBlock(tx: Tx, blockerId: string, blockedId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    delete from message_blocks where blocker_id = ${blockerId} and blocked_id = ${blockedId} returning 1`);
  return rows.length > 0;
}

export async function listBlocks(
  db: Db,
  blockerId: string,
): Promise<Array<PersonRow & { blocked_at: string }>> {
  const { rows } = await db.execute<PersonRow & { blocked_at: string }>(sql`
    select u.id, u.name, d.name as district_name, b.created_at::text as blocked_at
      from message_blocks b join users u on u.id = b.blocked_id join organizations d on d.id = u.district_id
     where b.blocker_id = ${blockerId}
     order by b.created_at desc, u.id
     limit 500`);
  return rows;
}

/** Reports one message to its sender's district; null when the reporter's report of it is still open. */
export async function insertReport(
  tx: Tx,
  r: {
    messageId: string;
    districtId: string;
    reporterId: string;
    senderId: string;
    reason: string;
    text: string;
    sentAt: string;
  },
): Promise<string | null> {
  const id = uuidv7();
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into message_reports (id, message_id, district_id, reporter_id, sender_id, reason, message_text, message_sent_at)
    values (${id}, ${r.messageId}, ${r.districtId}, ${r.reporterId}, ${r.senderId}, ${r.reason}, ${r.text}, ${r.sentAt}::timestamptz)
    on conflict (message_id, reporter_id) where resolved_at is null do nothing
    returning id`);
  return rows[0]?.id ?? null;
}

export type ReportRow = {
  id: string;
  reason: string;
  created_at: string;
  reporter_id: string;
  reporter_name: string;
  reporter_district: string | null;
  sender_id: string;
  sender_name: string;
  sender_district: string | null;
  message_text: string;
  message_sent_at: string;
};

/** A district's open reports, oldest first, a page at a time. */
export async function listOpenReports(
  db: Db,
  districtId: string,
  options: { after?: { at: string; id: string }; limit: number },
): Promise<ReportRow[]> {
  const after = options.after
    ? sql`and (r.created_at, r.id) > (${options.after.at}::timestamptz, ${options.after.id}::uuid)`
    : sql``;
  const { rows } = await db.execute<ReportRow>(sql`
    select r.id, r.reason, r.created_at::text as created_at, r.reporter_id, ru.name as reporter_name,
           rd.name as reporter_district, r.sender_id, su.name as sender_name, sd.name as sender_district,
           r.message_text, r.message_sent_at::text as message_sent_at
      from message_reports r
      join users ru on ru.id = r.reporter_id join organizations rd on rd.id = ru.district_id
      join users su on su.id = r.sender_id join organizations sd on sd.id = su.district_id
     where r.district_id = ${districtId} and r.resolved_at is null ${after}
     order by r.created_at, r.id
     limit ${options.limit + 1}`);
  return rows;
}

/** Resolves an open report of the district; false when there is none by that id. */
export async function resolveReport(
  tx: Tx,
  districtId: string,
  reportId: string,
  by: string,
): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    update message_reports set resolved_at = now(), resolved_by = ${by}
     where id = ${reportId} and district_id = ${districtId} and resolved_at is null
    returning 1`);
  return rows.length > 0;
}

/** The days a district keeps messages, or null. */
export async function retentionDays(db: Db, districtId: string): Promise<number | null> {
  const { rows } = await db.execute<{ days: number }>(sql`
    select days from retention_settings where district_id = ${districtId} and kind = 'messages'`);
  return rows[0]?.days ?? null;
}

/** Whether two people take part in a conversation together. */
export async function sharesConversation(db: Db | Tx, a: string, b: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    select 1 from conversation_participants x join conversation_participants y on y.conversation_id = x.conversation_id
     where x.user_id = ${a} and y.user_id = ${b} limit 1`);
  return rows.length > 0;
}

/**
 * Whether the viewer may read message `m`: they take part in its conversation and had joined it
 * when it was sent. Messages written before someone was added are not theirs to read.
 */
export const seenBy = (viewerId: string) => sql`exists (select 1 from conversation_participants cp
  where cp.conversation_id = m.conversation_id and cp.user_id = ${viewerId} and cp.joined_at <= m.created_at)`;

// ─── Attachments ────────────────────────────────────────────────────────────────────────────────

/** Records an uploaded file and its attachment, which no message carries yet. */
export async function insertAttachment(
  tx: Tx,
  a: { id: string; key: string; uploaderId: string; contentType: string; byteSize: number; filename: string },
): Promise<void> {
  await tx.execute(sql`insert into files (key, owner_id, content_type, byte_size)
    values (${a.key}, ${a.uploaderId}, ${a.contentType}, ${a.byteSize})`);
  await tx.execute(sql`insert into message_attachments (id, message_id, uploader_id, file_key, filename)
    values (${a.id}, null, ${a.uploaderId}, ${a.key}, ${a.filename})`);
}

/** Puts the sender's own unsent uploads on a message; false (nothing changed) when one is not. */
export async function claimAttachments(
  tx: Tx,
  senderId: string,
  messageId: string,
  ids: string[],
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    update message_attachments set message_id = ${messageId}
     where id = any(${sql.param(ids)}::uuid[]) and uploader_id = ${senderId} and message_id is null
    returning id`);
  return rows.length === ids.length;
}

/**
 * An attachment the viewer may fetch now: their own upload not yet sent, or one carried by a message
 * they may read (they take part in its conversation and had joined it when it was sent). Null otherwise.
 */
export async function findReadableAttachment(db: Db, viewerId: string, id: string) {
  const { rows } = await db.execute<{ file_key: string; filename: string; content_type: string }>(sql`
    select a.file_key, a.filename, f.content_type
      from message_attachments a join files f on f.key = a.file_key
      left join messages m on m.id = a.message_id
     where a.id = ${id}
       and ((a.message_id is null and a.uploader_id = ${viewerId})
            or (m.id is not null and ${seenBy(viewerId)}))`);
  return rows[0] ?? null;
}

/**
 * Deletes up to `limit` attachments no message carries that are older than `hours` (uploads never
 * sent; files of messages deleted after retention) with their file rows; returns their storage keys.
 */
export async function deleteLooseAttachments(tx: Tx, hours: number, limit: number): Promise<string[]> {
  const { rows } = await tx.execute<{ file_key: string }>(sql`
    delete from message_attachments where id in (
      select id from message_attachments
       where message_id is null and created_at < now() - make_interval(hours => ${hours})
       order by created_at limit ${limit}
         for update skip locked)
    returning file_key`);
  const keys = rows.map((r) => r.file_key);
  if (keys.length > 0) await tx.execute(sql`delete from files where key = any(${sql.param(keys)}::text[])`);
  return keys;
}

// ─── Members ────────────────────────────────────────────────────────────────────────────────────

/** Locks the conversation's row so member changes to it happen one at a time. */
export async function lockConversation(tx: Tx, conversationId: string): Promise<void> {
  await tx.execute(sql`select 1 from conversations where id = ${conversationId} for update`);
}

/** Of the people named, one with a block either way with someone in `among`, and that person's name. */
export async function blockedPair(
  db: Db | Tx,
  userIds: string[],
  among: string[],
): Promise<{ id: string; otherName: string } | null> {
  const { rows } = await db.execute<{ id: string; other_name: string }>(sql`
    select n.id, u.name as other_name
      from unnest(${sql.param(userIds)}::uuid[]) as n(id)
      join message_blocks b on (b.blocker_id = n.id and b.blocked_id = any(${sql.param(among)}::uuid[]))
                            or (b.blocked_id = n.id and b.blocker_id = any(${sql.param(among)}::uuid[]))
      join users u on u.id = case when b.blocker_id = n.id then b.blocked_id else b.blocker_id end
     order by n.id limit 1`);
  return rows[0] ? { id: rows[0].id, otherName: rows[0].other_name } : null;
}

/**
 * Adds people to a conversation: they read what is sent from now on, and it shows in their inbox
 * at the conversation's place.
 */
export async function insertParticipants(tx: Tx, conversationId: string, userIds: string[]): Promise<void> {
  await tx.execute(sql`
    insert into conversation_participants (conversation_id, user_id, last_message_at, last_read_at, joined_at)
    select ${conversationId}, p, c.last_message_at, now(), now()
      from unnest(${sql.param(userIds)}::uuid[]) as p, conversations c where c.id = ${conversationId}`);
}

/** Takes a person out of a conversation; false when they were not in it. */
export async function deleteParticipant(tx: Tx, conversationId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    delete from conversation_participants where conversation_id = ${conversationId} and user_id = ${userId}
    returning 1`);
  return rows.length > 0;
}
