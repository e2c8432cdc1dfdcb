/**
 * District administration at scale: one action over many staff members (a selection, or everyone
 * the list's filters match), in one transaction with its audit entries, limited to the admin's
 * district; and the filtered list as CSV. Anyone named who is not of the district makes the whole
 * action a 404 with nothing changed.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '#server/db/client.ts';
import { type Actor, endOtherSessions } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Config } from '#server/platform/config.ts';
import { csvRow } from '#server/platform/csv.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { Mailer } from '#server/platform/mail.ts';
import {
  DISTRICT_ROLES,
  type DistrictRole,
  ROLE_LABELS,
  STAFF_BULK_MAX,
  type StaffBulkBody,
  type StaffBulkResult,
  type StaffFilter,
} from '#shared/contracts/admin.ts';
import { canAdministerDistrict, deactivationRefusal, roleChangeRefusal } from './admin-policy.ts';
import * as q from './admin-queries.ts';
import { setPersonSchools } from './school-membership-service.ts';
import { findOpenSchools } from './school-membership-queries.ts';
import {
  type DistrictSignInLookup,
  prepareWelcomes,
  sendWelcomeMails,
  type WelcomeMail,
} from './welcome-service.ts';
import * as welcome from './welcome-queries.ts';

function administeredDistrict(actor: Actor): string {
  if (!canAdministerDistrict(actor, actor.districtId))
    throw new ForbiddenError('Only district administrators may do this.');
  return actor.districtId;
}

const districtRolesOf = (roles: readonly string[]) =>
  roles.filter((r): r is DistrictRole => (DISTRICT_ROLES as readonly string[]).includes(r));

/** The people an action names: its ids, or everyone matching its filters (the count the admin confirmed). */
async function resolveSelection(tx: Tx, districtId: string, body: StaffBulkBody): Promise<q.StaffRow[]> {
  let ids: string[];
  if (body.matching) {
    ids = await q.listMatchingStaffIds(tx, { districtId, ...body.matching, limit: STAFF_BULK_MAX + 1 });
    if (ids.length > STAFF_BULK_MAX)
      throw invalidField('/body/matching', `matches more than ${STAFF_BULK_MAX} people; narrow the filters`);
    if (ids.length !== body.expectedCount) {
      const message = `The list has changed: ${ids.length} ${ids.length === 1 ? 'person matches' : 'people match'} now. Look again and confirm.`;
      throw new ConflictError(message, [{ path: '/body/expectedCount', message }]);
    }
  } else ids = [...new Set(body.ids ?? [])];
  const found = await q.lockStaffRows(tx, { districtId, ids });
  // Another district's people (or no one's) do not exist here, and one of them spoils the batch.
  if (found.length !== ids.length) throw new NotFoundError('No such staff member.');
  return found;
}

interface BulkContext {
  db: Db;
  actor: Actor;
  body: StaffBulkBody;
  config: Config;
  mailer: Mailer;
  log: FastifyBaseLogger;
  signIn: DistrictSignInLookup;
}

