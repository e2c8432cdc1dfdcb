import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type BundleDefect, parseRosterFiles, parseRosterZip, type RosterBundle } from './roster-parse.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures/oneroster');
const read = (name: string) => readFileSync(path.join(fixtures, 'bundle', name), 'utf8');
const good = () => ({ manifest: read('manifest.csv'), orgs: read('orgs.csv'), users: read('users.csv') });

const USER_HEADER =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrg,pronouns';
const ORGS = [
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
  'd1,active,2025-01-01T00:00:00Z,Test District,district,,',
  's1,active,2025-01-01T00:00:00Z,North School,school,,d1',
].join('\n');
const MANIFEST =
  'propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\nfile.users,bulk\n';

/** A users.csv line from the few fields the tests vary. */
function userLine(u: {
  id?: string;
  status?: string;
  date?: string;
  enabled?: string;
  orgs?: string;
  role?: string;
  given?: string;
  family?: string;
  email?: string;
  primary?: string;
}): string {
  const cells = [
    u.id ?? 'u1',
    u.status ?? 'active',
    u.date ?? '2025-01-01T00:00:00Z',
    u.enabled ?? 'true',
    u.orgs ?? 's1',
    u.role ?? 'teacher',
    'uname',
    '',
    u.given ?? 'Ada',
    u.family ?? 'Lovelace',
    '',
    '',
    u.email ?? 'ada@example.test',
    '',
    '',
    '',
    '',
    'hunter2',
    '',
    '',
    '',
    '',
    '',
    u.primary ?? '',
    '',
  ];
  return cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',');
}

const usersCsv = (...lines: string[]) => [USER_HEADER, ...lines].join('\n');

function bundleOf(files: Parameters<typeof parseRosterFiles>[0]): RosterBundle {
  const result = parseRosterFiles(files);
  if (!result.ok) throw new Error(`expected a bundle, got ${JSON.stringify(result.defects)}`);
  return result.bundle;
}
function defectsOf(files: Parameters<typeof parseRosterFiles>[0]): BundleDefect[] {
  const result = parseRosterFiles(files);
  if (result.ok) throw new Error('expected defects');
  return result.defects;
}

