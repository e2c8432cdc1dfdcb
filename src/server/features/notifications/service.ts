import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import { publish } from '#server/platform/realtime.ts';
import type {
  NotificationListQuery,
  NotificationSettings,
  NotificationSettingsBody,
  NotificationView,
} from '#shared/contracts/notifications.ts';
import { describeNotification, notificationLink } from './describe.ts';
import { dropUnwantedEmail, kindLabel, loadSettings, saveSettings } from './preferences.ts';
import {
  countUnread,
  ensureSecret,
  factsOf,
  type NotificationRow,
  selectNotifications,
  updateAllRead,
  updateRead,
  upsertEmailChoice,
  userExists,
} from './queries.ts';

interface Context {
  db: Db;
  actor: Actor;
}

// ─── The bell and the notifications page ──────────────────────────────────────────────────────

function readNotificationCursor(cursor: string): { key: string; id: string } {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor this list gave out');
  const [key, id] = decodeCursor(cursor, 2, bad) as [unknown, string];
  if (typeof key !== 'string' || Number.isNaN(Date.parse(key))) throw bad();
  return { key, id };
}

export function presentNotification(row: NotificationRow): NotificationView {
  const facts = factsOf(row);
  return {
    id: row.id,
    kind: row.kind,
    createdAt: new Date(row.created_at).toISOString(),
    read: row.read_at !== null,
    actor: row.actor_id && row.actor_name ? { id: row.actor_id, name: row.actor_name } : null,
    community:
      row.community_id && row.community_name ? { id: row.community_id, name: row.community_name } : null,
    thread: row.thread_id && row.thread_title ? { id: row.thread_id, title: row.thread_title } : null,
    link: notificationLink(facts),
    text: describeNotification(facts),
  };
}

/** The person's notifications, newest first, leaving out any about content they may no longer read. */
export async function listNotifications({ db, actor, query }: Context & { query: NotificationListQuery }) {
  const rows = await selectNotifications(db, actor, {
    unreadOnly: query.unread === '1' || query.unread === 'true',
    after: query.cursor ? readNotificationCursor(query.cursor) : null,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (n) => [n.created_key, n.id]);
  return { data: shown.map(presentNotification), nextCursor };
}

/** The number the bell shows. */
export async function countUnreadNotifications({ db, actor }: Context): Promise<number> {
  return countUnread(db, actor);
}

/** Marks one of one's own notifications read; anyone else's (or one no longer visible) is a 404. */
export async function markNotificationRead({ db, actor, id }: Context & { id: string }): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await updateRead(tx, actor, id))) throw new NotFoundError('No such notification.');
    await publish(tx, [{ topic: `user:${actor.userId}`, type: 'notification_read', id }]);
  });
}

/** Marks all of one's notifications read; other open tabs hear of it and update their bell. */
export async function markAllNotificationsRead({ db, actor }: Context): Promise<number> {
  return db.transaction(async (tx) => {
    const marked = await updateAllRead(tx, actor.userId);
    if (marked > 0) await publish(tx, [{ topic: `user:${actor.userId}`, type: 'notification_read' }]);
    return marked;
  });
}

// ─── Settings and unsubscribing ───────────────────────────────────────────────────────────────

/** The person's notification settings: every declared kind, their communities' overrides, quiet hours. */
export async function getNotificationSettings({
  db,
  actor,
  replyByEmail,
}: Context & { replyByEmail: boolean }): Promise<NotificationSettings> {
  return loadSettings(db, actor, replyByEmail);
}

/** Saves what the body names (general email choice, digest, quiet hours, kinds, communities). */
export async function updateNotificationSettings({
  db,
  actor,
  body,
  replyByEmail,
}: Context & { body: NotificationSettingsBody; replyByEmail: boolean }): Promise<NotificationSettings> {
  await saveSettings(db, actor, body);
  return loadSettings(db, actor, replyByEmail);
}

const SECRET_KEY = 'unsubscribe_secret';
const secrets = new WeakMap<Db, Promise<string>>();

/** The installation's unsubscribe secret: generated at first use, then read once per process. */
function unsubscribeSecret(db: Db): Promise<string> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = ensureSecret(db, SECRET_KEY, randomBytes(32).toString('base64url'));
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

/** Every notification email (`kind` null) or one kind's. */
const mac = (secret: string, userId: string, kind: string | null) =>
  createHmac('sha256', secret)
    .update(kind === null ? `unsubscribe:${userId}` : `unsubscribe:${userId}:${kind}`)
    .digest('base64url');

/**
 * A token for one person's unsubscribe link: their id, the kind it stops (none: every notification
 * email) and an HMAC binding them to this purpose.
 */
export async function unsubscribeToken(db: Db, userId: string, kind: string | null = null): Promise<string> {
  const secret = await unsubscribeSecret(db);
  return kind === null
    ? `${userId}.${mac(secret, userId, null)}`
    : `${userId}.${kind}.${mac(secret, userId, kind)}`;
}

/** The person and kind a token names, or null when it is not one Trellis made. */
export async function verifyUnsubscribeToken(
  db: Db,
  token: string,
): Promise<{ userId: string; kind: string | null } | null> {
  const parts = token.split('.');
  if (parts.length !== 2 && parts.length !== 3) return null;
  const userId = parts[0];
  const kind = parts.length === 3 ? parts[1] : null;
  const given = parts[parts.length - 1];
  if (!userId || !given || !/^[0-9a-f-]{36}$/i.test(userId) || kind === '') return null;
  const expected = Buffer.from(mac(await unsubscribeSecret(db), userId, kind));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { userId, kind } : null;
}

/**
 * Stops the email an emailed link names, with no session (the token is the proof): one kind's,
 * which then shows in the app only, or every notification email.
 */
export async function unsubscribe({
  db,
  token,
}: {
  db: Db;
  token: string;
}): Promise<{ kind: string | null; label: string | null }> {
  const found = await verifyUnsubscribeToken(db, token);
  const invalid = () => invalidField('/querystring/token', 'This unsubscribe link is not valid.');
  if (!found) throw invalid();
  const { userId, kind } = found;
  await db.transaction(async (tx: Tx) => {
    if (!(await userExists(tx, userId))) throw invalid();
    if (kind === null) {
      await upsertEmailChoice(tx, userId, 'off');
      // Nothing keeps emailing: every choice of email or digest becomes the app only.
      await tx.execute(sql`update notification_preferences set delivery = 'app', updated_at = now()
        where user_id = ${userId} and delivery in ('email', 'digest')`);
    } else {
      // Its choice in each community goes too: after one click, no email of this kind comes.
      await tx.execute(sql`update notification_preferences set delivery = 'app', updated_at = now()
        where user_id = ${userId} and community_id is not null and kind = ${kind} and delivery in ('email', 'digest')`);
      await tx.execute(sql`
        insert into notification_preferences (user_id, kind, community_id, delivery, updated_at)
        values (${userId}, ${kind}, null, 'app', now())
        on conflict on constraint notification_preferences_key do update
          set delivery = case when notification_preferences.delivery = 'off' then 'off' else 'app' end, updated_at = now()`);
    }
    await dropUnwantedEmail(tx, userId);
  });
  return { kind, label: kind === null ? null : kindLabel(kind) };
}
