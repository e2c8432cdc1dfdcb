import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Db, Tx } from '#server/db/client.ts';
import { TooManyRequestsError } from './errors.ts';
import { ipRateKey } from './ip.ts';

/**
 * How failed password checks turn into waits (decision 013). Failures leak away, one every
 * `forgiveSeconds`; after `free` of them each further attempt waits 1, 2, 4 … seconds after the last
 * failure, never more than `maxWaitSeconds`. Attempts refused for waiting are not failures, so
 * nobody lengthens the wait by hammering; the owner of an account gets in at most a minute after the
 * last wrong guess, whoever made it.
 */
export interface ThrottleRule {
  free: number;
  maxWaitSeconds: number;
  forgiveSeconds: number;
}

/** One account, from anywhere: slows guessing a colleague's password, never locks it. */
export const ACCOUNT_RULE: ThrottleRule = { free: 5, maxWaitSeconds: 60, forgiveSeconds: 600 };
/**
 * One address (IPv6 per /64), for any accounts: a school's typos (a few a minute behind one
 * address) never reach it; an address spraying guesses over many accounts is slowed.
 */
export const ADDRESS_RULE: ThrottleRule = { free: 100, maxWaitSeconds: 60, forgiveSeconds: 30 };

/** Failures still counted `elapsedSeconds` after the last one. */
export function remainingFailures(failures: number, elapsedSeconds: number, rule: ThrottleRule): number {
  return Math.max(0, failures - Math.floor(Math.max(0, elapsedSeconds) / rule.forgiveSeconds));
}

/** Seconds to wait after the last failure before the next attempt, given the failures counted. */
export function waitAfterLastFailure(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxWaitSeconds, 2 ** (failures - rule.free));
}

/** Seconds still to wait now, given a stored counter. */
export function secondsToWait(
  counter: { failures: number; elapsedSeconds: number },
  rule: ThrottleRule,
): number {
  const counted = remainingFailures(counter.failures, counter.elapsedSeconds, rule);
  return Math.max(0, waitAfterLastFailure(counted, rule) - counter.elapsedSeconds);
}

/** The counters' keys: an account by a hash of its address (typed addresses are never stored). */
export function throttleKeys(email: string, ip: string): { account: string; address: string } {
  const hash = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  return { account: `account:${hash}`, address: `address:${ipRateKey(ip)}` };
}

/** SQL for the failures of a stored counter still counted now (the same sum as `remainingFailures`). */
const countedNow = (rule: ThrottleRule) =>
  sql`greatest(0, f.failures - floor(extract(epoch from now() - f.last_failure_at) / ${rule.forgiveSeconds})::int)`;

async function recordFailure(tx: Tx, key: string, rule: ThrottleRule): Promise<void> {
  await tx.execute(sql`
    insert into sign_in_failures as f (key, failures, last_failure_at) values (${key}, 1, now())
    on conflict (key) do update set failures = ${countedNow(rule)} + 1, last_failure_at = now()`);
}

/**
 * Counts an attempt on the account as a failure before its password is checked, unless a wait is
 * due (the same sums as `secondsToWait`, in one statement, so parallel attempts cannot all slip in
 * before the first failure is counted). Null when the attempt may go ahead; otherwise the seconds
 * to wait.
 */
async function claimAttempt(db: Db, key: string, rule: ThrottleRule): Promise<number | null> {
  const counted = countedNow(rule);
  const { rows } = await db.execute<{ failures: number }>(sql`
    insert into sign_in_failures as f (key, failures, last_failure_at) values (${key}, 1, now())
    on conflict (key) do update set failures = ${counted} + 1, last_failure_at = now()
     where (case when ${counted} < ${rule.free} then 0
                 else least(${rule.maxWaitSeconds}, power(2, ${counted} - ${rule.free})) end)
           <= extract(epoch from now() - f.last_failure_at)
    returning failures`);
  if (rows.length > 0) return null;
  const counter = await readCounter(db, key);
  // Forgotten in between: let the next attempt go ahead.
  return Math.max(counter ? secondsToWait(counter, rule) : 0, 1);
}

async function readCounter(
  db: Db,
  key: string,
): Promise<{ failures: number; elapsedSeconds: number } | null> {
  const { rows } = await db.execute<{ failures: number; elapsed: number }>(sql`
    select failures, extract(epoch from now() - last_failure_at)::float8 as elapsed
      from sign_in_failures where key = ${key}`);
  return rows[0] ? { failures: rows[0].failures, elapsedSeconds: Number(rows[0].elapsed) } : null;
}

function tooMany(reply: FastifyReply, seconds: number): TooManyRequestsError {
  const wait = Math.max(1, Math.ceil(seconds));
  reply.header('retry-after', String(wait));
  return new TooManyRequestsError(
    `Too many wrong passwords. Wait ${wait} second${wait === 1 ? '' : 's'} and try again.`,
  );
}

/**
 * Runs one password check (sign-in, or the current password before a change) under the counters
 * every instance shares: refuses with 429 and Retry-After while a wait is due, counts a failure for
 * the account and the address, and forgets the account's failures when the check passes. The
 * account's attempt is counted before the (slow) password check and taken back on success, so a
 * burst of parallel guesses gets no further than sequential ones, and no database connection is
 * held while the password is checked.
 */
export async function throttledPasswordCheck(args: {
  db: Db;
  email: string;
  ip: string;
  reply: FastifyReply;
  check: () => Promise<boolean>;
}): Promise<boolean> {
  const keys = throttleKeys(args.email, args.ip);
  const address = await readCounter(args.db, keys.address);
  const addressWait = address ? secondsToWait(address, ADDRESS_RULE) : 0;
  if (addressWait > 0) throw tooMany(args.reply, addressWait);
  const accountWait = await claimAttempt(args.db, keys.account, ACCOUNT_RULE);
  if (accountWait !== null) throw tooMany(args.reply, accountWait);
  const passed = await args.check();
  if (passed) await args.db.execute(sql`delete from sign_in_failures where key = ${keys.account}`);
  else await recordFailure(args.db, keys.address, ADDRESS_RULE);
  return passed;
}
