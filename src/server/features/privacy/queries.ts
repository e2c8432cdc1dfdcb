import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { RetentionSetting } from '#server/platform/data-retention.ts';
import type { RetentionKind } from '#shared/contracts/privacy.ts';

/** A person of a district, locked for erasure; undefined for anyone of another district. */
export async function findPersonForErasure(
  tx: Tx,
  args: { districtId: string; userId: string },
): Promise<{ id: string; email: string; status: string } | undefined> {
  const { rows } = await tx.execute<{ id: string; email: string; status: string }>(sql`
    select u.id, u.email, u.status
      from users u
     where u.id = ${args.userId} and u.district_id = ${args.districtId}
       for update of u`);
  return rows[0];
}

/**
 * Lets the erasure's statements run for minutes: columns that name a person rarely have an index of
 * their own (who hid a post, who acted in a feed item), so on a state-sized network a few are
 * scanned whole. Erasure is rare; it must finish.
 */
export async function allowLongStatements(tx: Tx): Promise<void> {
  await tx.execute(sql`set local statement_timeout = '5min'`);
}

/** A district's age limits. */
export async function listRetention(
  tx: Tx,
  districtId: string,
): Promise<{ kind: RetentionKind; days: number }[]> {
  const { rows } = await tx.execute<{ kind: RetentionKind; days: number }>(
    sql`select kind, days from retention_settings where district_id = ${districtId}`,
  );
  return rows;
}

/** Sets (or, with null days, removes) one of a district's age limits. */
export async function saveRetention(
  tx: Tx,
  args: { districtId: string; kind: RetentionKind; days: number | null; userId: string },
): Promise<void> {
  if (args.days === null) {
    await tx.execute(
      sql`delete from retention_settings where district_id = ${args.districtId} and kind = ${args.kind}`,
    );
    return;
  }
  await tx.execute(sql`
    insert into retention_settings (district_id, kind, days, updated_by, updated_at)
    values (${args.districtId}, ${args.kind}, ${args.days}, ${args.userId}, now())
    on conflict (district_id, kind)
    do update set days = excluded.days, updated_by = excluded.updated_by, updated_at = now()`);
}

/** Every district's age limits, for the nightly run. */
export async function allRetentionSettings(tx: Tx): Promise<RetentionSetting[]> {
  const { rows } = await tx.execute<{ district_id: string; kind: RetentionKind; days: number }>(
    sql`select district_id, kind, days from retention_settings order by district_id, kind`,
  );
  return rows.map((r) => ({ districtId: r.district_id, kind: r.kind, days: r.days }));
}
