/**
 * A pure reader of OneRoster 1.2 CSV bundles (manifest.csv, orgs.csv, users.csv, or a zip of them).
 * It validates the bundle and turns it into the staff and schools Trellis keeps. It never touches
 * the database: the service compares its output with what Trellis holds.
 *
 * Trellis holds no student records. Rows for students, parents, guardians and relatives are counted
 * and dropped before any other field is read, so nothing about them leaves this module.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { displayNameProblem, hasControlCharacters } from '#shared/contracts/common.ts';
import type { RosterRejectedRow } from '#shared/contracts/roster.ts';
import type { Role } from '#shared/contracts/session.ts';

export type RosterFileName = 'manifest' | 'orgs' | 'users';

/** A defect that makes the whole bundle unusable, naming the file it is in. */
export interface BundleDefect {
  file: RosterFileName | 'bundle';
  message: string;
}

export interface RosterSchool {
  row: number;
  sourcedId: string;
  name: string;
  /** False when the roster marks the org tobedeleted. */
  active: boolean;
}

export interface RosterStaff {
  row: number;
  sourcedId: string;
  name: string;
  email: string;
  role: Role;
  /** The school of the person's primary org (or first school org), null for district-level staff. */
  schoolSourcedId: string | null;
  /** False when the roster marks the person tobedeleted or not enabled. */
  active: boolean;
}

export interface RosterBundle {
  manifest: { orgs: 'bulk' | 'delta'; users: 'bulk' | 'delta' };
  district: { sourcedId: string; name: string } | null;
  schools: RosterSchool[];
  staff: RosterStaff[];
  rejected: RosterRejectedRow[];
  studentsAndGuardiansSkipped: number;
}

export type RosterParseResult = { ok: true; bundle: RosterBundle } | { ok: false; defects: BundleDefect[] };

export type RosterFileInput = string | Uint8Array;

const ORG_HEADERS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'name',
  'type',
  'identifier',
  'parentSourcedId',
];
// The 1.2 users.csv columns Trellis reads; the other 1.2 columns (userIds, sms, phone, grades, password...)
// may be present and are ignored. `password` in particular is never read.
const USER_HEADERS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'orgSourcedIds',
  'role',
  'username',
  'givenName',
  'familyName',
  'email',
];

/** Roles whose rows Trellis never keeps: it is a platform for staff, with no student records. */
const STUDENT_AND_FAMILY_ROLES = new Set(['student', 'parent', 'guardian', 'relative']);

/**
 * How OneRoster roles map to Trellis roles. `administrator` (and 1.2's `systemAdministrator`) depend
 * on where the person sits: at the district org they administer the district, at a school they lead
 * it. Aides, proctors and counselors are school staff without administrative duties; Trellis gives
 * them the baseline `teacher` role, which grants no administration, so they can join professional
 * learning like any other educator. A district admin can change the role afterwards.
 */
const ROLE_MAP: Record<string, Role | 'by-org'> = {
  administrator: 'by-org',
  systemAdministrator: 'by-org',
  districtAdministrator: 'district_admin',
  siteAdministrator: 'principal',
  principal: 'principal',
  teacher: 'teacher',
  aide: 'teacher',
  proctor: 'teacher',
  counselor: 'teacher',
};

const Email = z.email().max(254);
/**
 * Said of every address a row cannot use: malformed, or already another account's. The same words
 * for both, so a preview never tells an administrator that an address has an account elsewhere.
 */
export const UNUSABLE_EMAIL = 'This email address cannot be used.';
const MAX_NAME = 200;
const MAX_ID = 255;

/** Reads one upload as UTF-8 CSV text, refusing binary files and web pages dressed up as CSV. */
export function decodeCsv(
  input: RosterFileInput,
): { ok: true; text: string } | { ok: false; message: string } {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    if (looksLikeZip(input) || looksLikeImage(input) || input.includes(0))
      return { ok: false, message: 'is a binary file, not a CSV text file' };
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { ok: false, message: 'is not UTF-8 text; export the CSV as UTF-8' };
    }
  }
  if (text.includes('\u0000')) return { ok: false, message: 'is a binary file, not a CSV text file' };
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (start.startsWith('<')) return { ok: false, message: 'is an HTML or XML document, not CSV' };
  return { ok: true, text };
}

export const looksLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function looksLikeImage(bytes: Uint8Array): boolean {
  const head = Array.from(bytes.subarray(0, 4));
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  return (
    starts([0x89, 0x50, 0x4e, 0x47]) || // PNG
    starts([0xff, 0xd8, 0xff]) || // JPEG
    starts([0x47, 0x49, 0x46, 0x38]) || // GIF
    starts([0x25, 0x50, 0x44, 0x46]) // PDF
  );
}

const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;

