import { randomInt } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { Config } from '#server/platform/config.ts';
import { TooManyRequestsError, UnauthenticatedError } from '#server/platform/errors.ts';
import { ipRateKey } from '#server/platform/ip.ts';
import { hashToken } from '#server/platform/secrets.ts';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '#shared/contracts/edcamp.ts';

/**
 * Guests of an edcamp board (decision 084): someone at an in-person event with no account types the
 * code shown in the room and a name, and gets a cookie that opens that one board and nothing else.
 * The cookie is not a session: the rest of the API never reads it, so a guest is a signed-out
 * visitor everywhere but on their board's routes. It lasts the day.
 */
export const GUEST_HOURS = 12;

export function guestCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-trellis_edcamp_guest' : 'trellis_edcamp_guest';
}

export function setGuestCookie(config: Config, reply: FastifyReply, token: string): void {
  reply.setCookie(guestCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: GUEST_HOURS * 3600,
  });
}

export function clearGuestCookie(config: Config, reply: FastifyReply): void {
  reply.clearCookie(guestCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

/** A new join code: 8 characters of 31, about 8.5 × 10¹¹ codes, guessed only at the limits below. */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

export interface Guest {
  id: string;
  boardId: string;
  name: string;
}

/** Who is on a board: a signed-in person, or a guest of that board. */
export type Participant =
  | { kind: 'person'; actor: Actor; key: string; name: string }
  | { kind: 'guest'; guest: Guest; key: string; name: string };

export const personParticipant = (actor: Actor): Participant => ({
  kind: 'person',
  actor,
  key: `user:${actor.userId}`,
  name: actor.name,
});
export const guestParticipant = (guest: Guest): Participant => ({
  kind: 'guest',
  guest,
  key: `guest:${guest.id}`,
  name: guest.name,
});

/** The guest the request's cookie names, while their board still admits guests; else null. */
export async function findGuest(db: Db, config: Config, request: FastifyRequest): Promise<Guest | null> {
  const token = request.cookies[guestCookieName(config)];
  if (!token || token.length > 100) return null;
  const { rows } = await db.execute<{ id: string; board_id: string; name: string }>(sql`
    select g.id, g.board_id, g.name from edcamp_guests g join edcamp_boards b on b.id = g.board_id
     where g.token_hash = ${hashToken(token)} and g.expires_at > now() and b.guests_allowed`);
  const row = rows[0];
  return row ? { id: row.id, boardId: row.board_id, name: row.name } : null;
}

/** The signed-in person, else the guest of the request's cookie, else a 401. */
export async function requireParticipant(
  db: Db,
  config: Config,
  request: FastifyRequest,
): Promise<Participant> {
  if (request.actor) return personParticipant(request.actor);
  if (!request.cookies[guestCookieName(config)]) throw new UnauthenticatedError();
  if (strangers.spent(addressKey(request))) throw new TooManyRequestsError();
  const guest = await findGuest(db, config, request);
  if (!guest) {
    strangers.take(addressKey(request));
    throw new UnauthenticatedError();
  }
  return guestParticipant(guest);
}

/**
 * Counts per caller in fixed one-minute windows. The board's routes are left out of Trellis's
 * per-address limit (`rateLimit: false`) because a room full of phones shares one address on the
 * school's network; they are counted here per person or guest instead, and per address only for
 * what is tried before anyone is known (join codes).
 */
export class Counter {
  private readonly counts: LRUCache<string, { count: number; startedAt: number }>;
  constructor(
    private readonly max: number,
    private readonly windowMs = 60_000,
    keys = 10_000,
  ) {
    this.counts = new LRUCache({ max: keys });
  }
  /** Counts one more for the key; false when it has had its fill for this window. */
  take(key: string, now = Date.now()): boolean {
    let entry = this.counts.get(key);
    if (!entry || entry.startedAt + this.windowMs <= now) entry = { count: 0, startedAt: now };
    entry.count++;
    this.counts.set(key, entry);
    return entry.count <= this.max;
  }
  /** Whether the key has had its fill for this window, without counting. */
  spent(key: string, now = Date.now()): boolean {
    const entry = this.counts.get(key);
    return !!entry && entry.startedAt + this.windowMs > now && entry.count >= this.max;
  }
}

/** Reads (a phone refetching on each signal) and writes one participant may make a minute. */
export const boardReads = new Counter(240);
export const boardWrites = new Counter(60);
/** Wrong join codes one address may try in ten minutes; right ones are not counted. */
export const wrongCodes = new Counter(20, 10 * 60_000);
/** Join attempts one address may make a minute, right or wrong (a whole room joins at once). */
export const joins = new Counter(300);

/** Cookies that named no guest, per address: each cost a lookup. */
export const strangers = new Counter(120);

export function limitRead(who: string): void {
  if (!boardReads.take(who))
    throw new TooManyRequestsError('Too many requests; wait a minute and try again.');
}

export function limitWrite(who: string): void {
  if (!boardWrites.take(who))
    throw new TooManyRequestsError('Too many changes; wait a minute and try again.');
}

export function addressKey(request: FastifyRequest): string {
  return ipRateKey(request.ip);
}
