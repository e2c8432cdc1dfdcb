import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '#server/platform/auth.ts';
import type { MentorshipAbilities, MentorshipStatus } from '#shared/contracts/mentoring.ts';

/**
 * Who may see and do what in mentoring (decision 088).
 *
 * - A mentorship's pair (mentee and mentor) alone read and write its private space: goals, meeting
 *   notes, check-ins. Either may end it.
 * - A coordinator is an administrator of the mentee's district, or of a network the district belongs
 *   to. They see requests, proposals, load and whether pairs meet, never what the pair wrote; they
 *   match, confirm and re-match.
 * - The mentee's district approves a mentor from another district (unless the network decides
 *   otherwise): its administrators are the approvers.
 * - Anyone else is told the mentorship does not exist (404).
 */
export type MentoringActor = Pick<Actor, 'userId' | 'districtId' | 'roles' | 'networkAdminOf'>;

export interface MentorshipAccess {
  id: string;
  requestId: string;
  status: MentorshipStatus;
  menteeId: string;
  mentorId: string;
  menteeDistrictId: string;
  mentorDistrictId: string;
  /** The viewer is the mentee or the mentor. */
  pair: 'mentee' | 'mentor' | null;
  /** The viewer coordinates mentoring for the mentee's district. */
  coordinator: boolean;
  /** The viewer administers the mentee's district, which approves a mentor from elsewhere. */
  approver: boolean;
}

const administersDistrict = (actor: MentoringActor, districtId: string) =>
  actor.districtId === districtId &&
  (actor.roles.includes('district_admin') || actor.roles.includes('platform_admin'));

/** Whether the actor coordinates mentoring for a district: its administrators and its networks'. */
export function coordinates(
  actor: MentoringActor,
  district: { id: string; networkIds: readonly string[] },
): boolean {
  return (
    administersDistrict(actor, district.id) ||
    district.networkIds.some((n) => actor.networkAdminOf.includes(n))
  );
}

/** Whether the actor coordinates mentoring anywhere (their district, or a network they administer). */
export const isCoordinator = (actor: MentoringActor) =>
  administersDistrict(actor, actor.districtId) || actor.networkAdminOf.length > 0;

/** SQL: the district column names one the actor coordinates (mirrors `coordinates`). */
export function coordinatedDistrictSql(actor: MentoringActor, column: SQL): SQL {
  const own = administersDistrict(actor, actor.districtId)
    ? sql`${column} = ${actor.districtId}`
    : sql`false`;
  if (!actor.networkAdminOf.length) return sql`(${own})`;
  return sql`(${own} or ${column} in (select nd.district_id from network_districts nd
                                        where nd.network_id = any(${sql.param(actor.networkAdminOf)}::uuid[])))`;
}

export const isApprover = (actor: MentoringActor, menteeDistrictId: string) =>
  administersDistrict(actor, menteeDistrictId);

/** The viewer may see the mentorship at all (else 404). */
export const canSee = (a: MentorshipAccess) => a.pair !== null || a.coordinator || a.approver;
/** The pair's private space: goals, meetings with their notes, check-ins. */
export const canReadPrivate = (a: MentorshipAccess) => a.pair !== null;
export const canWritePrivate = (a: MentorshipAccess) => a.pair !== null && a.status === 'active';

export function abilitiesOf(a: MentorshipAccess): MentorshipAbilities {
  const proposed = a.status === 'proposed';
  const awaiting = a.status === 'awaiting_approval';
  return {
    pair: canReadPrivate(a),
    confirm: proposed && (a.pair === 'mentee' || a.coordinator),
    decline: (proposed && (a.pair === 'mentee' || a.coordinator)) || (awaiting && a.approver),
    approve: awaiting && a.approver,
    end: a.pair !== null && (a.status === 'active' || awaiting),
    rematch: a.coordinator && a.status !== 'proposed',
  };
}
