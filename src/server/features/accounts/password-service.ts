import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '#server/db/client.ts';
import { passwordResets, sessions, users } from '#server/db/schema.ts';
import {
  type Actor,
  endOtherSessions,
  endSession,
  signalSessionsEnded,
  startSession,
} from '#server/platform/auth.ts';
import type { Config } from '#server/platform/config.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { InvalidError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { Mailer } from '#server/platform/mail.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '#server/platform/secrets.ts';
import { throttledPasswordCheck } from '#server/platform/sign-in-throttle.ts';
import type { SessionDevice } from '#shared/contracts/passwords.ts';
import type { PasswordSignInRule } from './session-service.ts';

const RESET_LIFETIME_MS = 60 * 60_000;

/** The one answer to every reset request, so it never tells whether an address has an account. */
export const RESET_REQUESTED_MESSAGE =
  'If an account exists for that address, we have emailed a link to reset its password.';

const INVALID_RESET_LINK = 'This reset link is invalid or has expired. Ask for a new one.';

/**
 * Emails a single-use, hour-long reset link to an active account with this address. The mail is
 * sent after commit and not awaited, so an existing account takes no longer to answer than a
 * missing one.
 */
export async function requestPasswordReset(args: {
  db: Db;
  config: Config;
  mailer: Mailer;
  log: FastifyBaseLogger;
  email: string;
}): Promise<void> {
  const [user] = await args.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${args.email.toLowerCase()}`, eq(users.status, 'active')));
  if (!user) return;
  const token = newToken();
  await args.db.insert(passwordResets).values({
    tokenHash: hashToken(token),
    userId: user.id,
    expiresAt: new Date(Date.now() + RESET_LIFETIME_MS),
  });
  const link = `${args.config.PUBLIC_URL}/reset-password?token=${encodeURIComponent(token)}`;
  args.mailer
    .send({
      to: user.email,
      subject: 'Reset your Trellis password',
      text: [
        `Hello ${user.name},`,
        '',
        'Someone (we hope you) asked to reset the password of your Trellis account.',
        'Choose a new password here within the next hour:',
        '',
        link,
        '',
        'The link works once. If you did not ask for this, ignore this email; your password stays as it is.',
      ].join('\n'),
    })
    .catch((error: unknown) => args.log.error({ err: error }, 'password reset email not sent'));
}

/**
 * Sets a new password from a reset token, uses up the token, signs the person out everywhere and
 * signs them in here with a fresh session, all in one transaction. A reset is a password sign-in,
 * so the app's password rule applies first: where the person's district turned passwords off, the
 * reset is refused and nothing changes (its district administrators keep theirs, decision 044).
 */
export async function completePasswordReset(args: {
  db: Db;
  config: Config;
  request: FastifyRequest;
  reply: FastifyReply;
  token: string;
  password: string;
  rule?: PasswordSignInRule;
}): Promise<void> {
  const passwordHash = await hashPassword(args.password);
  if (args.rule) {
    const [pending] = await args.db
      .select({ id: users.id, districtId: users.districtId })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(
        and(
          eq(passwordResets.tokenHash, hashToken(args.token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, new Date()),
          eq(users.status, 'active'),
        ),
      );
    if (pending) await args.rule(pending);
  }
  await args.db.transaction(async (tx) => {
    // Claiming the token with one conditional update makes it single-use even under concurrent requests.
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResets.tokenHash, hashToken(args.token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, new Date()),
        ),
      )
      .returning({ userId: passwordResets.userId });
    const [user] = claimed
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.id, claimed.userId), eq(users.status, 'active')))
      : [];
    if (!user)
      throw new InvalidError(INVALID_RESET_LINK, [{ path: '/body/token', message: INVALID_RESET_LINK }]);
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    // Any other link sent before this reset is void now.
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await endOtherSessions(tx, user.id);
    await startSession(tx, args.config, args.reply, args.request, user.id);
  });
}

/**
 * Changes the signed-in person's password after checking the current one; other sessions end.
 * Wrong current passwords count as failed sign-ins, so a borrowed session cannot guess freely.
 */
export async function changePassword(args: {
  db: Db;
  actor: Actor;
  sessionTokenHash: string | null;
  ip: string;
  reply: FastifyReply;
  currentPassword: string;
  newPassword: string;
}): Promise<void> {
  const [user] = await args.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, args.actor.userId));
  const passed = await throttledPasswordCheck({
    db: args.db,
    email: args.actor.email,
    ip: args.ip,
    reply: args.reply,
    check: () => verifyPassword(args.currentPassword, user?.passwordHash ?? null),
  });
  if (!passed) throw invalidField('/body/currentPassword', 'That is not your current password.');
  const passwordHash = await hashPassword(args.newPassword);
  await args.db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, args.actor.userId));
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, args.actor.userId), isNull(passwordResets.usedAt)));
    await endOtherSessions(tx, args.actor.userId, args.sessionTokenHash);
  });
}

/** The places the signed-in person is signed in, newest first, by cursor. */
export async function listSessions(args: {
  db: Db;
  actor: Actor;
  cursor?: string;
  limit: number;
}): Promise<{ data: SessionDevice[]; nextCursor: string | null }> {
  const cursor = args.cursor ? decodeIdCursor(args.cursor) : null;
  // Session ids are UUIDv7, so their order is their creation order.
  const rows = await args.db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userAgent: sessions.userAgent,
      ip: sessions.ip,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, args.actor.userId),
        gt(sessions.expiresAt, new Date()),
        cursor ? lt(sessions.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(sessions.id))
    .limit(args.limit + 1);
  const page = rows.slice(0, args.limit);
  return {
    data: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      userAgent: row.userAgent || null,
      ip: row.ip || null,
      current: row.id === args.actor.sessionId,
    })),
    nextCursor: rows.length > args.limit ? encodeCursor([page[page.length - 1].id]) : null,
  };
}

const decodeIdCursor = (cursor: string): string =>
  decodeCursor(cursor, 1, () =>
    invalidField('/querystring/cursor', 'is not a cursor this list gave out'),
  )[0] as string;

/**
 * Signs the person out on one of their devices. Another person's session does not exist for them.
 * Revoking the current session is signing out, so its cookie is cleared too.
 */
export async function revokeSession(args: {
  db: Db;
  config: Config;
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
  sessionId: string;
}): Promise<void> {
  if (args.sessionId === args.actor.sessionId) {
    await endSession(args.db, args.config, args.reply, args.request);
    return;
  }
  const removed = await args.db
    .delete(sessions)
    .where(and(eq(sessions.id, args.sessionId), eq(sessions.userId, args.actor.userId)))
    .returning({ id: sessions.id });
  if (removed.length === 0) throw new NotFoundError('No such session.');
  await signalSessionsEnded(args.db, args.actor.userId);
}

/** Signs the person out everywhere except the device making the request. */
export async function revokeOtherSessions(args: {
  db: Db;
  actor: Actor;
  sessionTokenHash: string | null;
}): Promise<void> {
  await endOtherSessions(args.db, args.actor.userId, args.sessionTokenHash);
}
