import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import type { Config } from '#server/platform/config.ts';
import { ensureSecret } from './queries.ts';

/**
 * Reply addresses: `reply+<token>@<reply domain>`, one per person and thing they may answer. The
 * token is the address row's id (32 hex digits) and 96 bits of an HMAC of it under the
 * installation's secret (24 hex digits): unguessable, lower case (mail servers may fold case), and
 * within the 64 characters a local part may have. Revoking the row stops it working.
 */
const SECRET_KEY = 'reply_address_secret';
const secrets = new WeakMap<Db, Promise<string>>();

function replySecret(db: Db): Promise<string> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = ensureSecret(db, SECRET_KEY, randomBytes(32).toString('base64url'));
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

const mac = (secret: string, id: string) =>
  createHmac('sha256', secret).update(`reply:${id}`).digest('hex').slice(0, 24);

/** The domain reply addresses use: REPLY_DOMAIN, else the public address's host name. */
export const replyDomain = (config: Pick<Config, 'REPLY_DOMAIN' | 'PUBLIC_URL'>): string =>
  (config.REPLY_DOMAIN ?? new URL(config.PUBLIC_URL).hostname).toLowerCase();

/** Whether Trellis receives replies: its inbound SMTP listener is configured. */
export const receivesReplies = (config: Pick<Config, 'INBOUND_SMTP_PORT'>): boolean =>
  config.INBOUND_SMTP_PORT !== undefined;

export interface ReplyTarget {
  userId: string;
  /** The reply handler a feature declares (`thread`, `messages`). */
  handler: string;
  targetId: string;
}

/**
 * The address a person's reply to an email about `targetId` goes to, made on first use and the
 * same afterwards (a new one once revoked); null when Trellis receives no replies.
 */
export async function replyAddress(app: FastifyInstance, target: ReplyTarget): Promise<string | null> {
  if (!receivesReplies(app.config)) return null;
  const { rows } = await app.db.execute<{ id: string }>(sql`
    insert into mail_reply_addresses (id, user_id, handler, target_id)
    values (${uuidv7()}, ${target.userId}, ${target.handler}, ${target.targetId})
    on conflict (user_id, handler, target_id) do update
      set id = case when mail_reply_addresses.revoked_at is null then mail_reply_addresses.id else excluded.id end,
          revoked_at = null, created_at = case when mail_reply_addresses.revoked_at is null
            then mail_reply_addresses.created_at else now() end
    returning id`);
  const id = rows[0].id;
  const hex = id.replaceAll('-', '');
  return `reply+${hex}${mac(await replySecret(app.db), id)}@${replyDomain(app.config)}`;
}

export interface ReplyAddressRow extends ReplyTarget {
  id: string;
}

/**
 * The live reply address an inbound recipient names, or null: not at the reply domain, not a
 * token Trellis made (the HMAC is checked in constant time), or revoked.
 */
export async function resolveReplyAddress(
  db: Db | Tx,
  config: Pick<Config, 'REPLY_DOMAIN' | 'PUBLIC_URL'>,
  address: string,
): Promise<ReplyAddressRow | null> {
  const match = /^reply\+([0-9a-f]{32})([0-9a-f]{24})@(.+)$/.exec(address.trim().toLowerCase());
  if (!match || match[3] !== replyDomain(config)) return null;
  const [, hex, given] = match;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expected = Buffer.from(mac(await replySecret(db as Db), id));
  if (!timingSafeEqual(Buffer.from(given), expected)) return null;
  const { rows } = await db.execute<{ user_id: string; handler: string; target_id: string }>(sql`
    select user_id, handler, target_id from mail_reply_addresses where id = ${id} and revoked_at is null`);
  const row = rows[0];
  return row ? { id, userId: row.user_id, handler: row.handler, targetId: row.target_id } : null;
}

export async function markReplyAddressUsed(db: Db, id: string): Promise<void> {
  await db.execute(sql`update mail_reply_addresses set last_used_at = now() where id = ${id}`);
}

/** Stops every reply address the person was given from working; later emails carry new ones. */
export async function revokeReplyAddresses(db: Db | Tx, userId: string): Promise<number> {
  const { rows } = await db.execute<{ id: string }>(sql`
    update mail_reply_addresses set revoked_at = now() where user_id = ${userId} and revoked_at is null
    returning id`);
  return rows.length;
}
