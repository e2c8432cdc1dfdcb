/**
 * Turns a OneRoster 1.2 REST source's `orgs` and `users` (each user with its `roles` array) into the
 * staff and schools the CSV import plans from, with the same rules: students, parents, guardians and
 * relatives are counted and dropped before any other field is read (nothing of them is kept, not
 * even in errors), roles map to Trellis roles as the CSV reader maps them, the roster decides every
 * school a person works at, and a record Trellis cannot use is listed with the reason.
 */
import { z } from 'zod';
import {
  ONEROSTER_ROLE_MAP,
  type RosterPlanInput,
  type RosterSchool,
  type RosterStaff,
  rosterNameProblem,
  STUDENT_AND_FAMILY_ROLES,
  TRELLIS_ROLE_RANK,
  UNUSABLE_EMAIL,
} from '#server/features/accounts/index.ts';
import type { RosterRejectedRow } from '#shared/contracts/roster.ts';
import type { Role } from '#shared/contracts/session.ts';
import { RosterSourceError } from './client.ts';

const Email = z.email().max(254);
const MAX_ID = 255;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const ref = (value: unknown) => (isObject(value) ? str(value.sourcedId) : '');

export interface SourceRoster extends RosterPlanInput {
  /** The newest `dateLastModified` among the records read: the next delta starts after it. */
  newest: Date | null;
}

