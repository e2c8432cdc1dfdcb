/**
 * District administration: inviting staff, changing roles, deactivating accounts, managing schools
 * and reading the audit log. Every function works inside the actor's own district; anything of
 * another district does not exist for it.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { refreshProfileSearch } from '#server/features/profiles/index.ts';
import { invitations, memberships, profiles, users } from '#server/db/schema.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { type Actor, endOtherSessions, startSession } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Config } from '#server/platform/config.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { Mailer } from '#server/platform/mail.ts';
import { hashPassword, hashToken, newToken } from '#server/platform/secrets.ts';
import type { PasswordSignInRule } from './session-service.ts';
import {
  type BulkInvitationBody,
  type BulkInvitationResult,
  type BulkInvitationStatus,
  type CreateInvitationBody,
  DISTRICT_ROLES,
  type DistrictRole,
  type Invitation,
  type InvitationLookup,
  ROLE_LABELS,
  type School,
  type StaffMember,
  type StaffQuery,
} from '#shared/contracts/admin.ts';
import { displayNameProblem, Email, line } from '#shared/contracts/common.ts';
import {
  canAdministerDistrict,
  canSeeArchivedSchools,
  deactivationRefusal,
  inviteOutcome,
  roleChangeRefusal,
  staffAbilities,
} from './admin-policy.ts';
import * as q from './admin-queries.ts';
import { SCHOOL_MEMBERSHIP_ROLE } from './school-membership-queries.ts';
import { readAddressLine } from './address-line.ts';

export const INVITATION_LIFETIME_MS = 7 * 24 * 3_600_000;

/** The one answer for every unusable invitation link, so a link tells nothing about why. */
export const INVALID_INVITATION =
  'This invitation link is not valid: it may have expired, been used already or been withdrawn. Ask your district administrator for a new one.';

interface MailContext {
  config: Config;
  mailer: Mailer;
  log: FastifyBaseLogger;
}

/** The actor's district, once the policy agrees they administer it. */
function administeredDistrict(actor: Actor): string {
  if (!canAdministerDistrict(actor, actor.districtId))
    throw new ForbiddenError('Only district administrators may do this.');
  return actor.districtId;
}

// ---- cursors --------------------------------------------------------------------------------

const badCursor = () => invalidField('/querystring/cursor', 'is not a cursor this list gave out');

function decodeIdCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  return decodeCursor(cursor, 1, badCursor)[0] as string;
}
function decodeNameCursor(cursor: string | undefined): { name: string; id: string } | null {
  if (!cursor) return null;
  const [name, id] = decodeCursor(cursor, 2, badCursor);
  if (typeof name !== 'string') throw badCursor();
  return { name, id: id as string };
}

// ---- staff ----------------------------------------------------------------------------------

/** Raw queries hand timestamptz over as PostgreSQL's text; this reads either form. */
function isoOrNull(value: Date | string | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}

function presentStaff(actor: Actor, row: q.StaffRow): StaffMember {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    roles: row.roles,
    school: row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
    schools: row.schools,
    rostered: row.rostered,
    status: row.status,
    lastSignedInAt: isoOrNull(row.last_signed_in_at),
    welcomedAt: isoOrNull(row.welcomed_at),
    abilities: staffAbilities(actor, {
      id: row.id,
      districtId: row.district_id,
      status: row.status,
      roles: row.roles,
    }),
  };
}

/** The district's staff, by name, searched and filtered, a page at a time. */
export async function listStaff(args: {
  db: Db;
  actor: Actor;
  query: StaffQuery;
}): Promise<{ data: StaffMember[]; nextCursor: string | null; total: number }> {
  const districtId = administeredDistrict(args.actor);
  const { limit, cursor, ...filters } = args.query;
  const [found, total] = await Promise.all([
    q.listStaffRows(args.db, { districtId, ...filters, after: decodeNameCursor(cursor), limit: limit + 1 }),
    q.countStaff(args.db, { districtId, ...filters }),
  ]);
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => presentStaff(args.actor, row)),
    nextCursor: found.length > limit ? encodeCursor([last.name, last.id]) : null,
    total,
  };
}

const districtRolesOf = (roles: readonly string[]) =>
  roles.filter((r): r is DistrictRole => (DISTRICT_ROLES as readonly string[]).includes(r));

