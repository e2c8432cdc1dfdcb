import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { CycleKind, CycleStatus } from '#shared/contracts/inquiry.ts';

/**
 * Who may see and do what in an inquiry cycle. A cycle's working materials are its members' and
 * its community's facilitators' only: anyone else is told the cycle does not exist (404). Every
 * route, list and panel of the feature (and its plan, observation and PDSA parts) asks these.
 *
 * - The cycle's facilitator sets phases and dates, adds and removes members, assigns reflection roles.
 * - Members take part: edit the Study phase, add readings, speak in the reflection.
 * - The community's facilitators may read everything and steer like the cycle's facilitator.
 */
export type CycleRoleOf = 'facilitator' | 'member' | 'community_facilitator';

export interface CycleAccess {
  role: CycleRoleOf;
  cycleId: string;
  kind: CycleKind;
  status: CycleStatus;
  communityId: string;
  facilitatorId: string;
}

type Viewer = Pick<Actor, 'userId'>;

/** Whether the person steers the cycle: dates, members, roles, moving to the next phase. */
export const canFacilitateCycle = (access: CycleAccess) => access.role !== 'member';

/** Whether the person may add to the cycle's working materials. */
export const canContribute = (access: CycleAccess) => access.status === 'active';

/**
 * The viewer's part in a cycle, or null when they have none (and must be answered 404). A member
 * row of role facilitator is the cycle's facilitator; an active facilitator of the cycle's community
 * who is not on the team reads and steers as `community_facilitator`.
 */
export async function cycleAccess(tx: Tx, actor: Viewer, cycleId: string): Promise<CycleAccess | null> {
  const { rows } = await tx.execute<{
    id: string;
    kind: CycleKind;
    status: CycleStatus;
    community_id: string;
    facilitator_id: string;
    my_role: 'facilitator' | 'member' | null;
    community_facilitator: boolean;
  }>(sql`
    select c.id, c.kind, c.status, c.community_id, c.facilitator_id, m.role as my_role,
           exists (select 1 from community_members cm where cm.community_id = c.community_id
                    and cm.user_id = ${actor.userId} and cm.status = 'active' and cm.role = 'facilitator')
             as community_facilitator
      from inquiry_cycles c
      left join inquiry_cycle_members m on m.cycle_id = c.id and m.user_id = ${actor.userId}
     where c.id = ${cycleId}`);
  const row = rows[0];
  if (!row) return null;
  const role = cycleRoleOf(actor, row);
  if (!role) return null;
  return {
    role,
    cycleId: row.id,
    kind: row.kind,
    status: row.status,
    communityId: row.community_id,
    facilitatorId: row.facilitator_id,
  };
}

/**
 * The viewer's part in a cycle from its row, their member row's role and whether they facilitate its
 * community: null when they have none.
 */
export function cycleRoleOf(
  actor: Viewer,
  row: { facilitator_id: string; my_role: 'facilitator' | 'member' | null; community_facilitator: boolean },
): CycleRoleOf | null {
  if (row.facilitator_id === actor.userId) return 'facilitator';
  if (row.my_role) return row.my_role;
  return row.community_facilitator ? 'community_facilitator' : null;
}

/**
 * SQL condition on an inquiry_cycles alias: the viewer may read the cycle (mirrors cycleAccess): a
 * member of its team, or an active facilitator of its community.
 */
export function readableCycleSql(actor: Viewer, c = 'c'): SQL {
  const alias = sql.raw(c);
  return sql`(exists (select 1 from inquiry_cycle_members rm where rm.cycle_id = ${alias}.id and rm.user_id = ${actor.userId})
    or exists (select 1 from community_members rf where rf.community_id = ${alias}.community_id
      and rf.user_id = ${actor.userId} and rf.status = 'active' and rf.role = 'facilitator'))`;
}
