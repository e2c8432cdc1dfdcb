import { type SQL, sql } from 'drizzle-orm';

/** How many communities the person facilitates now, as SQL for other features' statements (a pathway's roles held). */
export function facilitatedCommunityCountSql(userId: SQL): SQL {
  return sql`(select count(*) from community_members cm
     where cm.user_id = ${userId} and cm.role = 'facilitator' and cm.status = 'active')`;
}