/**
 * Gives a staff member a new district role. Their sessions end so the next request carries the new
 * role; when admins change their own role, their own session is rotated rather than ended.
 */
export async function changeStaffRole(args: {
  db: Db;
  config: Config;
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
  userId: string;
  role: DistrictRole;
}): Promise<StaffMember> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    await q.lockDistrict(tx, districtId);
    const target = await q.findStaffRow(tx, { districtId, userId: args.userId, forUpdate: true });
    if (!target) throw new NotFoundError('No such staff member.');
    const current = districtRolesOf(target.roles);
    if (current.length === 1 && current[0] === args.role) return presentStaff(args.actor, target);
    const refusal = roleChangeRefusal({
      target: { id: target.id, districtId, status: target.status, roles: target.roles },
      newRole: args.role,
      otherActiveAdmins: await q.countOtherActiveAdmins(tx, { districtId, exceptUserId: target.id }),
    });
    if (refusal) throw new ConflictError(refusal, [{ path: '/body/role', message: refusal }]);
    await q.replaceDistrictRole(tx, { districtId, userId: target.id, role: args.role });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'user.role_changed',
      target: { type: 'user', id: target.id },
      districtId,
      details: { from: current.join(', ') || null, to: args.role },
    });
    await endOtherSessions(tx, target.id);
    if (target.id === args.actor.userId)
      await startSession(tx, args.config, args.reply, args.request, target.id);
    const updated = await q.findStaffRow(tx, { districtId, userId: target.id });
    if (!updated) throw new NotFoundError('No such staff member.');
    return presentStaff(args.actor, updated);
  });
}

/** Deactivates a staff member's account and signs them out everywhere. */
export async function deactivateStaff(args: { db: Db; actor: Actor; userId: string }): Promise<StaffMember> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    await q.lockDistrict(tx, districtId);
    const target = await q.findStaffRow(tx, { districtId, userId: args.userId, forUpdate: true });
    if (!target) throw new NotFoundError('No such staff member.');
    const refusal = deactivationRefusal({
      actor: args.actor,
      target: { id: target.id, districtId, status: target.status, roles: target.roles },
      otherActiveAdmins: await q.countOtherActiveAdmins(tx, { districtId, exceptUserId: target.id }),
    });
    if (refusal) throw new ConflictError(refusal);
    if (target.status === 'deactivated') return presentStaff(args.actor, target);
    await q.setUserStatus(tx, { userId: target.id, status: 'deactivated' });
    await endOtherSessions(tx, target.id);
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'user.deactivated',
      target: { type: 'user', id: target.id },
      districtId,
    });
    return presentStaff(args.actor, { ...target, status: 'deactivated' });
  });
}

/** Lets a deactivated staff member sign in again. */
export async function reactivateStaff(args: { db: Db; actor: Actor; userId: string }): Promise<StaffMember> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    const target = await q.findStaffRow(tx, { districtId, userId: args.userId, forUpdate: true });
    if (!target) throw new NotFoundError('No such staff member.');
    if (target.status === 'active') return presentStaff(args.actor, target);
    await q.setUserStatus(tx, { userId: target.id, status: 'active' });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'user.reactivated',
      target: { type: 'user', id: target.id },
      districtId,
    });
    return presentStaff(args.actor, { ...target, status: 'active' });
  });
}

// ---- invitations ----------------------------------------------------------------------------

function presentInvitation(row: q.InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    school: row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
    invitedBy:
      row.invited_by_id && row.invited_by_name ? { id: row.invited_by_id, name: row.invited_by_name } : null,
    createdAt: row.created_at.toISOString(),
    lastSentAt: row.last_sent_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    expired: row.expires_at.getTime() <= Date.now(),
  };
}

interface InvitationMail {
  to: string;
  name: string | null;
  role: DistrictRole;
  token: string;
}

