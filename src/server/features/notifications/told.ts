import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';

type Exec = Pick<Tx, 'execute'>;

/**
 * Who has been told already: the people holding a notification of this kind whose data carries every
 * one of the given values (a feature that tells people of something once asks here first).
 */
export async function peopleTold(tx: Exec, kind: string, data: Record<string, string>): Promise<string[]> {
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    select distinct user_id from notifications where kind = ${kind} and data @> ${JSON.stringify(data)}::jsonb`);
  return rows.map((r) => r.user_id);
}
