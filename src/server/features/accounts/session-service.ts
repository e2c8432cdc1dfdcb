import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '#server/db/client.ts';
import { endSession, startSession } from '#server/platform/auth.ts';
import type { Config } from '#server/platform/config.ts';
import { UnauthenticatedError } from '#server/platform/errors.ts';
import { verifyPassword } from '#server/platform/secrets.ts';
import { throttledPasswordCheck } from '#server/platform/sign-in-throttle.ts';

/**
 * A rule a feature may give the app (single sign-on does) that refuses a password sign-in, after
 * the password is known to be right, by throwing: a district that signs its staff in elsewhere.
 * Every way a password starts a session applies it (sign-in, reset, accepting an invitation); `tx`
 * is the transaction the account was made in, when it is not yet committed.
 */
export type PasswordSignInRule = (user: { id: string; districtId: string }, tx?: Tx) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    passwordSignInRule?: PasswordSignInRule;
  }
}

/** Checks an email and password and starts a session; one answer for every failure, so no account is revealed. */
export async function signIn(args: {
  db: Db;
  config: Config;
  request: FastifyRequest;
  reply: FastifyReply;
  email: string;
  password: string;
  rule?: PasswordSignInRule;
}): Promise<void> {
  const { rows } = await args.db.execute<{
    id: string;
    password_hash: string | null;
    status: string;
    district_id: string;
  }>(
    sql`select id, password_hash, status, district_id from users where lower(email) = ${args.email.toLowerCase()}`,
  );
  const user = rows[0];
  // Wrong guesses slow the next attempts on the account and from the address (decision 013).
  const valid = await throttledPasswordCheck({
    db: args.db,
    email: args.email,
    ip: args.request.ip,
    reply: args.reply,
    check: async () =>
      (await verifyPassword(args.password, user?.password_hash ?? null)) && user?.status === 'active',
  });
  if (!user || !valid)
    throw new UnauthenticatedError('That email and password do not match an active account.');
  await args.rule?.({ id: user.id, districtId: user.district_id });
  await args.db.transaction((tx) => startSession(tx, args.config, args.reply, args.request, user.id));
}

/** Ends the caller's session. */
export async function signOut(args: {
  db: Db;
  config: Config;
  request: FastifyRequest;
  reply: FastifyReply;
}): Promise<void> {
  await endSession(args.db, args.config, args.reply, args.request);
}