/** Sends invitation emails after commit, without making the answer wait on them. */
function sendInvitationMails(
  ctx: MailContext,
  args: { districtName: string; inviterName: string; mails: InvitationMail[] },
): void {
  for (const mail of args.mails) {
    const link = `${ctx.config.PUBLIC_URL}/invitations/accept?token=${encodeURIComponent(mail.token)}`;
    ctx.mailer
      .send({
        to: mail.to,
        subject: `You are invited to join ${args.districtName} on Trellis`,
        text: [
          `Hello${mail.name ? ` ${mail.name}` : ''},`,
          '',
          `${args.inviterName} invited you to join ${args.districtName} on Trellis, the professional learning network, as ${ROLE_LABELS[mail.role].toLowerCase()}.`,
          'Set your password and sign in here within the next 7 days:',
          '',
          link,
          '',
          'The link works once. If you were not expecting this, you can ignore this email.',
        ].join('\n'),
      })
      .catch((error: unknown) => ctx.log.error({ err: error }, 'invitation email not sent'));
  }
}

/** Checks that a school id names an open school of the district. */
async function requireOpenSchool(
  db: Db,
  districtId: string,
  schoolId: string | null | undefined,
): Promise<{ id: string; name: string } | null> {
  if (!schoolId) return null;
  const school = await q.findOpenSchool(db, { districtId, schoolId });
  if (!school) throw invalidField('/body/schoolId', 'is not an open school of your district');
  return school;
}

/**
 * Invites one person to the actor's district. An address that belongs to another district's account
 * is answered exactly as if invited, and nothing is stored or sent: a stored row would make that
 * address one of the district's own (its mail readable, its link resendable).
 */
export async function createInvitation(
  ctx: MailContext & { db: Db; actor: Actor; body: CreateInvitationBody },
): Promise<Invitation> {
  const { actor, body } = ctx;
  const districtId = administeredDistrict(actor);
  const school = await requireOpenSchool(ctx.db, districtId, body.schoolId);
  const token = newToken();
  const { row, send } = await ctx.db.transaction(async (tx) => {
    const holder = (await q.findAddressHolders(tx, districtId, [body.email])).get(body.email);
    const outcome = inviteOutcome({
      actorDistrictId: districtId,
      existingUser: holder?.userDistrictId ? { districtId: holder.userDistrictId } : null,
      openInvitation: holder?.invitationDistrictId ? { districtId: holder.invitationDistrictId } : null,
    });
    if (outcome === 'already_member') {
      const message = 'This address already belongs to a member of your district.';
      throw new ConflictError(message, [{ path: '/body/email', message }]);
    }
    if (outcome === 'already_invited') {
      const message = 'This address already has a pending invitation; resend it from the list instead.';
      throw new ConflictError(message, [{ path: '/body/email', message }]);
    }
    const now = new Date();
    const row: q.InvitationRow = {
      id: uuidv7(),
      district_id: districtId,
      email: body.email,
      name: body.name ?? null,
      role: body.role,
      school_id: school?.id ?? null,
      school_name: school?.name ?? null,
      invited_by_id: actor.userId,
      invited_by_name: actor.name,
      created_at: now,
      last_sent_at: now,
      expires_at: new Date(now.getTime() + INVITATION_LIFETIME_MS),
    };
    if (outcome === 'pretend') return { row, send: false };
    const inserted = await tx
      .insert(invitations)
      .values({
        id: row.id,
        districtId,
        email: row.email,
        name: row.name,
        role: row.role,
        schoolId: row.school_id,
        tokenHash: hashToken(token),
        invitedBy: actor.userId,
        createdAt: now,
        lastSentAt: now,
        expiresAt: row.expires_at,
      })
      .onConflictDoNothing()
      .returning({ id: invitations.id });
    if (inserted.length === 0) {
      // Someone invited the same address a moment ago.
      const message = 'This address already has a pending invitation; resend it from the list instead.';
      throw new ConflictError(message, [{ path: '/body/email', message }]);
    }
    await recordActivity(tx, {
      actor,
      verb: 'invited',
      object: { type: 'invitation', id: row.id },
      context: { districtId, schoolId: row.school_id },
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'invitation.created',
      target: { type: 'invitation', id: row.id },
      districtId,
      details: { email: row.email, role: row.role },
    });
    return { row, send: true };
  });
  if (send) {
    sendInvitationMails(ctx, {
      districtName: await q.findDistrictName(ctx.db, districtId),
      inviterName: actor.name,
      mails: [{ to: row.email, name: row.name, role: row.role, token }],
    });
  }
  return presentInvitation(row);
}

