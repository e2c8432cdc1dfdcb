import { type SQL, sql } from 'drizzle-orm';

/**
 * Where a person stands on a credential, as SQL other features evaluate inside their own statements
 * (a pathway's requirements): `held` while a current award is neither revoked nor expired,
 * `expired` when the last one ran out, `under_way` while a submission is being drafted or judged,
 * else `none`. An expired or revoked award never counts as held.
 */
export function credentialStandingSql(userId: SQL, credentialId: SQL): SQL {
  return sql`(case
    when exists (select 1 from awards a where a.recipient_id = ${userId} and a.credential_id = ${credentialId}
                  and a.revoked_at is null and (a.expires_at is null or a.expires_at > now())) then 'held'
    when exists (select 1 from submissions s where s.owner_id = ${userId} and s.credential_id = ${credentialId}
                  and s.status in ('draft', 'submitted', 'escalated', 'revise')) then 'under_way'
    when exists (select 1 from awards a where a.recipient_id = ${userId} and a.credential_id = ${credentialId}
                  and a.revoked_at is null) then 'expired'
    else 'none' end)`;
}
