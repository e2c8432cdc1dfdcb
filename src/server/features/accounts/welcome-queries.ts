/** The SQL of welcoming a district's staff: the district's choice and who is still to be welcomed. */
import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { FORMER_MEMBER_EMAIL_LIKE } from '#server/platform/data-erasure.ts';
import type { WelcomeMode } from '#shared/contracts/admin.ts';

async function rows<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await tx.execute<T & Record<string, unknown>>(query)).rows as T[];
}

export interface WelcomeSettingsRow {
  mode: WelcomeMode;
  launch_at: Date | string | null;
}

/** The district's welcome choice; `off` when it never chose. */
export async function findWelcomeSettings(tx: Tx, districtId: string): Promise<WelcomeSettingsRow> {
  const [row] = await rows<WelcomeSettingsRow>(
    tx,
    sql`select mode, launch_at from welcome_settings where district_id = ${districtId}`,
  );
  return row ?? { mode: 'off', launch_at: null };
}

export async function saveWelcomeSettings(
  tx: Tx,
  args: { districtId: string; mode: WelcomeMode; launchAt: Date | null; actorId: string },
): Promise<void> {
  await tx.execute(sql`
    insert into welcome_settings (district_id, mode, launch_at, updated_at, updated_by)
    values (${args.districtId}, ${args.mode}, ${args.launchAt}, now(), ${args.actorId})
    on conflict (district_id) do update
      set mode = excluded.mode, launch_at = excluded.launch_at, updated_at = now(),
          updated_by = excluded.updated_by`);
}

/** Active staff of the district who never signed in nor used Trellis, and of them those never welcomed. */
export async function countNotSignedIn(
  tx: Tx,
  districtId: string,
): Promise<{ not_signed_in: number; not_welcomed: number }> {
  const [row] = await rows<{ not_signed_in: number; not_welcomed: number }>(
    tx,
    sql`select count(*)::int as not_signed_in, count(*) filter (where welcomed_at is null)::int as not_welcomed
          from users
         where district_id = ${districtId} and status = 'active' and last_signed_in_at is null
           and email not like ${FORMER_MEMBER_EMAIL_LIKE} and ${noSignOfUse(sql`users.id`)}`,
  );
  return row;
}

/** Districts whose welcome is due now (at once, or their launch date has come), limited to one if given. */
export async function listDistrictsDueForWelcome(tx: Tx, districtId: string | null): Promise<string[]> {
  const found = await rows<{ district_id: string }>(
    tx,
    sql`select district_id from welcome_settings
         where (mode = 'immediately' or (mode = 'launch' and launch_at <= now()))
           ${districtId ? sql`and district_id = ${districtId}` : sql``}`,
  );
  return found.map((r) => r.district_id);
}

export interface WelcomeRecipient {
  id: string;
  name: string;
  email: string;
  district_id: string;
}

/**
 * No sign that the person ever used Trellis: no password they set, no session and no recorded
 * activity (sessions expire and are removed, so a long-standing user may have no sign-in time).
 */
export function noSignOfUse(userId: ReturnType<typeof sql>) {
  return sql`(password_changed_at is null
    and not exists (select 1 from sessions s where s.user_id = ${userId})
    and not exists (select 1 from statements st where st.actor_id = ${userId}))`;
}

/**
 * Claims up to `limit` of the district's active staff who never signed in, were never welcomed and
 * show no sign of having used Trellis:
 * marks them welcomed in the caller's transaction (skipping rows another instance holds), so the
 * mark commits with the links made for them.
 */
export async function claimUnwelcomed(
  tx: Tx,
  args: { districtId: string; limit: number },
): Promise<WelcomeRecipient[]> {
  return rows<WelcomeRecipient>(
    tx,
    sql`update users u set welcomed_at = now()
          where u.id in (
            select id from users
             where district_id = ${args.districtId} and status = 'active' and last_signed_in_at is null
               and welcomed_at is null and email not like ${FORMER_MEMBER_EMAIL_LIKE}
               and ${noSignOfUse(sql`users.id`)}
             order by id
             limit ${args.limit}
             for update skip locked)
        returning u.id, u.name, u.email, u.district_id`,
  );
}

/** Un-marks people whose welcome mail failed, so the welcome job sends it again. */
export async function unmarkWelcomed(tx: Tx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.execute(sql`update users set welcomed_at = null where id = any(${sql.param(userIds)}::uuid[])`);
}

/** Marks these people welcomed now (a resend). */
export async function markWelcomed(tx: Tx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.execute(sql`update users set welcomed_at = now() where id = any(${sql.param(userIds)}::uuid[])`);
}

/**
 * Stores one set-password link per person (its token's hash), valid until `expiresAt`; the links
 * sent to them before and still unused stop working, so only the newest email's link sets a password.
 */
export async function insertSetPasswordLinks(
  tx: Tx,
  links: Array<{ userId: string; tokenHash: string }>,
  expiresAt: Date,
): Promise<void> {
  if (links.length === 0) return;
  await tx.execute(sql`
    update password_resets set used_at = now()
     where user_id = any(${sql.param(links.map((l) => l.userId))}::uuid[]) and used_at is null`);
  await tx.execute(sql`
    insert into password_resets (token_hash, user_id, expires_at)
    select t.hash, t.user_id, ${expiresAt}
      from unnest(${sql.param(links.map((l) => l.tokenHash))}::text[],
                  ${sql.param(links.map((l) => l.userId))}::uuid[]) as t(hash, user_id)`);
}
