import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '#server/platform/auth.ts';

/**
 * Who may see and do what in a community. Every route, list, search, feed, notification and email
 * asks these functions (or their SQL mirrors below); nothing re-implements them.
 *
 * - Open communities are listed and read by everyone in the owner's scope (the owning district,
 *   whose schools included, or every district of the owning network); posting needs membership.
 * - By-request communities are listed in scope, but only members read them.
 * - Invitation communities are seen by their members and invitees alone.
 */
export interface CommunityAccess {
  joinPolicy: 'open' | 'request' | 'invitation';
  ownerKind: 'school' | 'district' | 'network';
  ownerId: string;
  /** The owner's district; null for a network owner. */
  districtId: string | null;
  archivedAt: Date | string | null;
  /** The viewer's own row in community_members, if any. */
  membership: { status: string; role: 'facilitator' | 'member' } | null;
}

type Viewer = Pick<Actor, 'userId' | 'districtId' | 'networkIds'>;

/** Whether the viewer belongs to the community's owner: its district, or a district of its network. */
export function inScope(actor: Viewer, c: CommunityAccess): boolean {
  return c.ownerKind === 'network' ? actor.networkIds.includes(c.ownerId) : c.districtId === actor.districtId;
}

export const isMember = (c: CommunityAccess) => c.membership?.status === 'active';

export const isFacilitator = (c: CommunityAccess) => isMember(c) && c.membership?.role === 'facilitator';

/** Whether the community's name, purpose and facilitators may be shown (its page and listing). */
export function canSeeCommunity(actor: Viewer, c: CommunityAccess): boolean {
  if (isMember(c) || c.membership?.status === 'invited') return true;
  return c.joinPolicy !== 'invitation' && inScope(actor, c);
}

/** Whether threads, posts, attachments and the member list may be read. */
export function canReadContent(actor: Viewer, c: CommunityAccess): boolean {
  return isMember(c) || (c.joinPolicy === 'open' && inScope(actor, c));
}

export const isArchived = (c: CommunityAccess) => c.archivedAt !== null;

/** Whether the viewer may start threads, reply and react. */
export const canParticipate = (c: CommunityAccess) => isMember(c) && !isArchived(c);

/** Facilitators manage members, moderate, pin, lock, move and archive. */
export const canFacilitate = (c: CommunityAccess) => isFacilitator(c);

/** Joining at once: open communities in scope, or accepting an invitation. */
export function canJoinNow(actor: Viewer, c: CommunityAccess): boolean {
  if (isArchived(c) || isMember(c)) return false;
  if (c.membership?.status === 'invited') return true;
  return c.joinPolicy === 'open' && inScope(actor, c) && c.membership?.status !== 'removed';
}

/** Asking to join: by-request communities in scope, unless already asked, a member or removed. */
export function canRequestToJoin(actor: Viewer, c: CommunityAccess): boolean {
  if (isArchived(c) || c.joinPolicy !== 'request' || !inScope(actor, c)) return false;
  return !['active', 'requested', 'removed'].includes(c.membership?.status ?? '');
}

// ─── SQL mirrors ────────────────────────────────────────────────────────────────────────────────

/** SQL: `c` (a communities row alias) is in the viewer's scope. */
function inScopeSql(actor: Viewer, c: string): SQL {
  const alias = sql.raw(c);
  const networks = actor.networkIds.length ? actor.networkIds : ['00000000-0000-0000-0000-000000000000'];
  return sql`((${alias}.owner_kind = 'network' and ${alias}.owner_id = any(${sql.param(networks)}::uuid[]))
    or (${alias}.owner_kind <> 'network' and ${alias}.district_id = ${actor.districtId}))`;
}

/**
 * SQL: the ids of every community whose content the viewer may read (mirrors canReadContent).
 * Use as `x.community_id in (${readableCommunityIds(actor)})`.
 */
export function readableCommunityIds(actor: Viewer): SQL {
  return sql`select rc.id from communities rc
     where rc.join_policy = 'open' and ${inScopeSql(actor, 'rc')}
    union
    select rm.community_id from community_members rm where rm.user_id = ${actor.userId} and rm.status = 'active'`;
}

/**
 * SQL condition on a communities alias: the viewer may read its content (mirrors canReadContent).
 * Asked of a few rows (a page of the feed), where `readableCommunityIds` would list every open
 * community of a network.
 */
export function readableCommunitySql(actor: Viewer, c = 'c'): SQL {
  const alias = sql.raw(c);
  // The row's own columns first: PostgreSQL evaluates an OR in order, so an open community in scope
  // (most of what is asked) is answered without probing the memberships.
  return sql`(${openInScopeSql(actor, c)}
    or exists (select 1 from community_members rm where rm.community_id = ${alias}.id
      and rm.user_id = ${actor.userId} and rm.status = 'active'))`;
}

/**
 * SQL condition on a communities alias: open and in the viewer's scope, readable without a
 * membership. `readableCommunitySql` is this or an active membership; for a caller that already
 * holds the viewer's active memberships (the feed's audiences), asking them there and this of the
 * row is the same rule without a membership probe per row.
 */
export function openInScopeSql(actor: Viewer, c = 'c'): SQL {
  return sql`(${sql.raw(c)}.join_policy = 'open' and ${inScopeSql(actor, c)})`;
}

/** SQL condition on a communities alias: the viewer may see the community (mirrors canSeeCommunity). */
export function visibleCommunitySql(actor: Viewer, c = 'c'): SQL {
  const alias = sql.raw(c);
  return sql`(exists (select 1 from community_members vm where vm.community_id = ${alias}.id
      and vm.user_id = ${actor.userId} and vm.status in ('active', 'invited'))
    or (${alias}.join_policy <> 'invitation' and ${inScopeSql(actor, c)}))`;
}

/** SQL condition: the person `u` (a users alias) belongs to the owner of community `c`. */
const personInScopeSql = sql`((c.owner_kind = 'network' and exists (select 1 from network_districts nd
      where nd.network_id = c.owner_id and nd.district_id = u.district_id))
    or (c.owner_kind <> 'network' and c.district_id = u.district_id))`;

/**
 * SQL: which of these people may read the community's content now, for notifications and email
 * (mirrors canReadContent for other people; deactivated accounts never qualify).
 */
export function readersAmong(communityId: string, userIds: string[]): SQL {
  return sql`select u.id from users u
     join communities c on c.id = ${communityId}
     where u.id = any(${sql.param(userIds)}::uuid[]) and u.status = 'active'
       and (exists (select 1 from community_members m where m.community_id = c.id and m.user_id = u.id and m.status = 'active')
         or (c.join_policy = 'open' and ${personInScopeSql}))`;
}

/**
 * SQL: which of these people may see the community now, for email about the community itself (an
 * invitation, a request) rather than its content (mirrors canSeeCommunity for other people).
 */
export function seersAmong(communityId: string, userIds: string[]): SQL {
  return sql`select u.id from users u
     join communities c on c.id = ${communityId}
     where u.id = any(${sql.param(userIds)}::uuid[]) and u.status = 'active'
       and (exists (select 1 from community_members m where m.community_id = c.id and m.user_id = u.id
                      and m.status in ('active', 'invited'))
         or (c.join_policy <> 'invitation' and ${personInScopeSql}))`;
}
