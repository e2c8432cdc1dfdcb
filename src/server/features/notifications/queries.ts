import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { NotificationFacts } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { EmailChoice } from '#shared/contracts/notifications.ts';
import { readableCommunityIds, readersAmong, seersAmong, visibleCommunitySql } from '../communities/index.ts';

type Viewer = Pick<Actor, 'userId' | 'districtId' | 'networkIds'>;

// ─── Who may hear realtime topics ──────────────────────────────────────────────────────────────

/** The networks a district belongs to now (an open stream's actor was read when it opened). */
export async function loadDistrictNetworkIds(tx: Tx, districtId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ network_id: string }>(
    sql`select network_id from network_districts where district_id = ${districtId}`,
  );
  return rows.map((r) => r.network_id);
}

// ─── Notification rows ─────────────────────────────────────────────────────────────────────────

export interface NotificationRow extends Record<string, unknown> {
  id: string;
  kind: string;
  user_id: string;
  data: Record<string, string>;
  created_at: Date;
  /** created_at as PostgreSQL prints it: microseconds kept, for cursors. */
  created_key: string;
  read_at: Date | null;
  actor_id: string | null;
  actor_name: string | null;
  community_id: string | null;
  community_name: string | null;
  thread_id: string | null;
  thread_title: string | null;
  post_id: string | null;
  /** Whether it concerns a thread or post, whose community's readers alone may know of it. */
  about_content: boolean;
}

/**
 * A thread may have moved since the notification was written: its community now is the one that
 * decides who may know of it, and whose name is shown.
 */
const detailColumns = sql`n.id, n.kind, n.user_id, n.data, n.created_at, n.created_at::text as created_key,
  n.read_at, n.actor_id, a.name as actor_name, cc.id as community_id, cc.name as community_name,
  t.id as thread_id, t.title as thread_title, n.post_id,
  (n.thread_id is not null or n.post_id is not null) as about_content`;
const detailJoins = sql`left join users a on a.id = n.actor_id
  left join posts p on p.id = n.post_id
  left join threads t on t.id = coalesce(n.thread_id, p.thread_id)
  left join communities cc on cc.id = coalesce(t.community_id, p.community_id, n.community_id)`;

/**
 * SQL: the notification `n` (with detailJoins) may still be shown to the viewer: one about content
 * while they may read the community, one about the community itself while they may see it (being
 * told of one's removal excepted), and one about no community always.
 */
const visibleTo = (viewer: Viewer): SQL =>
  sql`(case when n.thread_id is not null or n.post_id is not null then cc.id in (${readableCommunityIds(viewer)})
            when cc.id is null or n.kind = 'removed' then true
            else ${visibleCommunitySql(viewer, 'cc')} end)`;

export const factsOf = (row: NotificationRow): NotificationFacts => ({
  kind: row.kind,
  actorId: row.actor_id,
  actorName: row.actor_name,
  communityId: row.community_id,
  communityName: row.community_name,
  threadId: row.thread_id,
  threadTitle: row.thread_title,
  postId: row.post_id,
  data: row.data ?? {},
});

/** One page of the viewer's notifications, newest first (one extra row tells if more follow). */
export async function selectNotifications(
  tx: Tx,
  viewer: Viewer,
  options: { unreadOnly: boolean; after: { key: string; id: string } | null; limit: number },
): Promise<NotificationRow[]> {
  const { rows } = await tx.execute<NotificationRow>(sql`
    select ${detailColumns}
      from notifications n ${detailJoins}
     where n.user_id = ${viewer.userId}
       and ${visibleTo(viewer)}
       ${options.unreadOnly ? sql`and n.read_at is null` : sql``}
       ${options.after ? sql`and (n.created_at, n.id) < (${options.after.key}::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by n.created_at desc, n.id desc
     limit ${options.limit + 1}`);
  return rows;
}

/** How many unread notifications the viewer may still see (the partial unread index finds them). */
export async function countUnread(tx: Tx, viewer: Viewer): Promise<number> {
  const { rows } = await tx.execute<{ unread: number }>(sql`
    select count(*)::int as unread
      from notifications n ${detailJoins}
     where n.user_id = ${viewer.userId} and n.read_at is null and ${visibleTo(viewer)}`);
  return rows[0]?.unread ?? 0;
}

/** Marks one of the viewer's visible notifications read; false when there is no such one. */
export async function updateRead(tx: Tx, viewer: Viewer, id: string): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    update notifications u set read_at = coalesce(u.read_at, now())
     where u.id = ${id} and u.user_id = ${viewer.userId}
       and exists (select 1 from notifications n ${detailJoins} where n.id = u.id and ${visibleTo(viewer)})
    returning u.id`);
  return rows.length > 0;
}

export async function updateAllRead(tx: Tx, userId: string): Promise<number> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    update notifications set read_at = now() where user_id = ${userId} and read_at is null returning id`);
  return rows.length;
}

// ─── Email choices ─────────────────────────────────────────────────────────────────────────────

/** Saves the choice; turning email off drops what was waiting to be sent. */
export async function upsertEmailChoice(tx: Tx, userId: string, email: EmailChoice): Promise<void> {
  await tx.execute(sql`
    insert into person_settings (user_id, email_notifications, updated_at)
    values (${userId}, ${email}, now())
    on conflict (user_id) do update set email_notifications = excluded.email_notifications, updated_at = now()`);
  if (email === 'off')
    await tx.execute(sql`
      update notifications set email_state = 'skipped'
       where user_id = ${userId} and email_state in ('pending', 'digest')`);
}

export async function userExists(tx: Tx, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`select 1 from users where id = ${userId}`);
  return rows.length > 0;
}

// ─── The mail worker ───────────────────────────────────────────────────────────────────────────

export interface MailRow extends NotificationRow {
  email: string;
  user_name: string;
  user_status: string;
  choice: EmailChoice;
}

/**
 * SQL: the person whose settings row is `s` is not in their quiet hours at `now` (in their time
 * zone; hours that start after they end span midnight). No row, or no quiet hours: never quiet.
 */
const notQuiet = (now: Date) => {
  const minute = sql`(extract(hour from ${now.toISOString()}::timestamptz at time zone s.time_zone) * 60
    + extract(minute from ${now.toISOString()}::timestamptz at time zone s.time_zone))`;
  return sql`not coalesce(s.quiet_start is not null and s.quiet_end is not null and case
      when s.quiet_start < s.quiet_end then ${minute} >= s.quiet_start and ${minute} < s.quiet_end
      else ${minute} >= s.quiet_start or ${minute} < s.quiet_end end, false)`;
};

/**
 * Locks the oldest notification waiting to be emailed on its own that no other worker holds, of a
 * person not in their quiet hours (theirs waits until the hours end).
 */
export async function lockNextPending(tx: Tx, skip: string[], now: Date): Promise<string | null> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select n.id from notifications n
      left join person_settings s on s.user_id = n.user_id
     where n.email_state = 'pending' and n.id <> all(${sql.param(skip)}::uuid[]) and ${notQuiet(now)}
     order by n.created_at
     limit 1
     for update of n skip locked`);
  return rows[0]?.id ?? null;
}

