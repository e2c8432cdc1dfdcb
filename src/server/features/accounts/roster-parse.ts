/**
 * A pure reader of OneRoster CSV bundles (a zip, or the files one by one). It reads the 1.2 binding
 * (users without roles, `roles.csv` for who does what where, `userProfiles.csv` where present, the
 * manifest's absent/bulk/delta per file) and keeps accepting 1.1-shaped users (`orgSourcedIds` and
 * `role` on each user). It validates the bundle and turns it into the staff and schools Trellis
 * keeps. It never touches the database: the service compares its output with what Trellis holds.
 *
 * A bundle Trellis cannot take is refused with every defect a careful reader would find in it:
 * manifest values that are empty or outside the vocabulary, misspelt or unknown columns, a file the
 * manifest names that is not there, and each row's non-ISO dates, vocabulary errors and dangling
 * references. In a bundle that can be taken, defective rows are left out and listed.
 *
 * Trellis holds no student records. Rows for students, parents, guardians and relatives (and their
 * roles and profiles) are counted and dropped before any other field is read, so nothing about them
 * leaves this module.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { displayNameProblem, hasControlCharacters } from '#shared/contracts/common.ts';
import type { RosterRejectedRow } from '#shared/contracts/roster.ts';
import type { Role } from '#shared/contracts/session.ts';

/** The files Trellis reads; the others of a bundle (classes, enrollments, demographics...) are never opened. */
export const ROSTER_FILES = ['manifest', 'orgs', 'users', 'roles', 'userProfiles'] as const;
export type RosterFileName = (typeof ROSTER_FILES)[number];
type DataFile = Exclude<RosterFileName, 'manifest'>;

/** A defect that makes the bundle unusable, naming the file (and line) it is in. */
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
  /** The main school (the first of schoolSourcedIds), null for district-level staff. */
  schoolSourcedId: string | null;
  /**
   * The schools the roster places the person at, main school first; null when this bundle says
   * nothing about where they work (a delta without their roles).
   */
  schoolSourcedIds: string[] | null;
  /** Orgs the person's roles name that are not in this bundle (a delta): Trellis must already hold them. */
  orgsOutsideBundle: string[];
  /** False when the roster marks the person tobedeleted or not enabled. */
  active: boolean;
}

export type FileMode = 'bulk' | 'delta' | 'absent';

export interface RosterBundle {
  oneRosterVersion: '1.1' | '1.2';
  manifest: { orgs: FileMode; users: 'bulk' | 'delta'; roles: FileMode };
  district: { sourcedId: string; name: string } | null;
  schools: RosterSchool[];
  staff: RosterStaff[];
  /** Every staff sourcedId users.csv lists (kept or not): a bulk file deactivates the rostered people it omits. */
  listedSourcedIds: string[];
  rejected: RosterRejectedRow[];
  studentsAndGuardiansSkipped: number;
}

export type RosterParseResult = { ok: true; bundle: RosterBundle } | { ok: false; defects: BundleDefect[] };

export type RosterFileInput = string | Uint8Array;

// ─── The binding's columns and vocabularies ────────────────────────────────────────────────────

const ORG_COLUMNS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'name',
  'type',
  'identifier',
  'parentSourcedId',
];
const ORG_TYPES = new Set(['department', 'school', 'district', 'local', 'state', 'national']);

/** 1.2 users.csv; 1.1 adds orgSourcedIds and role (and lacks the 1.2 additions). */
const USER_COLUMNS_12 = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'username',
  'userIds',
  'givenName',
  'familyName',
  'middleName',
  'identifier',
  'email',
  'sms',
  'phone',
  'agentSourcedIds',
  'grades',
  'password',
  'userMasterIdentifier',
  'resourceSourcedIds',
  'preferredGivenName',
  'preferredMiddleName',
  'preferredFamilyName',
  'primaryOrgSourcedId',
  'pronouns',
];
const USER_REQUIRED_12 = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'givenName',
  'familyName',
  'email',
];
const USER_REQUIRED_11 = [...USER_REQUIRED_12, 'orgSourcedIds', 'role'];
// `primaryOrg` is what some 1.2 exporters call primaryOrgSourcedId.
const USER_COLUMNS = new Set([...USER_COLUMNS_12, 'orgSourcedIds', 'role', 'primaryOrg']);

