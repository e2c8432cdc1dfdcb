import type { SQL } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { mentoredCountSql, mentoringMinutesInPeriod } from '#server/features/mentoring/index.ts';

/** SQL: how many mentorships the person has held as mentor, for roles-held requirements. */
export const mentorshipsAsMentorSql = (userId: SQL): SQL => mentoredCountSql(userId);

/**
 * The minutes each mentor met their mentees in the period, for mentorships the district pays: the
 * mentee's district pays for mentoring across districts (features/mentoring), and mentors are paid.
 */
export async function mentoringMinutesByPerson(
  db: Db,
  period: { districtId: string; from: string; to: string },
): Promise<{ userId: string; minutes: number }[]> {
  const rows = await mentoringMinutesInPeriod(db, {
    from: period.from,
    to: period.to,
    payingDistrictId: period.districtId,
  });
  const byMentor = new Map<string, number>();
  for (const r of rows)
    if (r.side === 'mentor') byMentor.set(r.userId, (byMentor.get(r.userId) ?? 0) + r.minutes);
  return [...byMentor].map(([userId, minutes]) => ({ userId, minutes }));
}