/** A bulk row's name is optional; one that is given must show (see displayNameProblem). */
const RowName = line(120).refine((s) => s === '' || displayNameProblem(s) === null);

interface ParsedRow {
  row: number;
  email: string;
  name: string | null;
  problem: string | null;
}

/** Reads one bulk row: an address, `"email, name"`, `Name <email>` (quoted or not), or `{ email, name }`. */
function parseBulkRow(raw: BulkInvitationBody['rows'][number], index: number): ParsedRow {
  let email: string;
  let name: string | undefined;
  if (typeof raw === 'string') {
    ({ email, name } = readAddressLine(raw));
  } else {
    email = raw.email;
    name = raw.name;
  }
  const parsedEmail = Email.safeParse(email);
  const shownEmail = email.trim().slice(0, 254);
  if (!parsedEmail.success)
    return { row: index + 1, email: shownEmail, name: null, problem: 'Not a valid email address.' };
  const parsedName = RowName.safeParse(name ?? '');
  if (!parsedName.success)
    return {
      row: index + 1,
      email: parsedEmail.data,
      name: null,
      problem: 'The name is too long or holds characters that are not allowed.',
    };
  return { row: index + 1, email: parsedEmail.data, name: parsedName.data || null, problem: null };
}

/**
 * Invites many people at once with one role (and school). Each row gets its own result; every valid
 * new row is created in one transaction.
 */
export async function bulkInvite(
  ctx: MailContext & { db: Db; actor: Actor; body: BulkInvitationBody },
): Promise<{ results: BulkInvitationResult[]; counts: Record<BulkInvitationStatus, number> }> {
  const { actor, body } = ctx;
  const districtId = administeredDistrict(actor);
  const school = await requireOpenSchool(ctx.db, districtId, body.schoolId);
  const parsed = body.rows.map(parseBulkRow);
  const results: BulkInvitationResult[] = [];
  const mails: InvitationMail[] = [];

  await ctx.db.transaction(async (tx) => {
    const valid = parsed.filter((p) => !p.problem);
    const holders = await q.findAddressHolders(tx, districtId, [...new Set(valid.map((p) => p.email))]);
    const seen = new Set<string>();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    const toInsert: Array<typeof invitations.$inferInsert & { token: string }> = [];
    const pending = new Map<number, BulkInvitationResult>();

    for (const p of parsed) {
      const result = (status: BulkInvitationStatus, reason: string | null) =>
        pending.set(p.row, { row: p.row, email: p.email, status, reason });
      if (p.problem) {
        result('invalid', p.problem);
        continue;
      }
      if (seen.has(p.email)) {
        result('already_invited', 'Listed earlier in this batch.');
        continue;
      }
      seen.add(p.email);
      const holder = holders.get(p.email);
      const outcome = inviteOutcome({
        actorDistrictId: districtId,
        existingUser: holder?.userDistrictId ? { districtId: holder.userDistrictId } : null,
        openInvitation: holder?.invitationDistrictId ? { districtId: holder.invitationDistrictId } : null,
      });
      if (outcome === 'already_member') {
        result('already_member', 'Already a member of your district.');
        continue;
      }
      if (outcome === 'already_invited') {
        result('already_invited', 'Already has a pending invitation.');
        continue;
      }
      result('invited', null);
      // Answered as invited, but another district's account is never stored or mailed as ours.
      if (outcome === 'pretend') continue;
      const token = newToken();
      toInsert.push({
        id: uuidv7(),
        districtId,
        email: p.email,
        name: p.name,
        role: body.role,
        schoolId: school?.id ?? null,
        tokenHash: hashToken(token),
        invitedBy: actor.userId,
        createdAt: now,
        lastSentAt: now,
        expiresAt,
        token,
      });
    }

    const inserted = new Set<string>();
    if (toInsert.length > 0) {
      const returned = await tx
        .insert(invitations)
        .values(toInsert.map(({ token: _token, ...values }) => values))
        .onConflictDoNothing()
        .returning({ id: invitations.id });
      for (const r of returned) inserted.add(r.id);
    }
    for (const invitation of toInsert) {
      if (!inserted.has(invitation.id as string)) {
        // Invited by someone else between our check and our insert.
        const row = parsed.find((p) => p.email === invitation.email && !p.problem);
        if (row)
          pending.set(row.row, {
            row: row.row,
            email: row.email,
            status: 'already_invited',
            reason: 'Already has a pending invitation.',
          });
        continue;
      }
      await recordActivity(tx, {
        actor,
        verb: 'invited',
        object: { type: 'invitation', id: invitation.id as string },
        context: { districtId, schoolId: invitation.schoolId ?? null },
      });
      mails.push({
        to: invitation.email,
        name: invitation.name ?? null,
        role: body.role,
        token: invitation.token,
      });
    }
    results.push(...[...pending.values()].sort((a, b) => a.row - b.row));
    const invitedCount = results.filter((r) => r.status === 'invited').length;
    if (invitedCount > 0)
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'invitation.bulk_created',
        target: { type: 'district', id: districtId },
        districtId,
        details: {
          invited: invitedCount,
          rows: results.length,
          role: body.role,
          schoolId: school?.id ?? null,
        },
      });
  });

  if (mails.length > 0)
    sendInvitationMails(ctx, {
      districtName: await q.findDistrictName(ctx.db, districtId),
      inviterName: actor.name,
      mails,
    });
  const counts = { invited: 0, already_member: 0, already_invited: 0, invalid: 0 };
  for (const r of results) counts[r.status] += 1;
  return { results, counts };
}