describe('reading a OneRoster 1.2 bundle', () => {
  it('reads the district, its schools and its staff from a good bundle', () => {
    const bundle = bundleOf(good());
    expect(bundle.manifest).toEqual({ orgs: 'bulk', users: 'bulk', roles: 'absent' });
    expect(bundle.district).toEqual({
      sourcedId: 'org-rvb-district',
      name: 'Riverbend Unified School District',
    });
    expect(bundle.schools.map((s) => s.name)).toEqual([
      'Elm Street Elementary',
      'Hawthorne Middle School',
      'Lakeside High School',
    ]);
    expect(bundle.staff).toHaveLength(10);
    const bySourced = new Map(bundle.staff.map((s) => [s.sourcedId, s]));
    expect(bySourced.get('usr-t-0001')).toMatchObject({ role: 'district_admin', schoolSourcedId: null });
    expect(bySourced.get('usr-t-0002')).toMatchObject({ role: 'principal', schoolSourcedId: 'org-rvb-elm' });
    expect(bySourced.get('usr-t-0004')).toMatchObject({ name: 'Jon Carter', role: 'teacher' });
    expect(bySourced.get('usr-t-0006')?.role).toBe('teacher'); // aide
    expect(bySourced.get('usr-t-0010')?.role).toBe('teacher'); // proctor
    // The primary org wins over the first listed org.
    expect(bySourced.get('usr-t-0007')?.schoolSourcedId).toBe('org-rvb-lake');
    expect(bundle.rejected).toEqual([
      { file: 'users', row: 17, sourcedId: 'usr-t-0011', reason: 'This email address cannot be used.' },
      {
        file: 'users',
        row: 18,
        sourcedId: 'usr-t-0012',
        reason: 'orgSourcedIds names an org not in orgs.csv',
      },
    ]);
  });

  it('counts student rows and keeps nothing of them, not even when they are defective', () => {
    const bundle = bundleOf(good());
    expect(bundle.studentsAndGuardiansSkipped).toBe(5);
    const output = JSON.stringify(bundle);
    for (const trace of [
      'Avery',
      'Sandoval',
      'usr-s-1001',
      'S1004',
      'Kowalski',
      'Moreau',
      'students.riverbend',
    ])
      expect(output).not.toContain(trace);
  });

  it('counts parents, guardians and relatives with the students', () => {
    const bundle = bundleOf({
      manifest: MANIFEST,
      orgs: ORGS,
      users: usersCsv(
        userLine({ id: 'p1', role: 'parent', email: 'p@x.test' }),
        userLine({ id: 'g1', role: 'guardian', email: 'g@x.test' }),
        userLine({ id: 'r1', role: 'relative', email: 'bad' }),
      ),
    });
    expect(bundle.studentsAndGuardiansSkipped).toBe(3);
    expect(bundle.staff).toEqual([]);
    expect(bundle.rejected).toEqual([]);
  });

  it('reads the same bundle from a zip, also when the files sit in a folder', () => {
    const zip = readFileSync(path.join(fixtures, 'riverbend.zip'));
    const fromZip = parseRosterZip(zip);
    expect(fromZip).toEqual({ ok: true, bundle: bundleOf(good()) });
    const files = good();
    const nested = zipSync({
      'export/manifest.csv': strToU8(files.manifest),
      'export/orgs.csv': strToU8(files.orgs),
      'export/users.csv': strToU8(files.users),
      'export/classes.csv': strToU8('ignored'),
    });
    expect(parseRosterZip(nested)).toEqual(fromZip);
  });

  it('refuses a zip without users.csv and a file that is not a zip', () => {
    const files = good();
    const partial = zipSync({ 'manifest.csv': strToU8(files.manifest), 'orgs.csv': strToU8(files.orgs) });
    expect(parseRosterZip(partial)).toEqual({
      ok: false,
      defects: [{ file: 'users', message: 'users.csv is missing from the bundle' }],
    });
    const notZip = parseRosterZip(strToU8('sourcedId,status\n'));
    expect(notZip.ok).toBe(false);
  });

  it('refuses a bundle without a manifest', () => {
    const { manifest: _, ...rest } = good();
    expect(defectsOf(rest)[0]).toEqual({
      file: 'manifest',
      message: 'manifest.csv is missing from the bundle',
    });
  });

  it('refuses a OneRoster version other than 1.1 and 1.2', () => {
    const defects = defectsOf({ ...good(), manifest: MANIFEST.replace('1.2', '1.0') });
    expect(defects[0].message).toContain('oneroster.version 1.0');
  });

  it('refuses a manifest that marks users absent', () => {
    const defects = defectsOf({
      ...good(),
      manifest: MANIFEST.replace('file.users,bulk', 'file.users,absent'),
    });
    expect(defects).toContainEqual({
      file: 'manifest',
      message: 'manifest.csv marks users.csv absent; Trellis needs users',
    });
  });

  it('names the required columns a file lacks', () => {
    const defects = defectsOf({ ...good(), users: 'sourcedId,givenName,role\nu1,Ada,teacher\n' });
    expect(defects).toHaveLength(1);
    expect(defects[0].file).toBe('users');
    expect(defects[0].message).toContain('orgSourcedIds');
    expect(defects[0].message).toContain('email');
  });

  it('refuses binary files and HTML pages named like CSV files', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(defectsOf({ ...good(), orgs: png })[0]).toEqual({
      file: 'orgs',
      message: 'orgs.csv is a binary file, not a CSV text file',
    });
    const html = strToU8('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
    expect(defectsOf({ ...good(), users: html })[0].message).toBe(
      'users.csv is an HTML or XML document, not CSV',
    );
  });

  it('refuses more than one district', () => {
    const orgs = `${ORGS}\nd2,active,2025-01-01T00:00:00Z,Other District,district,,`;
    expect(defectsOf({ manifest: MANIFEST, orgs, users: usersCsv() })[0].message).toContain(
      'more than one district',
    );
  });

  it('rejects each defective row with its line and reason, and keeps the good ones', () => {
    const bundle = bundleOf({
      manifest: MANIFEST,
      orgs: `${ORGS}\n,active,,Nameless,school,,d1\ns2,active,yesterday,Bad Date School,school,,d1`,
      users: usersCsv(
        userLine({ id: '' }),
        userLine({ id: 'u2', email: 'not-an-email' }),
        userLine({ id: 'u3', orgs: 'nowhere', email: 'u3@x.test' }),
        userLine({ id: 'u4', role: 'wizard', email: 'u4@x.test' }),
        userLine({ id: 'u5', date: '31/12/2024', email: 'u5@x.test' }),
        userLine({ id: 'u6', status: 'gone', email: 'u6@x.test' }),
        userLine({ id: 'u7', given: '', email: 'u7@x.test' }),
        userLine({ id: 'u8', email: '' }),
        userLine({ id: 'u9', email: 'u9@x.test' }),
        userLine({ id: 'u9', email: 'u9b@x.test' }),
        userLine({ id: 'u10', email: 'U9@x.test' }),
        userLine({ id: 'u11', email: 'u11@x.test', orgs: 's2' }),
      ),
    });
    expect(bundle.rejected).toEqual([
      { file: 'orgs', row: 4, sourcedId: null, reason: 'sourcedId is missing' },
      { file: 'orgs', row: 5, sourcedId: 's2', reason: 'dateLastModified is not an ISO 8601 date-time' },
      { file: 'users', row: 2, sourcedId: null, reason: 'sourcedId is missing' },
      { file: 'users', row: 3, sourcedId: 'u2', reason: 'This email address cannot be used.' },
      { file: 'users', row: 4, sourcedId: 'u3', reason: 'orgSourcedIds names an org not in orgs.csv' },
      { file: 'users', row: 5, sourcedId: null, reason: 'role "wizard" is not a OneRoster role' },
      { file: 'users', row: 6, sourcedId: 'u5', reason: 'dateLastModified is not an ISO 8601 date-time' },
      { file: 'users', row: 7, sourcedId: 'u6', reason: 'status must be active or tobedeleted, not "gone"' },
      { file: 'users', row: 8, sourcedId: 'u7', reason: 'givenName and familyName are required' },
      {
        file: 'users',
        row: 9,
        sourcedId: 'u8',
        reason: 'email is missing; Trellis accounts need an email address',
      },
      { file: 'users', row: 11, sourcedId: 'u9', reason: 'repeats the sourcedId of line 10' },
      { file: 'users', row: 12, sourcedId: 'u10', reason: 'uses the same email as line 10' },
      { file: 'users', row: 13, sourcedId: 'u11', reason: 'orgSourcedIds names an org not in orgs.csv' },
    ]);
    expect(bundle.staff.map((s) => s.sourcedId)).toEqual(['u9']);
    // The password column is never read into the bundle.
    expect(JSON.stringify(bundle)).not.toContain('hunter2');
  });

  it('marks tobedeleted and disabled staff inactive', () => {
    const bundle = bundleOf({
      manifest: MANIFEST,
      orgs: ORGS,
      users: usersCsv(
        userLine({ id: 'u1', status: 'tobedeleted', email: 'a@x.test' }),
        userLine({ id: 'u2', enabled: 'false', email: 'b@x.test' }),
        userLine({ id: 'u3', email: 'c@x.test' }),
      ),
    });
    expect(bundle.staff.map((s) => [s.sourcedId, s.active])).toEqual([
      ['u1', false],
      ['u2', false],
      ['u3', true],
    ]);
  });

  it('makes an administrator at the district a district admin and one at a school its principal', () => {
    const bundle = bundleOf({
      manifest: MANIFEST,
      orgs: ORGS,
      users: usersCsv(
        userLine({ id: 'a1', role: 'administrator', orgs: 'd1', email: 'a1@x.test' }),
        userLine({ id: 'a2', role: 'administrator', orgs: 's1', email: 'a2@x.test' }),
        userLine({ id: 'a3', role: 'administrator', orgs: 's1,d1', primary: 'd1', email: 'a3@x.test' }),
        userLine({ id: 'a4', role: 'districtAdministrator', orgs: 's1', email: 'a4@x.test' }),
      ),
    });
    expect(bundle.staff.map((s) => [s.sourcedId, s.role, s.schoolSourcedId])).toEqual([
      ['a1', 'district_admin', null],
      ['a2', 'principal', 's1'],
      ['a3', 'district_admin', 's1'],
      ['a4', 'district_admin', 's1'],
    ]);
  });

  it('keeps hostile text as plain text and refuses control characters', () => {
    const bundle = bundleOf({
      manifest: MANIFEST,
      orgs: ORGS,
      users: usersCsv(
        userLine({ id: 'x1', given: '<script>alert(1)</script>', email: 'x1@x.test' }),
        userLine({ id: 'x2', given: 'Bell\u0007', email: 'x2@x.test' }),
      ),
    });
    expect(bundle.staff[0].name).toBe('<script>alert(1)</script> Lovelace');
    expect(bundle.rejected).toEqual([
      { file: 'users', row: 3, sourcedId: 'x2', reason: 'name contains control characters' },
    ]);
  });
});

