/**
 * The rules of district administration, as pure functions. Services call them; routes and the web
 * app never re-derive them (the web app reads the abilities they produce).
 */
import type { Role } from '#server/db/schema.ts';
import type { StaffAbilities } from '#shared/contracts/admin.ts';

/** The part of an actor these rules read. */
export interface PolicyActor {
  userId: string;
  districtId: string;
  roles: readonly Role[];
}

export interface StaffTarget {
  id: string;
  districtId: string;
  status: 'active' | 'deactivated';
  roles: readonly Role[];
}

const administers = (actor: PolicyActor) =>
  actor.roles.includes('district_admin') || actor.roles.includes('platform_admin');

/** Whether the actor administers this district: a district (or platform) admin whose home it is. */
export function canAdministerDistrict(actor: PolicyActor | null, districtId: string): boolean {
  return actor !== null && administers(actor) && actor.districtId === districtId;
}

/** Archived schools are an administrator's concern; everyone else sees the open ones. */
export function canSeeArchivedSchools(actor: PolicyActor | null): boolean {
  return actor !== null && canAdministerDistrict(actor, actor.districtId);
}

/**
 * The development mail viewer: only when the operator turned it on (never in production), only for
 * district or platform admins. Which messages each may read, the outbox route decides.
 */
export function canReadOutbox(actor: PolicyActor | null, outboxEnabled: boolean): boolean {
  return outboxEnabled && actor !== null && administers(actor);
}

/** Why a role change must not happen, or null when it may. */
export function roleChangeRefusal(args: {
  target: StaffTarget;
  newRole: Role;
  /** Active district admins of the district other than the target. */
  otherActiveAdmins: number;
}): string | null {
  const losesAdmin = args.target.roles.includes('district_admin') && args.newRole !== 'district_admin';
  if (losesAdmin && args.target.status === 'active' && args.otherActiveAdmins === 0)
    return 'A district needs at least one active administrator; make someone else an administrator first.';
  return null;
}

/** Why a deactivation must not happen, or null when it may. */
export function deactivationRefusal(args: {
  actor: PolicyActor;
  target: StaffTarget;
  otherActiveAdmins: number;
}): string | null {
  if (args.actor.userId === args.target.id) return 'You cannot deactivate your own account.';
  if (
    args.target.roles.includes('district_admin') &&
    args.target.status === 'active' &&
    args.otherActiveAdmins === 0
  )
    return 'A district needs at least one active administrator.';
  return null;
}

/** What the actor may do to one staff member: shown as controls, enforced by the service. */
export function staffAbilities(actor: PolicyActor, target: StaffTarget): StaffAbilities {
  const admin = canAdministerDistrict(actor, target.districtId);
  return {
    changeRole: admin,
    deactivate: admin && target.status === 'active' && target.id !== actor.userId,
    reactivate: admin && target.status === 'deactivated',
  };
}

export type InviteOutcome =
  /** Create the invitation and email it. */
  | 'invite'
  /** The address belongs to one of the admin's own staff. */
  | 'already_member'
  /** The admin's district already has an open invitation for the address. */
  | 'already_invited'
  /**
   * The address belongs to another district's account: answer exactly as if invited and send nothing,
   * so no one learns which addresses have accounts elsewhere.
   */
  | 'pretend';

/** How to answer an invitation to an address, given what already holds it. */
export function inviteOutcome(args: {
  actorDistrictId: string;
  existingUser: { districtId: string } | null;
  openInvitation: { districtId: string } | null;
}): InviteOutcome {
  if (args.existingUser)
    return args.existingUser.districtId === args.actorDistrictId ? 'already_member' : 'pretend';
  if (args.openInvitation)
    return args.openInvitation.districtId === args.actorDistrictId ? 'already_invited' : 'pretend';
  return 'invite';
}