const ROLE_COLUMNS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'userSourcedId',
  'roleType',
  'role',
  'beginDate',
  'endDate',
  'orgSourcedId',
  'userProfileSourcedId',
];
const ROLE_REQUIRED = [
  'sourcedId',
  'status',
  'dateLastModified',
  'userSourcedId',
  'roleType',
  'role',
  'orgSourcedId',
];
const PROFILE_COLUMNS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'userSourcedId',
  'profileType',
  'vendorId',
  'applicationId',
  'description',
  'credentialType',
  'username',
  'password',
];
const PROFILE_REQUIRED = [
  'sourcedId',
  'status',
  'dateLastModified',
  'userSourcedId',
  'profileType',
  'vendorId',
];

const COLUMNS: Record<DataFile, { known: Set<string>; required: (shape11: boolean) => string[] }> = {
  orgs: { known: new Set(ORG_COLUMNS), required: () => ORG_COLUMNS },
  users: { known: USER_COLUMNS, required: (shape11) => (shape11 ? USER_REQUIRED_11 : USER_REQUIRED_12) },
  roles: { known: new Set(ROLE_COLUMNS), required: () => ROLE_REQUIRED },
  userProfiles: { known: new Set(PROFILE_COLUMNS), required: () => PROFILE_REQUIRED },
};

/** The data files a 1.2 manifest describes, each `file.<name>`: absent, bulk or delta. */
const MANIFEST_FILES = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItemLearningObjectiveIds',
  'lineItems',
  'lineItemScoreScales',
  'orgs',
  'resources',
  'resultLearningObjectiveIds',
  'results',
  'resultScoreScales',
  'roles',
  'scoreScales',
  'userProfiles',
  'userResources',
  'users',
];
const MANIFEST_PROPERTIES = new Set([
  'manifest.version',
  'oneroster.version',
  'source.systemName',
  'source.systemCode',
  ...MANIFEST_FILES.map((f) => `file.${f}`),
]);

/** Roles whose rows Trellis never keeps: it is a platform for staff, with no student records. */
export const STUDENT_AND_FAMILY_ROLES = new Set(['student', 'parent', 'guardian', 'relative']);

/**
 * How OneRoster roles map to Trellis roles. `administrator` (1.1) and `systemAdministrator` (1.2)
 * depend on where the person sits: at the district org they administer the district, at a school
 * they lead it. Aides, proctors and counselors are school staff without administrative duties;
 * Trellis gives them the baseline `teacher` role, which grants no administration, so they can join
 * professional learning like any other educator. A district admin can change the role afterwards.
 */
export const ROLE_MAP: Record<string, Role | 'by-org'> = {
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
/** When a person holds several roles, the one with the most responsibility is their Trellis role. */
export const ROLE_RANK: Record<Role, number> = {
  district_admin: 4,
  principal: 3,
  coach: 2,
  teacher: 1,
  network_admin: 0,
  assessor: 0,
  platform_admin: 0,
};

const Email = z.email().max(254);
/**
 * Said of every address a row cannot use: malformed, or already another account's. The same words
 * for both, so a preview never tells an administrator that an address has an account elsewhere.
 */
export const UNUSABLE_EMAIL = 'This email address cannot be used.';
const MAX_NAME = 200;
const MAX_ID = 255;

// ─── Reading files ─────────────────────────────────────────────────────────────────────────────

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
 * Takes the files Trellis reads out of a zip (at its root or in one folder) and notes the names of
 * the others. Only Trellis's files are inflated, and their declared sizes are bounded, so a zip bomb
 * costs nothing; student files (enrollments, demographics...) are never opened.
 */
export function unzipRoster(
  bytes: Uint8Array,
):
  | { ok: true; files: Partial<Record<RosterFileName, Uint8Array>>; names: string[] }
  | { ok: false; message: string } {
  if (!looksLikeZip(bytes)) return { ok: false, message: 'is not a zip file' };
  const wanted = new Map(ROSTER_FILES.map((f) => [`${f.toLowerCase()}.csv`, f]));
  const baseName = (name: string) => name.split('/').pop()?.toLowerCase() ?? '';
  const names: string[] = [];
  let tooLarge = false;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name.startsWith('__MACOSX/') || file.name.endsWith('/')) return false;
        names.push(baseName(file.name));
        if (!wanted.has(baseName(file.name))) return false;
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
    const key = wanted.get(baseName(name))!;
    if (files[key]) return { ok: false, message: `holds more than one ${key}.csv` };
    files[key] = content;
  }
  return { ok: true, files, names };
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