/** Changes roles, schools or status of many staff members at once, or sends their welcome again. */
export async function bulkUpdateStaff(ctx: BulkContext): Promise<StaffBulkResult> {
  const { actor, body } = ctx;
  const districtId = administeredDistrict(actor);
  const signIn = body.action === 'resend_welcome' ? await ctx.signIn(ctx.db, districtId) : null;
  let mails: WelcomeMail[] = [];

  const result = await ctx.db.transaction(async (tx) => {
    await q.lockDistrict(tx, districtId);
    const people = await resolveSelection(tx, districtId, body);
    const skipped: StaffBulkResult['skipped'] = [];
    const changed: q.StaffRow[] = [];
    let unchanged = 0;
    const undo: Array<Record<string, unknown>> = [];
    const skip = (person: q.StaffRow, reason: string) =>
      skipped.push({ id: person.id, name: person.name, reason });

    switch (body.action) {
      case 'change_role': {
        const before = new Map<DistrictRole, string[]>();
        for (const person of people) {
          const current = districtRolesOf(person.roles);
          if (current.length === 1 && current[0] === body.role) {
            unchanged += 1;
            continue;
          }
          if (person.id === actor.userId) {
            skip(person, 'Your own role is changed on its own, from your row.');
            continue;
          }
          const refusal = roleChangeRefusal({
            target: { id: person.id, districtId, status: person.status, roles: person.roles },
            newRole: body.role,
            otherActiveAdmins: await q.countOtherActiveAdmins(tx, { districtId, exceptUserId: person.id }),
          });
          if (refusal) {
            skip(person, refusal);
            continue;
          }
          await q.replaceDistrictRole(tx, { districtId, userId: person.id, role: body.role });
          await recordAudit(tx, {
            actorId: actor.userId,
            action: 'user.role_changed',
            target: { type: 'user', id: person.id },
            districtId,
            details: { from: current.join(', ') || null, to: body.role },
          });
          // The next request carries the new role.
          await endOtherSessions(tx, person.id);
          changed.push(person);
          if (current.length === 1) before.set(current[0], [...(before.get(current[0]) ?? []), person.id]);
        }
        for (const [role, ids] of before) undo.push({ action: 'change_role', role, ids });
        break;
      }
      case 'move_school': {
        const schoolIds = body.schoolId ? [body.schoolId] : [];
        if (body.schoolId && (await findOpenSchools(tx, districtId, schoolIds)).length === 0)
          throw invalidField('/body/schoolId', 'is not an open school of your district');
        const before = new Map<string, string[]>();
        for (const person of people) {
          const current = person.schools.map((s) => s.id);
          if (current.length === schoolIds.length && current.every((id, i) => id === schoolIds[i])) {
            unchanged += 1;
            continue;
          }
          await setPersonSchools(tx, {
            actorId: actor.userId,
            districtId,
            userId: person.id,
            schoolIds,
            source: 'admin',
          });
          changed.push(person);
          // Moving back is one action when the person had one school or none.
          if (current.length <= 1) {
            const key = current[0] ?? '';
            before.set(key, [...(before.get(key) ?? []), person.id]);
          }
        }
        for (const [schoolId, ids] of before)
          undo.push({ action: 'move_school', schoolId: schoolId || null, ids });
        break;
      }
      case 'deactivate': {
        for (const person of people) {
          if (person.status === 'deactivated') {
            unchanged += 1;
            continue;
          }
          const refusal = deactivationRefusal({
            actor,
            target: { id: person.id, districtId, status: person.status, roles: person.roles },
            otherActiveAdmins: await q.countOtherActiveAdmins(tx, { districtId, exceptUserId: person.id }),
          });
          if (refusal) {
            skip(person, refusal);
            continue;
          }
          await q.setUserStatus(tx, { userId: person.id, status: 'deactivated' });
          await endOtherSessions(tx, person.id);
          await recordAudit(tx, {
            actorId: actor.userId,
            action: 'user.deactivated',
            target: { type: 'user', id: person.id },
            districtId,
          });
          changed.push(person);
        }
        if (changed.length) undo.push({ action: 'reactivate', ids: changed.map((p) => p.id) });
        break;
      }
      case 'reactivate': {
        for (const person of people) {
          if (person.status === 'active') {
            unchanged += 1;
            continue;
          }
          await q.setUserStatus(tx, { userId: person.id, status: 'active' });
          await recordAudit(tx, {
            actorId: actor.userId,
            action: 'user.reactivated',
            target: { type: 'user', id: person.id },
            districtId,
          });
          changed.push(person);
        }
        if (changed.length) undo.push({ action: 'deactivate', ids: changed.map((p) => p.id) });
        break;
      }
      case 'resend_welcome': {
        const due: q.StaffRow[] = [];
        for (const person of people) {
          if (person.status !== 'active') skip(person, 'Deactivated: reactivate them first.');
          else if (person.last_signed_in_at !== null) skip(person, 'Has signed in already.');
          else if (welcomedWithinTheHour(person.welcomed_at))
            skip(person, 'Welcomed less than an hour ago: wait an hour before sending it again.');
          else due.push(person);
        }
        await welcome.markWelcomed(
          tx,
          due.map((p) => p.id),
        );
        mails = await prepareWelcomes(tx, { districtId, people: due, signIn: signIn! });
        for (const person of due) {
          await recordAudit(tx, {
            actorId: actor.userId,
            action: 'user.welcome_sent',
            target: { type: 'user', id: person.id },
            districtId,
            details: { email: person.email },
          });
        }
        changed.push(...due);
        break;
      }
    }

    if (changed.length > 0)
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'staff.bulk_changed',
        target: { type: 'district', id: districtId },
        districtId,
        details: {
          action: body.action,
          changed: changed.length,
          selected: people.length,
          ...(body.action === 'change_role' ? { role: body.role } : {}),
          ...(body.action === 'move_school' ? { schoolId: body.schoolId } : {}),
        },
      });
    return { action: body.action, changed: changed.length, unchanged, skipped, undo };
  });

  if (signIn && mails.length) await sendWelcomeMails(ctx, { districtId, signIn, mails });
  return result;
}