/**
 * Takes manifest.csv, orgs.csv and users.csv out of a zip (at its root or in one folder). Only those
 * three are inflated, and their declared sizes are bounded, so a zip bomb costs nothing.
 */
export function unzipRoster(
  bytes: Uint8Array,
): { ok: true; files: Partial<Record<RosterFileName, Uint8Array>> } | { ok: false; message: string } {
  if (!looksLikeZip(bytes)) return { ok: false, message: 'is not a zip file' };
  const wanted = new Set(['manifest.csv', 'orgs.csv', 'users.csv']);
  const baseName = (name: string) => name.split('/').pop()?.toLowerCase() ?? '';
  let tooLarge = false;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted.has(baseName(file.name)) || file.name.startsWith('__MACOSX/')) return false;
        if (file.originalSize > MAX_UNZIPPED_BYTES) tooLarge = true;
        return !tooLarge;
      },
    });
  } catch {
    return { ok: false, message: 'is not a readable zip file' };
  }
  if (tooLarge) return { ok: false, message: 'holds a CSV file larger than 20 MB' };
  const files: Partial<Record<RosterFileName, Uint8Array>> = {};
  for (const [name, content] of Object.entries(entries)) {
    const key = baseName(name).replace(/\.csv$/, '') as RosterFileName;
    if (files[key]) return { ok: false, message: `holds more than one ${key}.csv` };
    files[key] = content;
  }
  return { ok: true, files };
}

interface CsvTable {
  headers: string[];
  rows: { line: number; values: Record<string, string>; columnCount: number }[];
}

function readTable(file: RosterFileName, text: string): { ok: true; table: CsvTable } | BundleDefect {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unreadable';
    return { file, message: `${file}.csv is not valid CSV (${detail})` };
  }
  if (records.length === 0) return { file, message: `${file}.csv is empty; it needs a header row` };
  const headers = records[0].record.map((h) => h.trim());
  const rows = records.slice(1).map(({ record, info }) => {
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      values[h] = (record[i] ?? '').trim();
    });
    return { line: info.lines, values, columnCount: record.length };
  });
  return { ok: true, table: { headers, rows } };
}