/** The district's pending invitations, newest first. */
export async function listInvitations(args: {
  db: Db;
  actor: Actor;
  cursor?: string;
  limit: number;
}): Promise<{ data: Invitation[]; nextCursor: string | null }> {
  const districtId = administeredDistrict(args.actor);
  const found = await q.listOpenInvitations(args.db, {
    districtId,
    beforeId: decodeIdCursor(args.cursor),
    limit: args.limit + 1,
  });
  const page = found.slice(0, args.limit);
  return {
    data: page.map(presentInvitation),
    nextCursor: found.length > args.limit ? encodeCursor([page[page.length - 1].id]) : null,
  };
}

/** Sends a pending invitation again with a fresh link and a fresh week; the old link stops working. */
export async function resendInvitation(
  ctx: MailContext & { db: Db; actor: Actor; invitationId: string },
): Promise<Invitation> {
  const { actor } = ctx;
  const districtId = administeredDistrict(actor);
  const token = newToken();
  const { row, send } = await ctx.db.transaction(async (tx) => {
    const found = await q.findOpenInvitation(tx, { districtId, id: ctx.invitationId });
    if (!found) throw new NotFoundError('No such pending invitation.');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    await tx
      .update(invitations)
      .set({ tokenHash: hashToken(token), lastSentAt: now, expiresAt })
      .where(eq(invitations.id, found.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'invitation.resent',
      target: { type: 'invitation', id: found.id },
      districtId,
      details: { email: found.email },
    });
    // An address that has meanwhile become an account (here or elsewhere) gets nothing.
    const send = !(await q.addressHasAccount(tx, found.email));
    return { row: { ...found, last_sent_at: now, expires_at: expiresAt }, send };
  });
  if (send)
    sendInvitationMails(ctx, {
      districtName: await q.findDistrictName(ctx.db, districtId),
      inviterName: actor.name,
      mails: [{ to: row.email, name: row.name, role: row.role, token }],
    });
  return presentInvitation(row);
}

/**
 * Sends several pending invitations of the district again, in one transaction: each gets a fresh
 * link and a fresh week, and the old links stop working; one sent within the hour is skipped, with
 * the reason. One id that is not a pending invitation of
 * the district (another district's, accepted, withdrawn) refuses the whole batch, changing nothing.
 */
