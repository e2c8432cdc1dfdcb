import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';

/** Whether the person takes part in the conversation. */
export async function isParticipant(db: Db | Tx, userId: string, conversationId: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    select 1 from conversation_participants where conversation_id = ${conversationId} and user_id = ${userId}`);
  return rows.length > 0;
}
