/**
 * Who decides and who sees credit claims (decision 052). A district chooses its approvers: the
 * principal of the teacher's school, or named district PD staff (who also approve for a school
 * without a principal). No one decides their own claim. A claim is seen by its teacher and by those
 * who may decide it; a district's administrators manage credit types and settings, import and export.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '#server/platform/auth.ts';
import type { CreditApprover } from '#shared/contracts/credit.ts';

export interface ApproverSettings {
  approver: CreditApprover;
  pdStaffIds: readonly string[];
}

export interface ClaimFacts {
  districtId: string;
  userId: string;
  schoolId: string | null;
  /** Whether the claim's school has an active principal other than the claimant. */
  schoolHasPrincipal: boolean;
}

type Approving = Pick<Actor, 'userId' | 'districtId' | 'roles' | 'schoolIds'>;

/** Whether the actor may approve, ask for changes on or decline the claim. */
export function canDecideClaim(actor: Approving, claim: ClaimFacts, settings: ApproverSettings): boolean {
  if (actor.districtId !== claim.districtId || actor.userId === claim.userId) return false;
  const asPrincipal =
    settings.approver === 'principal' &&
    actor.roles.includes('principal') &&
    claim.schoolId !== null &&
    actor.schoolIds.includes(claim.schoolId);
  const asPdStaff =
    settings.pdStaffIds.includes(actor.userId) &&
    (settings.approver === 'pd_staff' || claim.schoolId === null || !claim.schoolHasPrincipal);
  return asPrincipal || asPdStaff;
}

/** Whether the actor may read the claim: its teacher, or one who may decide it. */
export const canSeeClaim = (actor: Approving, claim: ClaimFacts, settings: ApproverSettings): boolean =>
  actor.userId === claim.userId || canDecideClaim(actor, claim, settings);

/**
 * SQL: whether the school (a uuid expression) has an active principal of the district other than the
 * claimant, so that a principal's own claims go to the PD staff instead of waiting for no one.
 */
export const schoolHasPrincipalSql = (schoolSql: SQL, districtSql: SQL, claimantSql: SQL) => sql`exists (
  select 1 from memberships ms
    join memberships mp on mp.user_id = ms.user_id and mp.role = 'principal' and mp.organization_id = ${districtSql}
    join users pu on pu.id = ms.user_id and pu.status = 'active'
   where ms.organization_id = ${schoolSql} and ms.user_id <> ${claimantSql})`;

/**
 * SQL: the active principals of the district among the members of each school a query names
 * (`schools`, rows of school_id and district_id), for `schoolHasPrincipalSql`'s answer on many
 * claims at once. It walks each school's members and looks each one up by the memberships' primary
 * key: the join form above may plan as a scan of every membership of the district per claim, which
 * in a district of 20,000 people cost 3 ms a claim and made the approver's queue answer 3–19
 * requests a second.
 */
export const schoolPrincipalsSql = (schools: SQL) => sql`
  select p.school_id, ms.user_id from (${schools}) p
    join memberships ms on ms.organization_id = p.school_id
   where (select true from memberships mp
           where mp.user_id = ms.user_id and mp.organization_id = p.district_id and mp.role = 'principal')
     and (select true from users pu where pu.id = ms.user_id and pu.status = 'active')`;

/**
 * SQL mirror of `canDecideClaim` over `credit_claims` aliased `c` and the district's settings
 * aliased `s` (a left join: no row means principals approve and there is no PD staff).
 */
export function decidableClaimSql(actor: Approving): SQL {
  const principal = actor.roles.includes('principal') && actor.schoolIds.length > 0;
  const schools = sql`array[${sql.join(
    actor.schoolIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[]`;
  return sql`(c.district_id = ${actor.districtId} and c.user_id <> ${actor.userId} and (
    ${principal ? sql`(coalesce(s.approver, 'principal') = 'principal' and c.school_id = any(${schools}))` : sql`false`}
    or (${actor.userId}::uuid = any(coalesce(s.pd_staff_ids, '{}'))
        and (s.approver = 'pd_staff' or c.school_id is null
             or not ${schoolHasPrincipalSql(sql`c.school_id`, sql`c.district_id`, sql`c.user_id`)}))))`;
}
