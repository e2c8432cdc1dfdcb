/**
 * Who sees a learning entry (decision 051): a person's log is private to them and to those who
 * approve their credit. Leaders see aggregates only, never entries. Only the person changes their
 * entries, and never while credit locks them.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '#server/platform/auth.ts';

/** SQL over a `learning_entries` row aliased by `e`: whether the actor may read it. */
export function mayReadEntrySql(actor: Pick<Actor, 'userId' | 'districtId'>, e: SQL): SQL {
  return sql`(${e}.user_id = ${actor.userId} and ${e}.district_id = ${actor.districtId})`;
}
