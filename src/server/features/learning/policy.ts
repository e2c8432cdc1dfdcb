/**
 * Who sees a learning entry (decision 051): a person's log is private to them and to those who
 * approve their credit. An approver reads an entry the person submitted for credit that they may
 * decide (credit/policy.ts says who approves: the principal of the teacher's school, or the
 * district's PD staff). Leaders see aggregates only, never entries. Only the person changes their
 * entries, and never while credit locks them.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '#server/platform/auth.ts';
import { decidableClaimSql } from './credit/policy.ts';

type Reader = Pick<Actor, 'userId' | 'districtId' | 'roles' | 'schoolIds'>;

/** SQL over a `learning_entries` row aliased by `e`: whether the actor may read it. */
export function mayReadEntrySql(actor: Reader, e: SQL): SQL {
  return sql`((${e}.user_id = ${actor.userId} and ${e}.district_id = ${actor.districtId})
    or exists (select 1 from credit_claims c left join credit_settings s on s.district_id = c.district_id
                where c.entry_id = ${e}.id and ${decidableClaimSql(actor)}))`;
}
