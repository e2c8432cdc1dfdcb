import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';

/** Whether the person takes part in the conversation. */
export async function isParticipant(db: Db | Tx, userId: string, conversationId: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    select 1 from conversation_participants where conversation_id = ${conversationId} and user_id = ${userId}`);
  return rows.length > 0;
}

/**
 * A message as its recipient may still read it: they take part in its conversation and no block
 * stands between them and its sender. Null otherwise.
 */
export async function emailableMessage(
  db: Db | Tx,
  recipientId: string,
  messageId: string,
): Promise<{ body_text: string; body_html: string } | null> {
  const { rows } = await db.execute<{ body_text: string; body_html: string }>(sql`
    select m.body_text, m.body_html from messages m
     where m.id = ${messageId}
       and exists (select 1 from conversation_participants cp
                    where cp.conversation_id = m.conversation_id and cp.user_id = ${recipientId}
                      and cp.joined_at <= m.created_at)
       and not exists (select 1 from message_blocks b
                        where (b.blocker_id = ${recipientId} and b.blocked_id = m.sender_id)
                           or (b.blocker_id = m.sender_id and b.blocked_id = ${recipientId}))`);
  return rows[0] ?? null;
}