/** How long between two digests. */
export const periodMs = (frequency: string) => (frequency === 'weekly' ? 7 : 1) * 86_400_000;

/**
 * The people whose digest is due: their oldest waiting item and their last digest are a day old (a
 * week for a weekly digest), and they are not in their quiet hours.
 */
export async function selectDigestsDue(tx: Tx, now: Date, limit: number): Promise<string[]> {
  const at = now.toISOString();
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    select n.user_id from notifications n
      left join person_settings s on s.user_id = n.user_id
     where n.email_state = 'digest' and ${notQuiet(now)}
     group by n.user_id, s.digest_sent_at, s.digest_frequency
    having min(n.created_at) <= ${at}::timestamptz - (case when s.digest_frequency = 'weekly' then 7 else 1 end) * interval '1 day'
       and (s.digest_sent_at is null
         or s.digest_sent_at <= ${at}::timestamptz - (case when s.digest_frequency = 'weekly' then 7 else 1 end) * interval '1 day')
     limit ${limit}`);
  return rows.map((r) => r.user_id);
}

/**
 * Locks a person's settings row (creating it with the defaults when missing) so one worker alone
 * sends their digest; null when another worker holds it.
 */
export async function lockDigestOwner(
  tx: Tx,
  userId: string,
): Promise<{ digestSentAt: Date | null; frequency: string } | null> {
  await tx.execute(sql`insert into person_settings (user_id) values (${userId}) on conflict do nothing`);
  const { rows } = await tx.execute<{ digest_sent_at: Date | string | null; digest_frequency: string }>(sql`
    select digest_sent_at, digest_frequency from person_settings where user_id = ${userId} for update skip locked`);
  if (!rows[0]) return null;
  const sentAt = rows[0].digest_sent_at;
  return { digestSentAt: sentAt === null ? null : new Date(sentAt), frequency: rows[0].digest_frequency };
}

export async function selectDigestIds(tx: Tx, userId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from notifications where user_id = ${userId} and email_state = 'digest'
     order by created_at for update`);
  return rows.map((r) => r.id);
}

/** Notifications with what an email needs: the recipient's address, name, standing and choice. */
export async function selectMailRows(tx: Tx, ids: string[]): Promise<MailRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.execute<MailRow>(sql`
    select ${detailColumns}, u.email, u.name as user_name, u.status as user_status,
           coalesce(s.email_notifications, 'daily') as choice
      from notifications n ${detailJoins}
      join users u on u.id = n.user_id
      left join person_settings s on s.user_id = n.user_id
     where n.id = any(${sql.param(ids)}::uuid[])
     order by n.created_at`);
  return rows;
}

/** Whether the person may read the community's content now (a removed member may not). */
export async function canStillRead(tx: Tx, communityId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(readersAmong(communityId, [userId]));
  return rows.length > 0;
}

/** Whether the person may see the community now (a withdrawn invitee of a private one may not). */
export async function canStillSee(tx: Tx, communityId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(seersAmong(communityId, [userId]));
  return rows.length > 0;
}

export async function markEmailed(tx: Tx, sent: string[], skipped: string[], now: Date): Promise<void> {
  if (sent.length)
    await tx.execute(sql`update notifications set email_state = 'sent', emailed_at = ${now.toISOString()}::timestamptz
      where id = any(${sql.param(sent)}::uuid[])`);
  if (skipped.length)
    await tx.execute(
      sql`update notifications set email_state = 'skipped' where id = any(${sql.param(skipped)}::uuid[])`,
    );
}

export async function markDigestSent(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.execute(sql`update person_settings set digest_sent_at = ${now.toISOString()}::timestamptz
    where user_id = ${userId}`);
}

// ─── The unsubscribe secret ────────────────────────────────────────────────────────────────────

/** The secret signing unsubscribe links, made once per installation and kept in `settings`. */
export async function ensureSecret(tx: Tx, key: string, fresh: string): Promise<string> {
  await tx.execute(sql`insert into settings (key, value) values (${key}, to_jsonb(${fresh}::text))
    on conflict (key) do nothing`);
  const { rows } = await tx.execute<{ value: string }>(sql`select value from settings where key = ${key}`);
  return rows[0].value;
}