function missingHeaders(file: RosterFileName, table: CsvTable, required: string[]): BundleDefect | null {
  const missing = required.filter((h) => !table.headers.includes(h));
  return missing.length
    ? {
        file,
        message: `${file}.csv is missing the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      }
    : null;
}

type Manifest = RosterBundle['manifest'];

function readManifest(table: CsvTable): Manifest | BundleDefect {
  const defect = missingHeaders('manifest', table, ['propertyName', 'value']);
  if (defect) return defect;
  const props = new Map(table.rows.map((r) => [r.values.propertyName, r.values.value]));
  const version = props.get('oneroster.version');
  if (version !== '1.2')
    return {
      file: 'manifest',
      message: version
        ? `manifest.csv says oneroster.version ${version.slice(0, 20)}; Trellis reads OneRoster 1.2`
        : 'manifest.csv has no oneroster.version; Trellis reads OneRoster 1.2',
    };
  const modes: Partial<Manifest> = {};
  for (const file of ['orgs', 'users'] as const) {
    const mode = props.get(`file.${file}`);
    if (mode === 'bulk' || mode === 'delta') modes[file] = mode;
    else if (mode === 'absent' || mode === undefined || mode === '')
      return {
        file: 'manifest',
        message: `manifest.csv marks ${file}.csv absent; Trellis needs orgs and users`,
      };
    else
      return {
        file: 'manifest',
        message: `manifest.csv gives file.${file} as ${mode.slice(0, 20)}; expected bulk, delta or absent`,
      };
  }
  return modes as Manifest;
}

const isDefect = (value: object): value is BundleDefect => 'message' in value && 'file' in value;

// OneRoster dates are ISO 8601 (date-time in UTC for dateLastModified).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
function badDate(value: string): boolean {
  return value !== '' && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)));
}

/** Text that people will read back: bounded, no control characters. */
function badText(value: string, max: number): string | null {
  if (value.length > max) return `is longer than ${max} characters`;
  if (hasControlCharacters(value)) return 'contains control characters';
  return null;
}

/** A name people will read: as `badText`, and it shows (no direction overrides, not invisible). */
function badName(value: string, max: number): string | null {
  return badText(value, max) ?? displayNameProblem(value);
}

type StatusResult = { active: boolean } | { error: string };
function readStatus(value: string): StatusResult {
  // `inactive` comes from OneRoster 1.0 exports; it means the same to Trellis as tobedeleted.
  if (value === '' || value === 'active') return { active: true };
  if (value === 'tobedeleted' || value === 'inactive') return { active: false };
  return { error: `status must be active or tobedeleted, not "${value.slice(0, 20)}"` };
}

interface OrgRecord {
  sourcedId: string;
  type: string;
  name: string;
}

/** Reads a bundle from its three CSV files (text or bytes). */
export function parseRosterFiles(files: Partial<Record<RosterFileName, RosterFileInput>>): RosterParseResult {
  const defects: BundleDefect[] = [];
  const tables: Partial<Record<RosterFileName, CsvTable>> = {};
  for (const file of ['manifest', 'orgs', 'users'] as const) {
    const input = files[file];
    if (input === undefined) {
      defects.push({ file, message: `${file}.csv is missing from the bundle` });
      continue;
    }
    const decoded = decodeCsv(input);
    if (!decoded.ok) {
      defects.push({ file, message: `${file}.csv ${decoded.message}` });
      continue;
    }
    const read = readTable(file, decoded.text);
    if (!('ok' in read)) {
      defects.push(read);
      continue;
    }
    tables[file] = read.table;
  }
  if (defects.length) return { ok: false, defects };
  const manifestTable = tables.manifest!;
  const orgTable = tables.orgs!;
  const userTable = tables.users!;

  const manifest = readManifest(manifestTable);
  if (isDefect(manifest)) defects.push(manifest);
  const orgDefect = missingHeaders('orgs', orgTable, ORG_HEADERS);
  if (orgDefect) defects.push(orgDefect);
  const userDefect = missingHeaders('users', userTable, USER_HEADERS);
  if (userDefect) defects.push(userDefect);
  if (defects.length || isDefect(manifest)) return { ok: false, defects };

  const rejected: RosterRejectedRow[] = [];
  const isDelta = (file: 'orgs' | 'users') => manifest[file] === 'delta';

  // Orgs: the district org stands for the importing admin's district; school orgs become its schools.
  const orgs = new Map<string, OrgRecord>();
  const schools: RosterSchool[] = [];
  let district: RosterBundle['district'] = null;
  const districtOrgs: OrgRecord[] = [];
  const pendingSchools: { row: number; org: OrgRecord; parent: string; active: boolean }[] = [];
  for (const { line, values, columnCount } of orgTable.rows) {
    const reject = (reason: string, sourcedId: string | null = values.sourcedId || null) =>
      rejected.push({ file: 'orgs', row: line, sourcedId: sourcedId?.slice(0, MAX_ID) ?? null, reason });
    const sourcedId = rowSourcedId(columnCount, orgTable.headers.length, values.sourcedId, reject);
    if (!sourcedId) continue;
    const { name, type, dateLastModified, parentSourcedId } = values;
    if (orgs.has(sourcedId)) {
      reject('repeats a sourcedId that an earlier row already used');
      continue;
    }
    const status = readStatus(values.status);
    if ('error' in status) {
      reject(status.error);
      continue;
    }
    if (badDate(dateLastModified) || (isDelta('orgs') && !dateLastModified)) {
      reject('dateLastModified is not an ISO 8601 date-time');
      continue;
    }
    if (!name) {
      reject('name is missing');
      continue;
    }
    const nameProblem = badName(name, MAX_NAME);
    if (nameProblem) {
      reject(`name ${nameProblem}`);
      continue;
    }
    if (!type) {
      reject('type is missing');
      continue;
    }
    const org = { sourcedId, type, name };
    orgs.set(sourcedId, org);
    if (type === 'district') districtOrgs.push(org);
    else if (type === 'school')
      pendingSchools.push({ row: line, org, parent: parentSourcedId, active: status.active });
    // Other org types (department, state, national...) are known for references but not kept.
  }
  if (districtOrgs.length > 1)
    return {
      ok: false,
      defects: [
        { file: 'orgs', message: 'orgs.csv describes more than one district; import one district at a time' },
      ],
    };
  if (districtOrgs.length === 1)
    district = { sourcedId: districtOrgs[0].sourcedId, name: districtOrgs[0].name };
  for (const school of pendingSchools) {
    if (school.parent && !orgs.has(school.parent)) {
      orgs.delete(school.org.sourcedId);
      rejected.push({
        file: 'orgs',
        row: school.row,
        sourcedId: school.org.sourcedId,
        reason: 'parentSourcedId names an org that is not in orgs.csv',
      });
      continue;
    }
    schools.push({
      row: school.row,
      sourcedId: school.org.sourcedId,
      name: school.org.name,
      active: school.active,
    });
  }

  // Users: staff only.
  const staff: RosterStaff[] = [];
  let studentsAndGuardiansSkipped = 0;
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const { line, values, columnCount } of userTable.rows) {
    const roleName = values.role;
    // Decided before any other field is looked at: nothing from these rows is kept, not even in errors.
    if (STUDENT_AND_FAMILY_ROLES.has(roleName)) {
      studentsAndGuardiansSkipped += 1;
      continue;
    }
    const mapped = ROLE_MAP[roleName];
    if (!mapped) {
      rejected.push({
        file: 'users',
        row: line,
        sourcedId: null,
        reason: roleName ? `role "${roleName.slice(0, 30)}" is not a OneRoster role` : 'role is missing',
      });
      continue;
    }
    const reject = (reason: string, sourcedId: string | null = values.sourcedId || null) =>
      rejected.push({ file: 'users', row: line, sourcedId: sourcedId?.slice(0, MAX_ID) ?? null, reason });
    const sourcedId = rowSourcedId(columnCount, userTable.headers.length, values.sourcedId, reject);
    if (!sourcedId) continue;
    const { givenName, familyName, dateLastModified, enabledUser } = values;
    const earlier = seenIds.get(sourcedId);
    if (earlier !== undefined) {
      reject(`repeats the sourcedId of line ${earlier}`);
      continue;
    }
    const status = readStatus(values.status);
    if ('error' in status) {
      reject(status.error);
      continue;
    }
    if (badDate(dateLastModified) || (isDelta('users') && !dateLastModified)) {
      reject('dateLastModified is not an ISO 8601 date-time');
      continue;
    }
    if (enabledUser !== '' && enabledUser !== 'true' && enabledUser !== 'false') {
      reject('enabledUser must be true or false');
      continue;
    }
    // Preferred names are what people go by; the legal name is the fallback.
    const given = values.preferredGivenName || givenName;
    const family = values.preferredFamilyName || familyName;
    if (!given || !family) {
      reject('givenName and familyName are required');
      continue;
    }
    const name = `${given} ${family}`;
    const nameProblem = badName(name, MAX_NAME);
    if (nameProblem) {
      reject(`name ${nameProblem}`);
      continue;
    }
    const email = values.email.toLowerCase();
    if (!email) {
      reject('email is missing; Trellis accounts need an email address');
      continue;
    }
    if (!Email.safeParse(email).success) {
      reject(UNUSABLE_EMAIL);
      continue;
    }
    const emailLine = seenEmails.get(email);
    if (emailLine !== undefined) {
      reject(`uses the same email as line ${emailLine}`);
      continue;
    }
    const orgIds = values.orgSourcedIds
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (orgIds.length === 0) {
      reject('orgSourcedIds is missing');
      continue;
    }
    const unknown = orgIds.filter((id) => !orgs.has(id));
    if (unknown.length) {
      reject(`orgSourcedIds names ${unknown.length === 1 ? 'an org' : 'orgs'} not in orgs.csv`);
      continue;
    }
    // 1.2 exports call it primaryOrg in some tools and primaryOrgSourcedId in others.
    const primary = values.primaryOrg || values.primaryOrgSourcedId || '';
    if (primary && !orgs.has(primary)) {
      reject('primaryOrg names an org not in orgs.csv');
      continue;
    }
    const home = orgs.get(primary || orgIds[0])!;
    const schoolOrg =
      home.type === 'school' ? home : orgIds.map((id) => orgs.get(id)!).find((o) => o.type === 'school');
    const role: Role =
      mapped === 'by-org' ? (home.type === 'district' ? 'district_admin' : 'principal') : mapped;
    seenIds.set(sourcedId, line);
    seenEmails.set(email, line);
    staff.push({
      row: line,
      sourcedId,
      name,
      email,
      role,
      schoolSourcedId: schoolOrg?.sourcedId ?? null,
      active: status.active && enabledUser !== 'false',
    });
  }

  return {
    ok: true,
    bundle: { manifest, district, schools, staff, rejected, studentsAndGuardiansSkipped },
  };
}

/** Reads a bundle from a zip holding manifest.csv, orgs.csv and users.csv. */
export function parseRosterZip(bytes: Uint8Array): RosterParseResult {
  const unzipped = unzipRoster(bytes);
  if (!unzipped.ok)
    return { ok: false, defects: [{ file: 'bundle', message: `The upload ${unzipped.message}` }] };
  return parseRosterFiles(unzipped.files);
}

/**
 * A row's sourcedId once the row has the header's column count and a usable sourcedId; otherwise
 * the row is rejected with the reason and null is returned.
 */
function rowSourcedId(
  columnCount: number,
  headerCount: number,
  sourcedId: string | undefined,
  reject: (reason: string, sourcedId?: string | null) => void,
): string | null {
  if (columnCount !== headerCount) {
    reject(`has ${columnCount} columns; the header has ${headerCount}`);
    return null;
  }
  if (!sourcedId) {
    reject('sourcedId is missing', null);
    return null;
  }
  const idProblem = badText(sourcedId, MAX_ID);
  if (idProblem) {
    reject(`sourcedId ${idProblem}`, null);
    return null;
  }
  return sourcedId;
}
