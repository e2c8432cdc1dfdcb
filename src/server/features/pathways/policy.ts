import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '#server/platform/auth.ts';

/**
 * Who may see and do what in pathways (decision 086).
 *
 * - A ladder belongs to a district or a network: its administrators define it, and it is open to
 *   the staff of that district or of the network's districts.
 * - Where a person stands is theirs: they see it, and their district's administrators see it to
 *   confirm what is confirmed by hand. A reviewer sees an applicant's standing only when the
 *   applicant chose to share it.
 * - An opportunity belongs to a district and is seen by its staff. District administrators post
 *   them anywhere in the district, a principal for their own schools; whoever posted it, the
 *   district's administrators and the school's principal review its applications. Whoever posted it
 *   and the district's administrators may close it early, and reopen it before its closing date.
 * - The roles people hold are shared leadership: staff of the district and of its networks see them.
 */
type Viewer = Pick<Actor, 'userId' | 'districtId' | 'roles' | 'schoolIds' | 'networkIds' | 'networkAdminOf'>;

export const isDistrictAdmin = (actor: Viewer, districtId: string) =>
  actor.districtId === districtId && actor.roles.includes('district_admin');

export const canDefineLadder = (actor: Viewer, ownerOrgId: string) =>
  isDistrictAdmin(actor, ownerOrgId) || actor.networkAdminOf.includes(ownerOrgId);

/** Whether the ladder's owner is one the actor belongs to (else the ladder does not exist for them). */
export const seesOwner = (actor: Viewer, ownerOrgId: string) =>
  actor.districtId === ownerOrgId ||
  actor.networkIds.includes(ownerOrgId) ||
  actor.networkAdminOf.includes(ownerOrgId);

export const canPostOpportunity = (actor: Viewer, schoolId: string | null) =>
  actor.roles.includes('district_admin') ||
  (schoolId !== null && actor.roles.includes('principal') && actor.schoolIds.includes(schoolId));

/** May post anywhere they could: what the web app offers. */
export const postsOpportunities = (actor: Viewer) =>
  actor.roles.includes('district_admin') || actor.roles.includes('principal');

export type OpportunityFacts = {
  district_id: string;
  school_id: string | null;
  posted_by: string | null;
};

export const seesOpportunity = (actor: Viewer, o: OpportunityFacts) => actor.districtId === o.district_id;

export const canReview = (actor: Viewer, o: OpportunityFacts) =>
  seesOpportunity(actor, o) &&
  (actor.roles.includes('district_admin') ||
    o.posted_by === actor.userId ||
    (o.school_id !== null && actor.roles.includes('principal') && actor.schoolIds.includes(o.school_id)));

/** Whoever posted an opportunity and the district's administrators close it early or reopen it. */
export const canCloseOpportunity = (actor: Viewer, o: OpportunityFacts) =>
  seesOpportunity(actor, o) && (o.posted_by === actor.userId || isDistrictAdmin(actor, o.district_id));

/** SQL on a pathway_ladders alias: the ladder is open to the person `userId` (their district's, or a network's of it). */
export function ladderOpenToSql(userId: SQL, l = 'l'): SQL {
  const ladder = sql.raw(l);
  return sql`exists (select 1 from users lu where lu.id = ${userId}
     and (${ladder}.owner_org_id = lu.district_id
          or ${ladder}.owner_org_id in (select nd.network_id from network_districts nd where nd.district_id = lu.district_id)))`;
}

/** SQL on an organization id: districts whose leadership the viewer sees (their own and their networks'). */
export function leadershipScopeSql(actor: Viewer, districtId: SQL): SQL {
  return sql`(${districtId} = ${actor.districtId}
    or ${districtId} in (select nd.district_id from network_districts nd where nd.network_id = any(${sql.param(actor.networkIds)}::uuid[])))`;
}
