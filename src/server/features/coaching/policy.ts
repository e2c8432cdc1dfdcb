import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { CoachingAbilities, CoachingPhase, CoachingRole } from '#shared/contracts/coaching.ts';

/**
 * Who may see and do what in a coaching cycle (decision 076). A cycle is its teacher's and the
 * people they invited: anyone else, their district's administrators included, is told it does not
 * exist (404). Every route and list of the feature asks these, and lists ask `readableCoachingCycleSql`.
 *
 * - The teacher manages the cycle: title and focus, who is in it, closing it.
 * - The teacher and their coaches steer it between phases.
 * - Everyone in an open cycle contributes: conferences, observations, actions, comments.
 */
export interface CoachingAccess {
  cycleId: string;
  role: CoachingRole;
  teacherId: string;
  phase: CoachingPhase;
}

type Viewer = Pick<Actor, 'userId'>;

export const canManage = (access: CoachingAccess) => access.role === 'teacher';
export const canSteer = (access: CoachingAccess) => access.role !== 'peer';
export const isOpen = (access: CoachingAccess) => access.phase !== 'completed';
export const canContribute = (access: CoachingAccess) => isOpen(access);

export const abilitiesOf = (access: CoachingAccess): CoachingAbilities => ({
  role: access.role,
  manage: canManage(access) && isOpen(access),
  steer: canSteer(access),
  contribute: canContribute(access),
});

/** The viewer's part in the cycle, or null when they have none (and must be answered 404). */
export async function coachingAccess(
  tx: Pick<Tx, 'execute'>,
  viewer: Viewer,
  cycleId: string,
): Promise<CoachingAccess | null> {
  const { rows } = await tx.execute<{
    id: string;
    role: CoachingRole;
    teacher_id: string;
    phase: CoachingPhase;
  }>(sql`
    select c.id, m.role, c.teacher_id, c.phase
      from coaching_cycles c
      join coaching_cycle_members m on m.cycle_id = c.id and m.user_id = ${viewer.userId}
     where c.id = ${cycleId}`);
  const row = rows[0];
  return row ? { cycleId: row.id, role: row.role, teacherId: row.teacher_id, phase: row.phase } : null;
}

/** SQL condition on a coaching_cycles alias: the viewer is in the cycle (mirrors coachingAccess). */
export function readableCoachingCycleSql(viewer: Viewer, c = 'c'): SQL {
  return sql`exists (select 1 from coaching_cycle_members rm where rm.cycle_id = ${sql.raw(c)}.id and rm.user_id = ${viewer.userId})`;
}
