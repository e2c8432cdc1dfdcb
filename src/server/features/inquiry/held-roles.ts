import { type SQL, sql } from 'drizzle-orm';

/**
 * How many lesson studies the person has led (facilitated), as SQL for other features' statements
 * (a pathway's roles held): read from their own memberships, so it walks their rows alone.
 */
export function ledLessonStudyCountSql(userId: SQL): SQL {
  return sql`(select count(*) from inquiry_cycle_members icm
     join inquiry_cycles ic on ic.id = icm.cycle_id
     where icm.user_id = ${userId} and icm.role = 'facilitator' and ic.kind = 'lesson_study')`;
}