export async function resendInvitations(
  ctx: MailContext & { db: Db; actor: Actor; ids: string[] },
): Promise<{ resent: number; skipped: Array<{ id: string; reason: string }> }> {
  const { actor } = ctx;
  const districtId = administeredDistrict(actor);
  const ids = [...new Set(ctx.ids)];
  const skipped: Array<{ id: string; reason: string }> = [];
  const mails = await ctx.db.transaction(async (tx) => {
    const found = await q.findOpenInvitations(tx, { districtId, ids });
    if (found.length !== ids.length) throw new NotFoundError('No such pending invitation.');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    const out: InvitationMail[] = [];
    for (const invitation of found) {
      // An inbox is not flooded: an invitation sent within the hour waits.
      if (now.getTime() - new Date(invitation.last_sent_at).getTime() < INVITATION_RESEND_GAP_MS) {
        skipped.push({
          id: invitation.id,
          reason: 'Sent less than an hour ago: wait an hour before sending it again.',
        });
        continue;
      }
      const token = newToken();
      await tx
        .update(invitations)
        .set({ tokenHash: hashToken(token), lastSentAt: now, expiresAt })
        .where(eq(invitations.id, invitation.id));
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'invitation.resent',
        target: { type: 'invitation', id: invitation.id },
        districtId,
        details: { email: invitation.email },
      });
      // An address that has meanwhile become an account (here or elsewhere) gets nothing.
      if (!(await q.addressHasAccount(tx, invitation.email)))
        out.push({ to: invitation.email, name: invitation.name, role: invitation.role, token });
    }
    return out;
  });
  if (mails.length)
    sendInvitationMails(ctx, {
      districtName: await q.findDistrictName(ctx.db, districtId),
      inviterName: actor.name,
      mails,
    });
  return { resent: ids.length - skipped.length, skipped };
}

/** How long after an invitation was sent the bulk resend may send it again. */
const INVITATION_RESEND_GAP_MS = 3_600_000;

/** Withdraws a pending invitation; its link stops working. */
export async function revokeInvitation(args: { db: Db; actor: Actor; invitationId: string }): Promise<void> {
  const districtId = administeredDistrict(args.actor);
  await args.db.transaction(async (tx) => {
    const revoked = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, args.invitationId),
          eq(invitations.districtId, districtId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email });
    if (revoked.length === 0) throw new NotFoundError('No such pending invitation.');
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'invitation.revoked',
      target: { type: 'invitation', id: revoked[0].id },
      districtId,
      details: { email: revoked[0].email },
    });
  });
}

/** What an invitation link is for, if it can still be used. */
export async function lookupInvitation(args: { db: Db; token: string }): Promise<InvitationLookup> {
  const found = await q.findUsableInvitation(args.db, hashToken(args.token));
  if (!found) throw new NotFoundError(INVALID_INVITATION);
  return { districtName: found.district_name, email: found.email, name: found.name };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: unknown } | null;
  if (!e) return false;
  return e.code === '23505' || isUniqueViolation(e.cause);
}

/**
 * Turns an invitation into an account: the user, their role, their profile, the invitation used up
 * and the statements saying so, in one transaction; then signs the new person in.
 */