/** How long after a welcome it may be sent again, so an inbox is not flooded. */
const WELCOME_RESEND_GAP_MS = 3_600_000;
const welcomedWithinTheHour = (at: Date | string | null) =>
  at !== null && Date.now() - new Date(at).getTime() < WELCOME_RESEND_GAP_MS;

const EXPORT_BATCH = 500;
export const STAFF_CSV_HEADER = [
  'Name',
  'Email',
  'Roles',
  'Schools',
  'Status',
  'Last signed in (UTC)',
  'Welcomed (UTC)',
  'Rostered',
] as const;

const utc = (value: Date | string | null) =>
  value === null
    ? ''
    : (value instanceof Date
        ? value
        : new Date(
            String(value)
              .replace(' ', 'T')
              .replace(/([+-]\d\d)$/, '$1:00'),
          )
      )
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '');

const roleNames = (roles: readonly string[]) =>
  roles.map((r) => ROLE_LABELS[r as DistrictRole] ?? r.replace(/_/g, ' ')).join('; ');

/** Records that an administrator exported the district's staff list, with the filters they chose. */
export async function auditStaffExport(args: { db: Db; actor: Actor; filters: StaffFilter }): Promise<void> {
  const districtId = administeredDistrict(args.actor);
  const filters = Object.fromEntries(
    Object.entries(args.filters).filter(([, v]) => v !== undefined && v !== ''),
  );
  await recordAudit(args.db, {
    actorId: args.actor.userId,
    action: 'staff.exported',
    target: { type: 'district', id: districtId },
    districtId,
    details: { filters },
  });
}

/**
 * The district's staff under the list's filters as CSV lines, by name: a header, then batches read
 * by keyset. Every cell goes through `csvRow`, which keeps a cell a spreadsheet would run as a
 * formula as text. Authorizes before the first line.
 */
export function exportStaffCsv(args: { db: Db; actor: Actor; filters: StaffFilter }): AsyncGenerator<string> {
  const districtId = administeredDistrict(args.actor);
  return (async function* lines() {
    yield `\uFEFF${csvRow(STAFF_CSV_HEADER)}`;
    let after: { name: string; id: string } | null = null;
    for (;;) {
      const batch: q.StaffRow[] = await q.listStaffRows(args.db, {
        districtId,
        ...args.filters,
        after,
        limit: EXPORT_BATCH,
      });
      if (batch.length === 0) return;
      let chunk = '';
      for (const row of batch)
        chunk += csvRow([
          row.name,
          row.email,
          roleNames(row.roles),
          row.schools.map((s) => s.name).join('; '),
          row.status === 'active' ? 'Active' : 'Deactivated',
          utc(row.last_signed_in_at),
          utc(row.welcomed_at),
          row.rostered ? 'yes' : 'no',
        ]);
      yield chunk;
      if (batch.length < EXPORT_BATCH) return;
      const last = batch[batch.length - 1];
      after = { name: last.name, id: last.id };
    }
  })();
}