function readDate(value: unknown): Date | null {
  const text = str(value);
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Reads what the source sent; `full` means the users are the whole staff (people left out have left). */
export function readSourceRoster(args: { orgs: unknown[]; users: unknown[]; full: boolean }): SourceRoster {
  const rejected: RosterRejectedRow[] = [];
  let newest: Date | null = null;
  const seen = (value: unknown) => {
    const date = readDate(value);
    if (date && (!newest || date > newest)) newest = date;
  };

  const orgType = new Map<string, string>();
  const districts: { sourcedId: string; name: string }[] = [];
  const schools: RosterSchool[] = [];
  for (const [index, org] of args.orgs.entries()) {
    const row = index + 1;
    const reject = (reason: string, sourcedId: string | null) =>
      rejected.push({ file: 'orgs', row, sourcedId: sourcedId?.slice(0, MAX_ID) ?? null, reason });
    if (!isObject(org)) {
      reject('is not an object', null);
      continue;
    }
    const sourcedId = str(org.sourcedId);
    if (!sourcedId || sourcedId.length > MAX_ID) {
      reject('sourcedId is missing or too long', null);
      continue;
    }
    if (orgType.has(sourcedId)) {
      reject('repeats a sourcedId listed before', sourcedId);
      continue;
    }
    const status = str(org.status) || 'active';
    if (status !== 'active' && status !== 'tobedeleted') {
      reject(`status must be active or tobedeleted, not "${status.slice(0, 20)}"`, sourcedId);
      continue;
    }
    const name = str(org.name);
    const nameProblem = name ? rosterNameProblem(name, 200) : 'is missing';
    if (nameProblem) {
      reject(`name ${nameProblem}`, sourcedId);
      continue;
    }
    const type = str(org.type);
    if (!type) {
      reject('type is missing', sourcedId);
      continue;
    }
    seen(org.dateLastModified);
    orgType.set(sourcedId, type);
    if (type === 'district' && status === 'active') districts.push({ sourcedId, name });
    if (type === 'school') schools.push({ row, sourcedId, name, active: status === 'active' });
  }
  if (districts.length > 1)
    throw new RosterSourceError(
      `The roster source lists ${districts.length} districts; connect a source that serves this district alone.`,
    );

  const staff: RosterStaff[] = [];
  const listed = new Set<string>();
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  let studentsAndGuardiansSkipped = 0;
  const today = new Date().toISOString().slice(0, 10);
  const typeOf = (id: string) => orgType.get(id) ?? 'school';
  const trellisRole = (role: string, org: string): Role => {
    const mapped = ONEROSTER_ROLE_MAP[role];
    return mapped === 'by-org' ? (typeOf(org) === 'district' ? 'district_admin' : 'principal') : mapped;
  };

  people: for (const [index, user] of args.users.entries()) {
    const row = index + 1;
    if (!isObject(user)) {
      rejected.push({ file: 'users', row, sourcedId: null, reason: 'is not an object' });
      continue;
    }
    const roles = Array.isArray(user.roles) ? user.roles.filter(isObject) : [];
    // Decided before any other field is read: nothing of a student's or family member's record is kept.
    if (roles.length > 0 && roles.every((r) => STUDENT_AND_FAMILY_ROLES.has(str(r.role)))) {
      studentsAndGuardiansSkipped += 1;
      continue;
    }
    if (roles.length === 0) {
      // Without a role Trellis cannot tell staff from students, so nothing of the record is kept.
      rejected.push({ file: 'users', row, sourcedId: null, reason: 'has no roles' });
      continue;
    }
    const unknown = roles
      .map((r) => str(r.role))
      .find((r) => !(r in ONEROSTER_ROLE_MAP) && !STUDENT_AND_FAMILY_ROLES.has(r));
    if (unknown !== undefined) {
      // Unknown to the vocabulary: it could be anyone's, so nothing of the record is kept.
      rejected.push({
        file: 'roles',
        row,
        sourcedId: null,
        reason: unknown ? `role "${unknown.slice(0, 30)}" is not a OneRoster role` : 'a role has no role',
      });
      continue;
    }
    const reject = (reason: string, sourcedId: string | null) =>
      rejected.push({ file: 'users', row, sourcedId: sourcedId?.slice(0, MAX_ID) ?? null, reason });
    const sourcedId = str(user.sourcedId);
    if (!sourcedId || sourcedId.length > MAX_ID) {
      reject('sourcedId is missing or too long', null);
      continue;
    }
    listed.add(sourcedId);
    const earlier = seenIds.get(sourcedId);
    if (earlier !== undefined) {
      reject(`repeats the sourcedId of record ${earlier}`, sourcedId);
      continue;
    }
    const status = str(user.status) || 'active';
    if (status !== 'active' && status !== 'tobedeleted') {
      reject(`status must be active or tobedeleted, not "${status.slice(0, 20)}"`, sourcedId);
      continue;
    }
    const enabledRaw = user.enabledUser;
    const enabled =
      enabledRaw === undefined || enabledRaw === null || enabledRaw === ''
        ? null
        : typeof enabledRaw === 'boolean'
          ? enabledRaw
          : String(enabledRaw).toLowerCase() === 'true'
            ? true
            : String(enabledRaw).toLowerCase() === 'false'
              ? false
              : 'bad';
    if (enabled === 'bad') {
      reject('enabledUser must be true or false', sourcedId);
      continue;
    }
    seen(user.dateLastModified);
    // Preferred names are what people go by (1.2 JSON: preferredFirstName; CSV: preferredGivenName).
    const given = str(user.preferredFirstName) || str(user.preferredGivenName) || str(user.givenName);
    const family = str(user.preferredLastName) || str(user.preferredFamilyName) || str(user.familyName);
    if (!given || !family) {
      reject('givenName and familyName are required', sourcedId);
      continue;
    }
    const name = `${given} ${family}`;
    const nameProblem = rosterNameProblem(name, 200);
    if (nameProblem) {
      reject(`name ${nameProblem}`, sourcedId);
      continue;
    }
    const email = str(user.email).toLowerCase();
    if (!email) {
      reject('email is missing; Trellis accounts need an email address', sourcedId);
      continue;
    }
    if (!Email.safeParse(email).success) {
      reject(UNUSABLE_EMAIL, sourcedId);
      continue;
    }
    const emailRow = seenEmails.get(email);
    if (emailRow !== undefined) {
      reject(`uses the same email as record ${emailRow}`, sourcedId);
      continue;
    }

    // The staff roles that place the person now: ended or not yet begun ones no longer do.
    const current: { role: string; org: string; primary: boolean }[] = [];
    for (const r of roles) {
      const role = str(r.role);
      if (STUDENT_AND_FAMILY_ROLES.has(role)) continue;
      const org = ref(r.org);
      if (!org) {
        reject('a role names no org', sourcedId);
        continue people;
      }
      const roleType = str(r.roleType);
      if (roleType && roleType !== 'primary' && roleType !== 'secondary') {
        reject(`roleType must be primary or secondary, not "${roleType.slice(0, 20)}"`, sourcedId);
        continue people;
      }
      const begin = str(r.beginDate).slice(0, 10);
      const end = str(r.endDate).slice(0, 10);
      if ((begin && !ISO_DATE.test(begin)) || (end && !ISO_DATE.test(end))) {
        reject('beginDate and endDate must be ISO 8601 dates', sourcedId);
        continue people;
      }
      if ((end && end < today) || (begin && begin > today)) continue;
      current.push({ role, org, primary: roleType === 'primary' });
    }
    const mainRole =
      current.find((r) => r.primary) ??
      [...current].sort(
        (a, b) =>
          TRELLIS_ROLE_RANK[trellisRole(b.role, b.org)] - TRELLIS_ROLE_RANK[trellisRole(a.role, a.org)],
      )[0];
    const role: Role = mainRole ? trellisRole(mainRole.role, mainRole.org) : 'teacher';
    const schoolIds = [...new Set(current.map((r) => r.org).filter((id) => typeOf(id) === 'school'))];
    const primaryOrg = ref(user.primaryOrg);
    const main = [primaryOrg, mainRole?.org].find((id) => id && schoolIds.includes(id));
    const ordered = main ? [main, ...schoolIds.filter((id) => id !== main)] : schoolIds;
    const outside = [...new Set(current.map((r) => r.org).filter((id) => !orgType.has(id)))];
    seenIds.set(sourcedId, row);
    seenEmails.set(email, row);
    staff.push({
      row,
      sourcedId,
      name,
      email,
      role,
      schoolSourcedId: ordered[0] ?? null,
      schoolSourcedIds: ordered,
      orgsOutsideBundle: outside,
      active: status === 'active' && enabled !== false && current.length > 0,
    });
  }

  return {
    oneRosterVersion: '1.2',
    manifest: { orgs: 'bulk', users: args.full ? 'bulk' : 'delta', roles: 'bulk' },
    district: districts[0] ?? null,
    schools,
    staff,
    listedSourcedIds: args.full ? [...listed] : undefined,
    rejected,
    studentsAndGuardiansSkipped,
    newest,
  };
}
