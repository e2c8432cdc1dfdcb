import { type SQL, sql } from 'drizzle-orm';

/**
 * The minutes a person's learning log counts, as SQL other features evaluate inside their own
 * statements (a pathway's hours requirement): logged entries that show (not merged, not voided), of
 * one kind and one competency when given, on or after `since` when given. Drafts count nowhere.
 */
export function loggedMinutesSql(args: { userId: SQL; kind: SQL; competencyId: SQL; since: SQL }): SQL {
  return sql`(select coalesce(sum(e.duration_minutes), 0) from learning_entries e
     where e.user_id = ${args.userId} and e.status = 'logged'
       and e.merged_into_id is null and e.voided_at is null
       and (${args.kind}::text is null or e.kind = ${args.kind})
       and (${args.competencyId}::uuid is null or ${args.competencyId} = any(e.competency_ids))
       and (${args.since}::timestamptz is null or e.occurred_at >= ${args.since}))`;
}
