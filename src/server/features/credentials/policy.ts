import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '#server/platform/auth.ts';

/**
 * Who may do what with competency frameworks and micro-credentials.
 *
 * An issuer is a district or a network. Its admins (district_admin of the district, network_admin of
 * the network) write its frameworks and credentials, appoint assessors, award and revoke. Published
 * credentials and every framework are seen by the people in the issuer's scope: a district's own
 * staff, or everyone in a district that belongs to the network. Drafts are seen by the issuer's admins.
 */

export type Viewer = Pick<Actor, 'userId' | 'districtId' | 'networkIds'>;

/** The organizations whose frameworks and credentials the viewer may see. */
export const scopeOrgIds = (viewer: Viewer): string[] => [viewer.districtId, ...viewer.networkIds];

/** The organizations the actor administers as an issuer. */
export function issuerOrgIds(actor: Pick<Actor, 'districtId' | 'roles' | 'networkAdminOf'>): string[] {
  const own = actor.roles.includes('district_admin') ? [actor.districtId] : [];
  return [...own, ...actor.networkAdminOf];
}

export const canAdministerIssuer = (
  actor: Pick<Actor, 'districtId' | 'roles' | 'networkAdminOf'>,
  orgId: string,
): boolean => issuerOrgIds(actor).includes(orgId);

/** SQL: the viewer may see this organization's frameworks and published credentials. */
export const inScopeSql = (viewer: Viewer, orgIdColumn: SQL): SQL =>
  sql`${orgIdColumn} = any(${sql.param(scopeOrgIds(viewer))}::uuid[])`;

/**
 * SQL over a micro_credentials row aliased `alias`: published in the viewer's scope, or any status
 * for the issuer's admins.
 */
export function visibleCredentialSql(actor: Actor, alias = 'mc'): SQL {
  const a = sql.raw(alias);
  return sql`((${a}.status = 'published' and ${inScopeSql(actor, sql`${a}.issuer_org_id`)})
    or ${a}.issuer_org_id = any(${sql.param(issuerOrgIds(actor))}::uuid[]))`;
}
