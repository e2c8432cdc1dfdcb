/**
 * All SQL of the wallet: one's own awards, the public portfolio, credentials on profiles and the
 * holders of a credential. Who may be listed is decided here, in SQL, by the directory's own rules
 * (profiles/queries.ts), so no one a viewer may not find ever leaves the database.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { reachable, visibleMatch } from '#server/features/profiles/index.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { AwardStatus } from '#shared/contracts/wallet.ts';
import { visibleCredentialSql } from '../policy.ts';

/** An award with the version it was judged against and its issuer. */
export type AwardRow = {
  id: string;
  credential_id: string;
  kind: 'micro' | 'stack';
  title: string;
  version: number;
  has_image: boolean;
  issuer_org_id: string;
  issuer_name: string;
  issued_at: Date | string;
  /** issued_at as PostgreSQL prints it (microseconds kept), for cursors. */
  issued_key: string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  revocation_reason: string | null;
  listed: boolean;
  status: AwardStatus;
};

/** SQL over `awards a`: not revoked and not past its expiry. */
const activeAwardSql = sql`a.revoked_at is null and (a.expires_at is null or a.expires_at > now())`;

const AWARD_COLUMNS = sql`a.id, a.credential_id, mc.kind, v.title, a.version, v.image_key is not null as has_image,
  a.issuer_org_id, o.name as issuer_name, a.issued_at, a.issued_at::text as issued_key, a.expires_at,
  a.revoked_at, a.revocation_reason, a.listed,
  case when a.revoked_at is not null then 'revoked'
       when a.expires_at is not null and a.expires_at <= now() then 'expired'
       else 'active' end as status`;

const AWARD_FROM = sql`awards a
  join micro_credentials mc on mc.id = a.credential_id
  join micro_credential_versions v on v.credential_id = a.credential_id and v.version = a.version
  join organizations o on o.id = a.issuer_org_id`;

/** A person's awards, every status, newest first, keyset-paged; one more than `limit`. */
export async function listRecipientAwards(
  db: Db,
  args: { recipientId: string; after?: { at: string; id: string }; limit: number },
): Promise<AwardRow[]> {
  const { rows } = await db.execute<AwardRow>(sql`
    select ${AWARD_COLUMNS} from ${AWARD_FROM}
     where a.recipient_id = ${args.recipientId}
       ${args.after ? sql`and (a.issued_at, a.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}
     order by a.issued_at desc, a.id desc
     limit ${args.limit + 1}`);
  return rows;
}

/** A person's active awards, newest first, at most `limit`. */
export async function listActiveAwards(db: Db, recipientId: string, limit: number): Promise<AwardRow[]> {
  const { rows } = await db.execute<AwardRow>(sql`
    select ${AWARD_COLUMNS} from ${AWARD_FROM}
     where a.recipient_id = ${recipientId} and ${activeAwardSql}
     order by a.issued_at desc, a.id desc
     limit ${limit}`);
  return rows;
}

/** One award of its recipient, or null (someone else's award is not found). */
export async function findRecipientAward(
  tx: Tx,
  recipientId: string,
  awardId: string,
): Promise<AwardRow | null> {
  const { rows } = await tx.execute<AwardRow>(sql`
    select ${AWARD_COLUMNS} from ${AWARD_FROM} where a.id = ${awardId} and a.recipient_id = ${recipientId}`);
  return rows[0] ?? null;
}

/** Sets the recipient's consent to be listed among the credential's holders; false when not theirs. */
export async function setAwardListed(
  tx: Tx,
  args: { recipientId: string; awardId: string; listed: boolean },
): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    update awards set listed = ${args.listed}
     where id = ${args.awardId} and recipient_id = ${args.recipientId}
     returning id`);
  return rows.length > 0;
}

/** Whether the person's portfolio is public (false for a person without a profile row yet). */
export async function isPortfolioPublic(db: Db | Tx, userId: string): Promise<boolean> {
  const { rows } = await db.execute<{ portfolio_public: boolean }>(
    sql`select portfolio_public from profiles where user_id = ${userId}`,
  );
  return rows[0]?.portfolio_public ?? false;
}

/** Makes one's portfolio public or private, creating the profile row if the person has none yet. */
export async function setPortfolioPublic(tx: Tx, userId: string, isPublic: boolean): Promise<void> {
  await tx.execute(sql`
    insert into profiles (user_id, portfolio_public) values (${userId}, ${isPublic})
    on conflict (user_id) do update set portfolio_public = excluded.portfolio_public, updated_at = now()`);
}

/** The person behind a public portfolio: active and public, else null (the two are not told apart). */
export async function findPublicPortfolioPerson(
  db: Db,
  userId: string,
): Promise<{ id: string; name: string; role_title: string | null } | null> {
  const { rows } = await db.execute<{ id: string; name: string; role_title: string | null }>(sql`
    select u.id, u.name, p.role_title from users u join profiles p on p.user_id = u.id
     where u.id = ${userId} and u.status = 'active' and p.portfolio_public`);
  return rows[0] ?? null;
}

/** Whether the viewer may see this micro-credential (published in their scope, or theirs to issue). */
export async function isCredentialVisible(db: Db | Tx, actor: Actor, credentialId: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    select 1 from micro_credentials mc where mc.id = ${credentialId} and ${visibleCredentialSql(actor)}`);
  return rows.length > 0;
}

export type HolderRow = {
  award_id: string;
  id: string;
  name: string;
  role_title: string | null;
  school_id: string | null;
  school_name: string | null;
  issued_at: Date | string;
  issued_key: string;
};

/**
 * The people holding an active award of a credential who consented to be listed on it and are open
 * to mentoring, among those the viewer may find in the directory (active, of the viewer's district
 * or one sharing a network, and showing their mentoring choice to the viewer). Newest earned first,
 * keyset-paged; one more than `limit`.
 */
export async function listCredentialHolders(
  db: Db,
  args: {
    viewer: Pick<Actor, 'districtId' | 'networkIds'>;
    credentialId: string;
    after?: { at: string; id: string };
    limit: number;
  },
): Promise<HolderRow[]> {
  const { viewer } = args;
  const conditions: SQL[] = [
    sql`a.credential_id = ${args.credentialId}`,
    activeAwardSql,
    sql`a.listed`,
    reachable(viewer.districtId, viewer.networkIds),
    visibleMatch(viewer.districtId, 'mentoring', sql`p.open_to_mentoring`),
  ];
  if (args.after)
    conditions.push(sql`(a.issued_at, a.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)`);
  const { rows } = await db.execute<HolderRow>(sql`
    select a.id as award_id, u.id, u.name, p.role_title, p.school_id, s.name as school_name,
           a.issued_at, a.issued_at::text as issued_key
      from awards a
      join users u on u.id = a.recipient_id
      join profiles p on p.user_id = u.id
      left join organizations s on s.id = p.school_id
     where ${sql.join(conditions, sql` and `)}
     order by a.issued_at desc, a.id desc
     limit ${args.limit + 1}`);
  return rows;
}