export async function acceptInvitation(args: {
  db: Db;
  config: Config;
  request: FastifyRequest;
  reply: FastifyReply;
  token: string;
  name: string;
  password: string;
  rule?: PasswordSignInRule;
}): Promise<{ userId: string }> {
  const passwordHash = await hashPassword(args.password);
  try {
    return await args.db.transaction(async (tx) => {
      const now = new Date();
      const userId = uuidv7();
      // One conditional update claims the invitation, so it is single-use even under concurrent requests.
      const [claimed] = await tx
        .update(invitations)
        .set({ acceptedAt: now, acceptedUserId: null })
        .where(
          and(
            eq(invitations.tokenHash, hashToken(args.token)),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .returning();
      if (!claimed || (await q.addressHasAccount(tx, claimed.email)))
        throw new NotFoundError(INVALID_INVITATION);
      const school = claimed.schoolId
        ? await q.findOpenSchool(tx, { districtId: claimed.districtId, schoolId: claimed.schoolId })
        : undefined;
      await tx.insert(users).values({
        id: userId,
        email: claimed.email,
        name: args.name,
        passwordHash,
        districtId: claimed.districtId,
        passwordChangedAt: now,
      });
      await tx.insert(memberships).values({ userId, organizationId: claimed.districtId, role: claimed.role });
      await tx.insert(profiles).values({ userId, schoolId: school?.id ?? null });
      if (school)
        await tx
          .insert(memberships)
          .values({ userId, organizationId: school.id, role: SCHOOL_MEMBERSHIP_ROLE });
      await refreshProfileSearch(tx, [userId]);
      await tx.update(invitations).set({ acceptedUserId: userId }).where(eq(invitations.id, claimed.id));
      const person = {
        userId,
        name: args.name,
        districtId: claimed.districtId,
        schoolId: school?.id ?? null,
      };
      await recordActivity(tx, {
        actor: person,
        verb: 'accepted',
        object: { type: 'invitation', id: claimed.id },
      });
      await recordActivity(tx, {
        actor: person,
        verb: 'registered',
        object: { type: 'district', id: claimed.districtId },
      });
      // Choosing a password is signing in with one: where the district turned passwords off, the
      // invitation stays open for the district's provider (its first sign-in opens the account).
      await args.rule?.({ id: userId, districtId: claimed.districtId }, tx);
      await startSession(tx, args.config, args.reply, args.request, userId);
      return { userId };
    });
  } catch (error) {
    // The address became an account between the check and the insert.
    if (isUniqueViolation(error)) throw new NotFoundError(INVALID_INVITATION);
    throw error;
  }
}

// ---- schools --------------------------------------------------------------------------------

const presentSchool = (row: q.SchoolRow): School => ({
  id: row.id,
  name: row.name,
  archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
});

/** The schools of the actor's district; archived ones too for an administrator who asks. */
export async function listSchools(args: {
  db: Db;
  actor: Actor;
  includeArchived: boolean;
}): Promise<{ data: School[]; abilities: { manage: boolean } }> {
  const found = await q.listSchoolRows(args.db, {
    districtId: args.actor.districtId,
    includeArchived: args.includeArchived && canSeeArchivedSchools(args.actor),
  });
  return {
    data: found.map(presentSchool),
    abilities: { manage: canAdministerDistrict(args.actor, args.actor.districtId) },
  };
}

/** A district's open schools as an API client of the district reads them: nothing to manage. */
export async function listDistrictSchools(args: {
  db: Db;
  districtId: string;
}): Promise<{ data: School[]; abilities: { manage: boolean } }> {
  const found = await q.listSchoolRows(args.db, { districtId: args.districtId, includeArchived: false });
  return { data: found.map(presentSchool), abilities: { manage: false } };
}

function nameTaken(): ConflictError {
  const message = 'Your district already has a school with this name.';
  return new ConflictError(message, [{ path: '/body/name', message }]);
}

/** Adds a school to the actor's district. */
export async function createSchool(args: { db: Db; actor: Actor; name: string }): Promise<School> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    await q.lockDistrict(tx, districtId);
    if (await q.schoolNameTaken(tx, { districtId, name: args.name })) throw nameTaken();
    const row = await q.insertSchool(tx, { districtId, name: args.name });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'school.created',
      target: { type: 'school', id: row.id },
      districtId,
      details: { name: row.name },
    });
    return presentSchool(row);
  });
}

/** Renames a school of the actor's district. */
export async function renameSchool(args: {
  db: Db;
  actor: Actor;
  schoolId: string;
  name: string;
}): Promise<School> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    await q.lockDistrict(tx, districtId);
    const found = await q.findSchoolRow(tx, { districtId, id: args.schoolId });
    if (!found) throw new NotFoundError('No such school.');
    if (found.name === args.name) return presentSchool(found);
    if (await q.schoolNameTaken(tx, { districtId, name: args.name, exceptId: found.id })) throw nameTaken();
    const row = await q.updateSchool(tx, { id: found.id, name: args.name });
    // The school's name is part of what the directory searches for each person there.
    await refreshProfileSearch(tx, await q.listSchoolMemberIds(tx, found.id));
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'school.renamed',
      target: { type: 'school', id: row.id },
      districtId,
      details: { from: found.name, to: row.name },
    });
    return presentSchool(row);
  });
}

/** Archives a school (it leaves pickers and the directory) or brings it back. */
export async function setSchoolArchived(args: {
  db: Db;
  actor: Actor;
  schoolId: string;
  archived: boolean;
}): Promise<School> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    const found = await q.findSchoolRow(tx, { districtId, id: args.schoolId });
    if (!found) throw new NotFoundError('No such school.');
    if (Boolean(found.archived_at) === args.archived) return presentSchool(found);
    const row = await q.updateSchool(tx, { id: found.id, archived: args.archived });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: args.archived ? 'school.archived' : 'school.unarchived',
      target: { type: 'school', id: row.id },
      districtId,
      details: { name: row.name },
    });
    return presentSchool(row);
  });
}