// ─── The OneRoster 1.2 binding: roles.csv, userProfiles.csv, users without roles ───────────────

const MANIFEST_12 = (modes: Record<string, string> = {}) =>
  [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.2',
    ...Object.entries({ orgs: 'bulk', users: 'bulk', roles: 'bulk', userProfiles: 'absent', ...modes }).map(
      ([file, mode]) => `file.${file},${mode}`,
    ),
    'source.systemName,Tests',
  ].join('\n');
const USERS_12_HEADER =
  'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns';
const user12 = (id: string, given: string, email: string, primary = '') =>
  `${id},active,2025-01-01T00:00:00Z,TRUE,${id},,${given},Tester,,,${email},,,,,secret,,,,,,${primary},`;
const ROLES_HEADER =
  'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId';
const role12 = (id: string, user: string, role: string, org: string, type = 'primary', dates = ',') =>
  `${id},active,2025-01-01T00:00:00Z,${user},${type},${role},${dates},${org},`;
const ORGS_12 = [
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
  'd1,active,2025-01-01T00:00:00Z,Test District,district,,',
  's1,active,2025-01-01T00:00:00Z,North School,school,,d1',
  's2,active,2025-01-01T00:00:00Z,South School,school,,d1',
].join('\n');

describe('reading a OneRoster 1.2 bundle in the 1.2 shape', () => {
  it('reads the conformance bundle as an exporter writes it: one school, its student skipped and kept nowhere', () => {
    const zip = readFileSync(path.join(fixtures, 'conformance-1.2/sample-delta-1.2.zip'));
    const result = parseRosterZip(new Uint8Array(zip));
    if (!result.ok) throw new Error(JSON.stringify(result.defects));
    expect(result.bundle).toMatchObject({
      oneRosterVersion: '1.2',
      manifest: { orgs: 'delta', users: 'delta', roles: 'delta' },
      district: null,
      schools: [{ sourcedId: 'ORG_1', name: 'Gotham High School', active: true }],
      staff: [],
      rejected: [],
      studentsAndGuardiansSkipped: 1,
    });
    // Nothing of the student (name, username, password, ids) is anywhere in what the reader returns.
    expect(JSON.stringify(result.bundle)).not.toMatch(/USER_0|Bruce|Wayne|brucewayne|Batman/);
  });

  it('takes roles from roles.csv: the primary role decides, each school of the roles is kept, main school first', () => {
    const bundle = bundleOf({
      manifest: MANIFEST_12(),
      orgs: ORGS_12,
      users: [
        USERS_12_HEADER,
        user12('t1', 'Itinerant', 'itinerant@example.test', 's2'),
        user12('a1', 'Admin', 'admin@example.test'),
        user12('k1', 'Kid', 'kid@example.test'),
      ].join('\n'),
      roles: [
        ROLES_HEADER,
        role12('r1', 't1', 'teacher', 's1', 'secondary'),
        role12('r2', 't1', 'teacher', 's2', 'primary'),
        role12('r3', 'a1', 'districtAdministrator', 'd1'),
        role12('r4', 'k1', 'student', 's1'),
      ].join('\n'),
    });
    expect(bundle.staff.map((s) => [s.sourcedId, s.role, s.schoolSourcedIds, s.active])).toEqual([
      ['t1', 'teacher', ['s2', 's1'], true],
      ['a1', 'district_admin', [], true],
    ]);
    expect(bundle.studentsAndGuardiansSkipped).toBe(1);
    expect(bundle.listedSourcedIds.sort()).toEqual(['a1', 't1']);
    expect(bundle.rejected).toEqual([]);
  });

  it('leaves out a person whose roles all ended, and does not read a student role row at all', () => {
    const bundle = bundleOf({
      manifest: MANIFEST_12(),
      orgs: ORGS_12,
      users: [USERS_12_HEADER, user12('t1', 'Gone', 'gone@example.test')].join('\n'),
      roles: [ROLES_HEADER, role12('r1', 't1', 'teacher', 's1', 'primary', '2020-08-01,2021-06-30')].join(
        '\n',
      ),
    });
    expect(bundle.staff.map((s) => [s.sourcedId, s.active, s.schoolSourcedIds])).toEqual([['t1', false, []]]);
  });

  it('reports every defect of a broken bundle at once, each where it is', () => {
    const result = parseRosterFiles({
      manifest: [
        'propertyName,value',
        'manifest.version,1.0',
        'oneroster.version,1.2',
        'file.orgs,bulk',
        'file.users,bulk',
        'file.roles,',
        'file.userProfiles,bulk',
        'file.clases,absent',
      ].join('\n'),
      orgs: [
        'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,colour',
        'd1,active,2025-01-01T00:00:00Z,Test District,district,,,blue',
        's1,active,01/02/2025,North School,school,,d1,red',
        's2,active,2025-01-01T00:00:00Z,South School,campus,,d1,red',
      ].join('\n'),
      users: [
        USERS_12_HEADER.replace(',email,', ',emial,'),
        user12('t1', 'Ada', 'ada@example.test'),
        user12('t2', 'Bo', 'bo@example.test'),
      ].join('\n'),
      roles: [
        ROLES_HEADER,
        role12('r1', 't1', 'wizard', 's1'),
        role12('r2', 't2', 'teacher', 'nowhere'),
        role12('r3', 'ghost', 'teacher', 'd1'),
        role12('r4', 't2', 'teacher', 'd1', 'main'),
        role12('r5', 't2', 'teacher', 'd1', 'primary', '2025-13-45,'),
      ].join('\n'),
    });
    if (result.ok) throw new Error('expected defects');
    const messages = result.defects.map((d) => d.message);
    const expected = [
      // Empty and misspelt manifest values; a file the manifest sends that is not there.
      'manifest.csv line 6: file.roles has an empty value',
      'manifest.csv line 8 names an unknown property "file.clases"; did you mean file.classes?',
      'manifest.csv sends userProfiles.csv (bulk), but the bundle has no userProfiles.csv',
      'the bundle has roles.csv, but manifest.csv has no file.roles',
      // Misspelt and unknown headers.
      'orgs.csv has an unknown column "colour"; extension columns are named metadata.*',
      'users.csv is missing the required column email',
      'users.csv has an unknown column "emial"; did you mean email?',
      // Non-ISO dates, vocabulary errors and dangling references, row by row.
      'orgs.csv line 3 (s1): dateLastModified is not an ISO 8601 date-time',
      'orgs.csv line 4 (s2): type "campus" is not a OneRoster org type',
      'roles.csv line 2: role "wizard" is not a OneRoster role',
      'roles.csv line 3 (r2): orgSourcedId names an org not in orgs.csv',
      'roles.csv line 4 (r3): userSourcedId names a user not in users.csv',
      'roles.csv line 5 (r4): roleType must be primary or secondary, not "main"',
      'roles.csv line 6 (r5): beginDate and endDate must be ISO 8601 dates (YYYY-MM-DD)',
    ];
    for (const message of expected) expect(messages).toContain(message);
  });

  it('keeps accepting 1.1 bundles, whose users carry their orgs and role', () => {
    const bundle = bundleOf({
      ...good(),
      manifest: read('manifest.csv').replace('oneroster.version,1.2', 'oneroster.version,1.1'),
    });
    expect(bundle.oneRosterVersion).toBe('1.1');
    expect(bundle.staff.length).toBeGreaterThan(5);
  });

  it('lets a delta name orgs it does not carry, for the service to find in Trellis', () => {
    const bundle = bundleOf({
      manifest: MANIFEST_12({ orgs: 'absent', users: 'delta', roles: 'delta' }),
      users: [USERS_12_HEADER, user12('t9', 'New', 'new@example.test')].join('\n'),
      roles: [ROLES_HEADER, role12('r9', 't9', 'teacher', 'org-held')].join('\n'),
    });
    expect(bundle.staff).toMatchObject([
      { sourcedId: 't9', schoolSourcedIds: ['org-held'], orgsOutsideBundle: ['org-held'] },
    ]);
  });
});
