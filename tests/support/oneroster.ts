/**
 * Writes a small OneRoster 1.2 CSV bundle (manifest.csv, orgs.csv, users.csv) for import journeys.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RosterPerson {
  sourcedId: string;
  givenName: string;
  familyName: string;
  email: string;
  role: 'teacher' | 'administrator' | 'student' | 'aide';
  orgSourcedId: string;
}

export interface RosterBundleFiles {
  dir: string;
  manifest: string;
  orgs: string;
  users: string;
}

const MANIFEST = `propertyName,value
manifest.version,1.0
oneroster.version,1.2
file.academicSessions,absent
file.categories,absent
file.classes,absent
file.classResources,absent
file.courses,absent
file.courseResources,absent
file.demographics,absent
file.enrollments,absent
file.lineItems,absent
file.orgs,bulk
file.resources,absent
file.results,absent
file.users,bulk
source.systemName,Trellis journeys
`;

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function writeRosterBundle(options: {
  district: { sourcedId: string; name: string };
  schools: Array<{ sourcedId: string; name: string }>;
  people: RosterPerson[];
}): RosterBundleFiles {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trellis-roster-'));
  const modified = '2026-08-01T12:00:00.000Z';
  const orgs = [
    'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
    `${options.district.sourcedId},active,${modified},${csvField(options.district.name)},district,,`,
    ...options.schools.map(
      (s) => `${s.sourcedId},active,${modified},${csvField(s.name)},school,,${options.district.sourcedId}`,
    ),
  ];
  const users = [
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrg,pronouns',
    ...options.people.map((p) =>
      [
        p.sourcedId,
        'active',
        modified,
        'true',
        p.orgSourcedId,
        p.role,
        p.email.split('@')[0],
        '',
        csvField(p.givenName),
        csvField(p.familyName),
        '',
        '',
        p.email,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        p.orgSourcedId,
        '',
      ].join(','),
    ),
  ];
  const files = {
    dir,
    manifest: path.join(dir, 'manifest.csv'),
    orgs: path.join(dir, 'orgs.csv'),
    users: path.join(dir, 'users.csv'),
  };
  writeFileSync(files.manifest, MANIFEST);
  writeFileSync(files.orgs, `${orgs.join('\n')}\n`);
  writeFileSync(files.users, `${users.join('\n')}\n`);
  return files;
}
