import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import { publish } from '#server/platform/realtime.ts';
import type {
  EmailChoice,
  NotificationListQuery,
  NotificationView,
} from '#shared/contracts/notifications.ts';
import { describeNotification, notificationLink } from './describe.ts';
import {
  countUnread,
  ensureSecret,
  factsOf,
  type NotificationRow,
  selectEmailChoice,
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

// ─── Email choices and unsubscribing ──────────────────────────────────────────────────────────

export async function getNotificationSettings({ db, actor }: Context): Promise<{ email: EmailChoice }> {
  return { email: await selectEmailChoice(db, actor.userId) };
}

/** Saves how the person wants notifications emailed: each, as a daily digest, or not at all. */
export async function updateNotificationSettings({
  db,
  actor,
  email,
}: Context & { email: EmailChoice }): Promise<{ email: EmailChoice }> {
  await db.transaction((tx) => upsertEmailChoice(tx, actor.userId, email));
  return { email };
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

const mac = (secret: string, userId: string) =>
  createHmac('sha256', secret).update(`unsubscribe:${userId}`).digest('base64url');

/** A token for one person's unsubscribe link: their id and an HMAC binding it to this purpose. */
export async function unsubscribeToken(db: Db, userId: string): Promise<string> {
  return `${userId}.${mac(await unsubscribeSecret(db), userId)}`;
}

/** The person a token names, or null when it is not one Trellis made. */
export async function verifyUnsubscribeToken(db: Db, token: string): Promise<string | null> {
  const [userId, given, ...rest] = token.split('.');
  if (rest.length || !userId || !given || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const expected = Buffer.from(mac(await unsubscribeSecret(db), userId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}

/** Turns off email for the person an emailed link names; no session needed, the token is the proof. */
export async function unsubscribe({ db, token }: { db: Db; token: string }): Promise<void> {
  const userId = await verifyUnsubscribeToken(db, token);
  const invalid = () => invalidField('/querystring/token', 'This unsubscribe link is not valid.');
  if (!userId) throw invalid();
  await db.transaction(async (tx: Tx) => {
    if (!(await userExists(tx, userId))) throw invalid();
    await upsertEmailChoice(tx, userId, 'off');
  });
}
