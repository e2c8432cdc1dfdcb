import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { type NotificationKind, notificationKind, notificationKinds } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { InvalidError, type FieldError } from '#server/platform/errors.ts';
import type {
  Delivery,
  DigestFrequency,
  EmailChoice,
  NotificationSettings,
  NotificationSettingsBody,
  QuietHours,
} from '#shared/contracts/notifications.ts';
import { readableCommunityIds } from '../communities/index.ts';

/** `*` in `notification_preferences.kind`: a community's choice for every kind. */
export const EVERY_KIND = '*';

/** What the settings page calls a kind: its declared label, else its name in words. */
export function kindLabel(kind: NotificationKind | string): string {
  const declared = typeof kind === 'string' ? notificationKind(kind) : kind;
  if (declared?.label) return declared.label;
  const name = (typeof kind === 'string' ? kind : kind.kind).replace(/[_.-]+/g, ' ').trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const clock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

interface PersonRow extends Record<string, unknown> {
  email: EmailChoice;
  digest: DigestFrequency;
  quiet_start: number | null;
  quiet_end: number | null;
  time_zone: string;
}

/** The person's settings, every declared kind listed from the registry with their choice for it. */
export async function loadSettings(
  db: Db | Tx,
  actor: Pick<Actor, 'userId'>,
  replyByEmail: boolean,
): Promise<NotificationSettings> {
  const [person, prefs] = await Promise.all([
    db.execute<PersonRow>(sql`
      select email_notifications as email, digest_frequency as digest, quiet_start, quiet_end, time_zone
        from person_settings where user_id = ${actor.userId}`),
    db.execute<{
      kind: string;
      community_id: string | null;
      community_name: string | null;
      delivery: Delivery;
    }>(sql`
      select p.kind, p.community_id, c.name as community_name, p.delivery
        from notification_preferences p left join communities c on c.id = p.community_id
       where p.user_id = ${actor.userId}
       order by c.name, p.kind`),
  ]);
  const row = person.rows[0];
  const ofKind = new Map(
    prefs.rows.filter((p) => p.community_id === null).map((p) => [p.kind, p.delivery] as const),
  );
  return {
    email: row?.email ?? 'daily',
    digest: row?.digest ?? 'daily',
    quietHours:
      row && row.quiet_start !== null && row.quiet_end !== null
        ? { start: clock(row.quiet_start), end: clock(row.quiet_end) }
        : null,
    timeZone: row?.time_zone ?? 'UTC',
    kinds: notificationKinds()
      .map((kind) => ({ kind: kind.kind, label: kindLabel(kind), delivery: ofKind.get(kind.kind) ?? null }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    communities: prefs.rows
      .filter((p) => p.community_id !== null && p.kind === EVERY_KIND)
      .map((p) => ({
        community: { id: p.community_id as string, name: p.community_name ?? '' },
        delivery: p.delivery,
      })),
    replyByEmail,
  };
}

/**
 * Saves what the body names and nothing else, after checking all of it: a kind no feature declares,
 * a time zone PostgreSQL does not know or a community the person may not read is refused, naming
 * the field, and nothing changes.
 */
export async function saveSettings(db: Db, actor: Actor, body: NotificationSettingsBody): Promise<void> {
  const errors: FieldError[] = [];
  for (const kind of Object.keys(body.kinds ?? {}))
    if (!notificationKind(kind))
      errors.push({ path: `/body/kinds/${kind}`, message: 'is not a kind of notification Trellis sends' });
  const seen = new Set<string>();
  for (const [i, c] of (body.communities ?? []).entries()) {
    if (seen.has(c.communityId))
      errors.push({ path: `/body/communities/${i}/communityId`, message: 'is named twice' });
    seen.add(c.communityId);
  }
  await db.transaction(async (tx) => {
    if (body.timeZone !== undefined) {
      const { rows } = await tx.execute(
        sql`select 1 from pg_timezone_names where name = ${body.timeZone} limit 1`,
      );
      if (!rows.length) errors.push({ path: '/body/timeZone', message: 'is not a time zone Trellis knows' });
    }
    const ids = (body.communities ?? []).map((c) => c.communityId);
    if (ids.length) {
      const { rows } = await tx.execute<{ id: string }>(sql`
        select id from communities where id = any(${sql.param(ids)}::uuid[]) and id in (${readableCommunityIds(actor)})`);
      const readable = new Set(rows.map((r) => r.id));
      for (const [i, c] of (body.communities ?? []).entries())
        if (!readable.has(c.communityId) && c.delivery !== null)
          errors.push({
            path: `/body/communities/${i}/communityId`,
            message: 'is not a community you belong to',
          });
    }
    if (errors.length) throw new InvalidError(errors[0].message, errors);

    const quiet: QuietHours | null | undefined = body.quietHours;
    await tx.execute(sql`
      insert into person_settings (user_id, email_notifications, digest_frequency, quiet_start, quiet_end, time_zone, updated_at)
      values (${actor.userId}, ${body.email ?? 'daily'}, ${body.digest ?? 'daily'},
              ${quiet ? minutes(quiet.start) : null}, ${quiet ? minutes(quiet.end) : null}, ${body.timeZone ?? 'UTC'}, now())
      on conflict (user_id) do update set
        email_notifications = ${body.email === undefined ? sql`person_settings.email_notifications` : sql`excluded.email_notifications`},
        digest_frequency = ${body.digest === undefined ? sql`person_settings.digest_frequency` : sql`excluded.digest_frequency`},
        quiet_start = ${quiet === undefined ? sql`person_settings.quiet_start` : sql`excluded.quiet_start`},
        quiet_end = ${quiet === undefined ? sql`person_settings.quiet_end` : sql`excluded.quiet_end`},
        time_zone = ${body.timeZone === undefined ? sql`person_settings.time_zone` : sql`excluded.time_zone`},
        updated_at = now()`);
    for (const [kind, delivery] of Object.entries(body.kinds ?? {}))
      await setPreference(tx, actor.userId, kind, null, delivery);
    for (const c of body.communities ?? [])
      await setPreference(tx, actor.userId, EVERY_KIND, c.communityId, c.delivery);
    await dropUnwantedEmail(tx, actor.userId);
  });
}

/** Saves one choice (null removes it). */
export async function setPreference(
  tx: Tx,
  userId: string,
  kind: string,
  communityId: string | null,
  delivery: Delivery | null,
): Promise<void> {
  if (delivery === null) {
    await tx.execute(sql`delete from notification_preferences
      where user_id = ${userId} and kind = ${kind} and community_id is not distinct from ${communityId}::uuid`);
    return;
  }
  await tx.execute(sql`
    insert into notification_preferences (user_id, kind, community_id, delivery, updated_at)
    values (${userId}, ${kind}, ${communityId}, ${delivery}, now())
    on conflict on constraint notification_preferences_key
      do update set delivery = excluded.delivery, updated_at = now()`);
}

/**
 * SQL: the delivery chosen for the notification `v` (user_id, kind, community_id) whose person's
 * settings row is `s`: the community's choice for the kind, then for every kind, then the kind's,
 * then the general email choice (each: email, daily: digest, off: the app only).
 */
export const deliverySql = (v: string, s: string) => {
  const [n, p] = [sql.raw(v), sql.raw(s)];
  return sql`coalesce(
    (select np.delivery from notification_preferences np
      where np.user_id = ${n}.user_id and np.community_id = ${n}.community_id and np.kind in (${n}.kind, '*')
      order by np.kind = '*' limit 1),
    (select np.delivery from notification_preferences np
      where np.user_id = ${n}.user_id and np.community_id is null and np.kind = ${n}.kind),
    case coalesce(${p}.email_notifications, 'daily') when 'each' then 'email' when 'daily' then 'digest' else 'app' end)`;
};

/**
 * Notifications waiting to be emailed that the person's choices no longer email are not sent: one
 * now chosen for the app only is skipped, and one moved between at once and the digest follows.
 */
export async function dropUnwantedEmail(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`
    update notifications n
       set email_state = case d.delivery when 'email' then 'pending' when 'digest' then 'digest' else 'skipped' end
      from (select w.id, ${deliverySql('w', 's')} as delivery
              from notifications w left join person_settings s on s.user_id = w.user_id
             where w.user_id = ${userId} and w.email_state in ('pending', 'digest')) d
     where n.id = d.id`);
}