/** Edit distance, to suggest the column a misspelt header meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

const quoted = (value: string, max = 40) => `"${value.slice(0, max)}"`;

/** Missing required columns, and columns the binding does not know (extensions are `metadata.*`). */
function headerDefects(file: DataFile, table: CsvTable, shape11: boolean): BundleDefect[] {
  const { known, required } = COLUMNS[file];
  const defects: BundleDefect[] = [];
  const missing = required(shape11).filter((h) => !table.headers.includes(h));
  if (missing.length)
    defects.push({
      file,
      message: `${file}.csv is missing the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    });
  const seen = new Set<string>();
  for (const header of table.headers) {
    if (seen.has(header))
      defects.push({ file, message: `${file}.csv has the column ${quoted(header)} twice` });
    seen.add(header);
    if (known.has(header) || header.startsWith('metadata.')) continue;
    const near = [...known].find((k) => distance(k.toLowerCase(), header.toLowerCase()) <= 2);
    defects.push({
      file,
      message: near
        ? `${file}.csv has an unknown column ${quoted(header)}; did you mean ${near}?`
        : `${file}.csv has an unknown column ${quoted(header)}; extension columns are named metadata.*`,
    });
  }
  return defects;
}

// ─── Manifest ──────────────────────────────────────────────────────────────────────────────────

interface Manifest {
  version: '1.1' | '1.2';
  modes: Map<string, FileMode>;
}

function readManifest(table: CsvTable, defects: BundleDefect[]): Manifest | null {
  const file = 'manifest';
  const missing = ['propertyName', 'value'].filter((h) => !table.headers.includes(h));
  if (missing.length) {
    defects.push({ file, message: `manifest.csv is missing the required columns ${missing.join(', ')}` });
    return null;
  }
  for (const header of table.headers)
    if (header !== 'propertyName' && header !== 'value')
      defects.push({ file, message: `manifest.csv has an unknown column ${quoted(header)}` });
  const props = new Map<string, string>();
  for (const { line, values } of table.rows) {
    const name = values.propertyName;
    if (!name) {
      defects.push({ file, message: `manifest.csv line ${line} has no propertyName` });
      continue;
    }
    if (!MANIFEST_PROPERTIES.has(name)) {
      const near = [...MANIFEST_PROPERTIES].find((k) => distance(k.toLowerCase(), name.toLowerCase()) <= 2);
      defects.push({
        file,
        message: `manifest.csv line ${line} names an unknown property ${quoted(name)}${near ? `; did you mean ${near}?` : ''}`,
      });
      continue;
    }
    if (props.has(name)) defects.push({ file, message: `manifest.csv line ${line} repeats ${name}` });
    if (values.value === '')
      defects.push({ file, message: `manifest.csv line ${line}: ${name} has an empty value` });
    props.set(name, values.value);
  }
  const version = props.get('oneroster.version');
  if (version !== '1.1' && version !== '1.2')
    defects.push({
      file,
      message: version
        ? `manifest.csv says oneroster.version ${version.slice(0, 20)}; Trellis reads OneRoster 1.1 and 1.2`
        : 'manifest.csv has no oneroster.version; Trellis reads OneRoster 1.1 and 1.2',
    });
  const modes = new Map<string, FileMode>();
  for (const [name, value] of props) {
    if (!name.startsWith('file.') || value === '') continue;
    if (value === 'absent' || value === 'bulk' || value === 'delta') modes.set(name.slice(5), value);
    else
      defects.push({
        file,
        message: `manifest.csv gives ${name} as ${quoted(value, 20)}; expected absent, bulk or delta`,
      });
  }
  return version === '1.1' || version === '1.2' ? { version, modes } : null;
}

// ─── Rows ──────────────────────────────────────────────────────────────────────────────────────

// OneRoster dates are ISO 8601: dateLastModified a date-time in UTC, beginDate and endDate dates.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const badDateTime = (value: string) =>
  value !== '' && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)));
const badDate = (value: string) => value !== '' && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value)));

/** Text that people will read back: bounded, no control characters. */
function badText(value: string, max: number): string | null {
  if (value.length > max) return `is longer than ${max} characters`;
  if (hasControlCharacters(value)) return 'contains control characters';
  return null;
}

/** A name people will read: as `badText`, and it shows (no direction overrides, not invisible). */
export function badName(value: string, max: number): string | null {
  return badText(value, max) ?? displayNameProblem(value);
}

type StatusResult = { active: boolean } | { error: string };
function readStatus(value: string): StatusResult {
  // `inactive` comes from OneRoster 1.0 exports; it means the same to Trellis as tobedeleted.
  if (value === '' || value === 'active') return { active: true };
  if (value === 'tobedeleted' || value === 'inactive') return { active: false };
  return { error: `status must be active or tobedeleted, not ${quoted(value, 20)}` };
}

/** Exporters write booleans as true/TRUE/True; the binding means the same by each. */
function readBoolean(value: string): boolean | null | 'bad' {
  if (value === '') return null;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return 'bad';
}

interface OrgRecord {
  sourcedId: string;
  type: string;
  name: string;
}

/** A staff role read from roles.csv (1.2) or from a user row (1.1). */
interface StaffRole {
  role: string;
  orgSourcedId: string;
  primary: boolean;
}

type Reject = (reason: string, sourcedId?: string | null) => void;

/**
 * A row's sourcedId once the row has the header's column count and a usable sourcedId; otherwise
 * the row is rejected with the reason and null is returned.
 */
function rowSourcedId(
  columnCount: number,
  headerCount: number,
  sourcedId: string | undefined,
  reject: Reject,
) {
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

/** Reads a bundle from its CSV files (text or bytes); `names` are all the files a zip held. */
export function parseRosterFiles(
  files: Partial<Record<RosterFileName, RosterFileInput>>,
  names?: string[],
): RosterParseResult {
  const defects: BundleDefect[] = [];
  const tables: Partial<Record<RosterFileName, CsvTable>> = {};
  for (const file of ROSTER_FILES) {
    const input = files[file];
    if (input === undefined) continue;
    const decoded = decodeCsv(input);
    if (!decoded.ok) {
      defects.push({ file, message: `${file}.csv ${decoded.message}` });
      continue;
    }
    const read = readTable(file, decoded.text);
    if ('ok' in read) tables[file] = read.table;
    else defects.push(read);
  }
  for (const file of ['manifest', 'users'] as const)
    if (files[file] === undefined) defects.push({ file, message: `${file}.csv is missing from the bundle` });

  const manifest = tables.manifest ? readManifest(tables.manifest, defects) : null;
  const modeOf = (file: string): FileMode | undefined => manifest?.modes.get(file);
  if (manifest) {
    // Every file the manifest sends must be there, and every file Trellis reads must be announced.
    const present = new Set(
      names ?? ROSTER_FILES.filter((f) => files[f] !== undefined).map((f) => `${f}.csv`),
    );
    for (const [file, mode] of manifest.modes) {
      if (file === 'users') continue; // Reported above when missing.
      const known = ROSTER_FILES.includes(file as RosterFileName) || names !== undefined;
      if (
        mode !== 'absent' &&
        known &&
        !present.has(`${file.toLowerCase()}.csv`) &&
        !present.has(`${file}.csv`)
      )
        defects.push({
          file: 'manifest',
          message: `manifest.csv sends ${file}.csv (${mode}), but the bundle has no ${file}.csv`,
        });
    }
    for (const file of ['orgs', 'users', 'roles', 'userProfiles'] as const) {
      if (files[file] === undefined) continue;
      const mode = modeOf(file);
      if (mode === undefined || mode === 'absent')
        defects.push({
          file: 'manifest',
          message: `the bundle has ${file}.csv, but manifest.csv ${mode ? 'marks it absent' : `has no file.${file}`}`,
        });
    }
    if (modeOf('users') === 'absent')
      defects.push({ file: 'manifest', message: 'manifest.csv marks users.csv absent; Trellis needs users' });
  }

  const usersTable = tables.users;
  // 1.1-shaped users carry their orgs and role; 1.2 users have them in roles.csv.
  const shape11 =
    !!usersTable && (usersTable.headers.includes('role') || usersTable.headers.includes('orgSourcedIds'));
  for (const file of ['orgs', 'users', 'roles', 'userProfiles'] as const) {
    const table = tables[file];
    if (table) defects.push(...headerDefects(file, table, shape11));
  }
  if (usersTable && !shape11 && !tables.roles && files.roles === undefined)
    defects.push({
      file: 'roles',
      message:
        'users.csv has no role column (the OneRoster 1.2 shape), so roles come from roles.csv, which the bundle lacks',
    });

  const rejected: RosterRejectedRow[] = [];
  const isDelta = (file: DataFile) => modeOf(file) === 'delta';
  const usable = (file: DataFile) => {
    const table = tables[file];
    if (!table) return null;
    const required = COLUMNS[file].required(shape11);
    return required.every((h) => table.headers.includes(h)) ? table : null;
  };

  // Orgs: the district org stands for the importing admin's district; school orgs become its schools.
  const orgs = new Map<string, OrgRecord>();
  const schools: RosterSchool[] = [];
  const districtOrgs: OrgRecord[] = [];
  const orgTable = usable('orgs');
  const pendingSchools: { row: number; org: OrgRecord; parent: string; active: boolean }[] = [];
  for (const { line, values, columnCount } of orgTable?.rows ?? []) {
    const reject: Reject = (reason, sourcedId = values.sourcedId || null) =>
      rejected.push({ file: 'orgs', row: line, sourcedId: sourcedId?.slice(0, MAX_ID) ?? null, reason });
    const sourcedId = rowSourcedId(columnCount, orgTable!.headers.length, values.sourcedId, reject);
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
    if (badDateTime(dateLastModified) || (isDelta('orgs') && !dateLastModified)) {
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
    if (!ORG_TYPES.has(type)) {
      reject(`type ${quoted(type, 20)} is not a OneRoster org type`);
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
    defects.push({
      file: 'orgs',
      message: 'orgs.csv describes more than one district; import one district at a time',
    });
  const district =
    districtOrgs.length === 1 ? { sourcedId: districtOrgs[0].sourcedId, name: districtOrgs[0].name } : null;
  // In a delta, references may name orgs Trellis already holds; the service checks those.
  const orgsMayBeOutside = modeOf('orgs') !== 'bulk';
  for (const school of pendingSchools) {
    if (school.parent && !orgs.has(school.parent) && !orgsMayBeOutside) {
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

  // Roles (1.2): read first, so that students are known before any of their other rows is looked at.
  const roleTable = shape11 ? null : usable('roles');
  const rolesOf = new Map<string, { line: number; values: Record<string, string>; columnCount: number }[]>();
  for (const row of roleTable?.rows ?? []) {
    const user = row.values.userSourcedId;
    if (!rolesOf.has(user)) rolesOf.set(user, []);
    rolesOf.get(user)!.push(row);
  }
  const isStudentOrFamily = (user: string) => {
    const roles = rolesOf.get(user) ?? [];
    return roles.length > 0 && roles.every((r) => STUDENT_AND_FAMILY_ROLES.has(r.values.role));
  };
  const userTable = usable('users');
  // Who users.csv lists, for references, even when another of its columns is broken.
  const userIds = new Set((tables.users?.rows ?? []).map((r) => r.values.sourcedId).filter(Boolean));
  const profileTable = usable('userProfiles');
  const profileIds = new Set<string>();
  for (const { line, values, columnCount } of profileTable?.rows ?? []) {
    // A student's or parent's profile is dropped unread.
    if (isStudentOrFamily(values.userSourcedId)) continue;
    const reject: Reject = (reason, sourcedId = values.sourcedId || null) =>
      rejected.push({
        file: 'userProfiles',
        row: line,
        sourcedId: sourcedId?.slice(0, MAX_ID) ?? null,
        reason,
      });
    const sourcedId = rowSourcedId(columnCount, profileTable!.headers.length, values.sourcedId, reject);
    if (!sourcedId) continue;
    const status = readStatus(values.status);
    if ('error' in status) reject(status.error);
    else if (badDateTime(values.dateLastModified) || (isDelta('userProfiles') && !values.dateLastModified))
      reject('dateLastModified is not an ISO 8601 date-time');
    else if (!userIds.has(values.userSourcedId) && !isDelta('userProfiles'))
      reject('userSourcedId names a user not in users.csv');
    // The profile's username and password (credentials for other systems) are never read.
    else profileIds.add(sourcedId);
  }

  const staffRolesOf = new Map<string, StaffRole[]>();
  const listed = new Set<string>();
  // People with a role row left out: what the roster says of them is incomplete, so they are left out too.
  const roleRejected = new Set<string>();
  const today = new Date().toISOString().slice(0, 10);
  for (const [user, rows] of rolesOf) {
    if (isStudentOrFamily(user)) continue;
    for (const { line, values, columnCount } of rows) {
      if (STUDENT_AND_FAMILY_ROLES.has(values.role)) continue;
      const reject: Reject = (reason, sourcedId = values.sourcedId || null) => {
        roleRejected.add(user);
        rejected.push({ file: 'roles', row: line, sourcedId: sourcedId?.slice(0, MAX_ID) ?? null, reason });
      };
      const sourcedId = rowSourcedId(columnCount, roleTable!.headers.length, values.sourcedId, reject);
      if (!sourcedId) continue;
      const status = readStatus(values.status);
      if ('error' in status) {
        reject(status.error);
        continue;
      }
      if (badDateTime(values.dateLastModified) || (isDelta('roles') && !values.dateLastModified)) {
        reject('dateLastModified is not an ISO 8601 date-time');
        continue;
      }
      if (!(values.role in ROLE_MAP)) {
        // Unknown to the vocabulary: it could be anyone's, so nothing of the row is kept.
        reject(
          values.role ? `role ${quoted(values.role, 30)} is not a OneRoster role` : 'role is missing',
          null,
        );
        continue;
      }
      if (values.roleType !== 'primary' && values.roleType !== 'secondary') {
        reject(`roleType must be primary or secondary, not ${quoted(values.roleType, 20)}`);
        continue;
      }
      if (badDate(values.beginDate ?? '') || badDate(values.endDate ?? '')) {
        reject('beginDate and endDate must be ISO 8601 dates (YYYY-MM-DD)');
        continue;
      }
      if (!userIds.has(user)) {
        reject('userSourcedId names a user not in users.csv');
        continue;
      }
      if (!values.orgSourcedId || (!orgs.has(values.orgSourcedId) && !orgsMayBeOutside)) {
        reject('orgSourcedId names an org not in orgs.csv');
        continue;
      }
      if (values.userProfileSourcedId && !profileIds.has(values.userProfileSourcedId) && !isDelta('roles')) {
        reject('userProfileSourcedId names a profile not in userProfiles.csv');
        continue;
      }
      // Ended, not yet begun or to be deleted: the role no longer places the person anywhere.
      if (
        !status.active ||
        (values.endDate && values.endDate < today) ||
        (values.beginDate && values.beginDate > today)
      )
        continue;
      if (!staffRolesOf.has(user)) staffRolesOf.set(user, []);
      staffRolesOf.get(user)!.push({
        role: values.role,
        orgSourcedId: values.orgSourcedId,
        primary: values.roleType === 'primary',
      });
    }
  }

  // Users: staff only.
  const staff: RosterStaff[] = [];
  let studentsAndGuardiansSkipped = 0;
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const { line, values, columnCount } of userTable?.rows ?? []) {
    // Decided before any other field is looked at: nothing from these rows is kept, not even in errors.
    if (shape11 ? STUDENT_AND_FAMILY_ROLES.has(values.role) : isStudentOrFamily(values.sourcedId)) {
      studentsAndGuardiansSkipped += 1;
      continue;
    }
    let roles: StaffRole[];
    if (shape11) {
      const roleName = values.role;
      if (!(roleName in ROLE_MAP)) {
        rejected.push({
          file: 'users',
          row: line,
          sourcedId: null,
          reason: roleName ? `role ${quoted(roleName, 30)} is not a OneRoster role` : 'role is missing',
        });
        continue;
      }
      const orgIds = (values.orgSourcedIds ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      roles = orgIds.map((orgSourcedId) => ({ role: roleName, orgSourcedId, primary: false }));
    } else {
      if (!rolesOf.has(values.sourcedId)) {
        // Without a role Trellis cannot tell staff from students, so nothing of the row is kept.
        rejected.push({ file: 'users', row: line, sourcedId: null, reason: 'has no role in roles.csv' });
        continue;
      }
      if (roleRejected.has(values.sourcedId)) {
        rejected.push({
          file: 'users',
          row: line,
          sourcedId: values.sourcedId.slice(0, MAX_ID),
          reason: 'a role of this person in roles.csv was left out (see roles.csv)',
        });
        listed.add(values.sourcedId);
        continue;
      }
      roles = staffRolesOf.get(values.sourcedId) ?? [];
    }
    const reject: Reject = (reason, sourcedId = values.sourcedId || null) =>
      rejected.push({ file: 'users', row: line, sourcedId: sourcedId?.slice(0, MAX_ID) ?? null, reason });
    const sourcedId = rowSourcedId(columnCount, userTable!.headers.length, values.sourcedId, reject);
    if (!sourcedId) continue;
    listed.add(sourcedId);
    const { givenName, familyName, dateLastModified } = values;
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
    if (badDateTime(dateLastModified) || (isDelta('users') && !dateLastModified)) {
      reject('dateLastModified is not an ISO 8601 date-time');
      continue;
    }
    const enabled = readBoolean(values.enabledUser);
    if (enabled === 'bad') {
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
    if (shape11 && roles.length === 0) {
      reject('orgSourcedIds is missing');
      continue;
    }
    const outside = [...new Set(roles.map((r) => r.orgSourcedId).filter((id) => !orgs.has(id)))];
    if (outside.length && (shape11 ? modeOf('orgs') === 'bulk' : false)) {
      reject(`orgSourcedIds names ${outside.length === 1 ? 'an org' : 'orgs'} not in orgs.csv`);
      continue;
    }
    // 1.2 calls it primaryOrgSourcedId; some exporters write primaryOrg.
    const primary = values.primaryOrgSourcedId || values.primaryOrg || '';
    if (primary && !orgs.has(primary) && modeOf('orgs') === 'bulk') {
      reject(
        `${values.primaryOrgSourcedId ? 'primaryOrgSourcedId' : 'primaryOrg'} names an org not in orgs.csv`,
      );
      continue;
    }
    const typeOf = (id: string) => orgs.get(id)?.type ?? 'school';
    const rank = (r: StaffRole): Role => {
      const mapped = ROLE_MAP[r.role];
      return mapped === 'by-org'
        ? typeOf(r.orgSourcedId) === 'district'
          ? 'district_admin'
          : 'principal'
        : mapped;
    };
    // The primary role decides, else the one with the most responsibility.
    const mainRole =
      roles.find((r) => r.primary) ?? [...roles].sort((a, b) => ROLE_RANK[rank(b)] - ROLE_RANK[rank(a)])[0];
    const role: Role = mainRole ? rank(mainRole) : 'teacher';
    const schoolIds = [...new Set(roles.map((r) => r.orgSourcedId).filter((id) => typeOf(id) === 'school'))];
    const main = [primary, mainRole?.orgSourcedId].find((id) => id && schoolIds.includes(id));
    const ordered = main ? [main, ...schoolIds.filter((id) => id !== main)] : schoolIds;
    // A 1.2 person without any role left (all ended or to be deleted) keeps an account only if active.
    const active = status.active && enabled !== false && (shape11 || roles.length > 0);
    seenIds.set(sourcedId, line);
    seenEmails.set(email, line);
    staff.push({
      row: line,
      sourcedId,
      name,
      email,
      role,
      schoolSourcedId: ordered[0] ?? null,
      schoolSourcedIds: ordered,
      orgsOutsideBundle: outside,
      active,
    });
  }

  // With a broken bundle, every row problem is a defect too: the admin fixes them all at once.
  if (defects.length)
    return {
      ok: false,
      defects: [
        ...defects,
        ...rejected.map((r) => ({
          file: r.file,
          message: `${r.file}.csv line ${r.row}${r.sourcedId ? ` (${r.sourcedId})` : ''}: ${r.reason}`,
        })),
      ],
    };

  return {
    ok: true,
    bundle: {
      oneRosterVersion: manifest!.version,
      manifest: {
        orgs: modeOf('orgs') ?? 'absent',
        users: modeOf('users') === 'delta' ? 'delta' : 'bulk',
        roles: modeOf('roles') ?? 'absent',
      },
      district,
      schools,
      staff,
      listedSourcedIds: [...listed],
      rejected,
      studentsAndGuardiansSkipped,
    },
  };
}

/** Reads a bundle from a zip holding manifest.csv, users.csv and (as the manifest says) the others. */
export function parseRosterZip(bytes: Uint8Array): RosterParseResult {
  const unzipped = unzipRoster(bytes);
  if (!unzipped.ok)
    return { ok: false, defects: [{ file: 'bundle', message: `The upload ${unzipped.message}` }] };
  return parseRosterFiles(unzipped.files, unzipped.names);
}
