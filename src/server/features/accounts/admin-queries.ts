/** The SQL of district administration: staff, invitations, schools and the audit log. */
import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { Role } from '#server/db/schema.ts';
import type { DistrictRole, StaffFilter, StaffStatus } from '#shared/contracts/admin.ts';
import { schoolsJsonSql } from './school-membership-queries.ts';
import { FORMER_MEMBER_EMAIL_LIKE } from '#server/platform/data-erasure.ts';

const DISTRICT_ROLE_LIST = sql.raw(`('teacher','coach','principal','district_admin')`);

/** Escapes `%`, `_` and `\` so a search term matches literally inside ILIKE. */
const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return (await tx.execute<T & Record<string, unknown>>(query)).rows as T[];
}

/**
 * Drizzle hands raw queries' timestamptz values over as PostgreSQL's text (`2025-01-02 03:04:05.678+00`);
 * this reads them (and passes Dates through).
 */
function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}
const toDateOrNull = (value: Date | string | null) => (value === null ? null : toDate(value));

function invitationDates(row: InvitationRow): InvitationRow {
  return {
    ...row,
    created_at: toDate(row.created_at),
    last_sent_at: toDate(row.last_sent_at),
    expires_at: toDate(row.expires_at),
  };
}
const schoolDates = (row: SchoolRow): SchoolRow => ({ ...row, archived_at: toDateOrNull(row.archived_at) });

/** Serializes administrative changes within one district (last-admin checks, unique school names). */
export async function lockDistrict(tx: Tx, districtId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`district-admin:${districtId}`}))`);
}

// ---- staff ----------------------------------------------------------------------------------

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  district_id: string;
  status: StaffStatus;
  roles: Role[];
  school_id: string | null;
  school_name: string | null;
  schools: Array<{ id: string; name: string }>;
  rostered: boolean;
  last_signed_in_at: Date | string | null;
  welcomed_at: Date | string | null;
}

const staffColumns = sql`
  u.id, u.name, u.email, u.district_id, u.status,
  coalesce((select array_agg(m.role order by m.role) from memberships m
             where m.user_id = u.id and m.organization_id = u.district_id), '{}') as roles,
  s.id as school_id, s.name as school_name, ${schoolsJsonSql(sql`u.id`)} as schools,
  u.sourced_id is not null as rostered, u.last_signed_in_at, u.welcomed_at`;

/** Staff rows (with each person's school) of the people `where` picks, then `rest` (order, limit, lock). */
function staffRowsWhere(tx: Tx, where: SQL, rest: SQL = sql``): Promise<StaffRow[]> {
  return rows<StaffRow>(
    tx,
    sql`select ${staffColumns}
          from users u
          left join profiles p on p.user_id = u.id
          left join organizations s on s.id = p.school_id
         where ${where}
         ${rest}`,
  );
}

/** The staff list's filters as SQL over `users u` (always the one district; erased people never). */
function staffFilterSql(args: { districtId: string } & StaffFilter): SQL {
  // The stand-ins of erased people are no one's staff (decision 014).
  const filters: SQL[] = [
    sql`u.district_id = ${args.districtId}`,
    sql`u.email not like ${FORMER_MEMBER_EMAIL_LIKE}`,
  ];
  if (args.q) {
    const term = likeTerm(args.q);
    filters.push(sql`(u.name ilike ${term} or u.email ilike ${term})`);
  }
  if (args.role)
    filters.push(
      sql`exists (select 1 from memberships m where m.user_id = u.id and m.organization_id = u.district_id and m.role = ${args.role})`,
    );
  if (args.status) filters.push(sql`u.status = ${args.status}`);
  if (args.schoolId)
    filters.push(
      sql`(exists (select 1 from memberships sm where sm.user_id = u.id and sm.organization_id = ${args.schoolId})
           or exists (select 1 from profiles sp where sp.user_id = u.id and sp.school_id = ${args.schoolId}))`,
    );
  if (args.signedIn === 'never') filters.push(sql`u.last_signed_in_at is null`);
  if (args.signedIn === 'recent') filters.push(sql`u.last_signed_in_at >= now() - interval '30 days'`);
  if (args.signedIn === 'dormant') filters.push(sql`u.last_signed_in_at < now() - interval '30 days'`);
  return sql.join(filters, sql` and `);
}

/** A page of a district's staff ordered by name then id, filtered by search, role, status, school and sign-in. */
export function listStaffRows(
  tx: Tx,
  args: { districtId: string; after: { name: string; id: string } | null; limit: number } & StaffFilter,
): Promise<StaffRow[]> {
  const after = args.after ? sql`and (u.name, u.id) > (${args.after.name}, ${args.after.id}::uuid)` : sql``;
  return staffRowsWhere(
    tx,
    sql`${staffFilterSql(args)} ${after}`,
    sql`order by u.name, u.id limit ${args.limit}`,
  );
}

/** How many of the district's staff the filters match. */
export async function countStaff(tx: Tx, args: { districtId: string } & StaffFilter): Promise<number> {
  const [row] = await rows<{ count: number }>(
    tx,
    sql`select count(*)::int as count from users u where ${staffFilterSql(args)}`,
  );
  return row.count;
}

/** The ids of the district's staff the filters match, by name, up to `limit`. */
export async function listMatchingStaffIds(
  tx: Tx,
  args: { districtId: string; limit: number } & StaffFilter,
): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`select u.id from users u where ${staffFilterSql(args)} order by u.name, u.id limit ${args.limit}`,
  );
  return found.map((r) => r.id);
}

/**
 * These staff members of the district, locked for the change, in the order given; ids that are not
 * the district's (another district's, unknown, erased) are simply not returned.
 */
export function lockStaffRows(tx: Tx, args: { districtId: string; ids: string[] }): Promise<StaffRow[]> {
  return staffRowsWhere(
    tx,
    sql`u.id = any(${sql.param(args.ids)}::uuid[]) and u.district_id = ${args.districtId}
        and u.email not like ${FORMER_MEMBER_EMAIL_LIKE}`,
    sql`order by u.name, u.id for update of u`,
  );
}

/** One staff member of a district, or undefined (another district's people do not exist here). */
export async function findStaffRow(
  tx: Tx,
  args: { districtId: string; userId: string; forUpdate?: boolean },
): Promise<StaffRow | undefined> {
  const [row] = await staffRowsWhere(
    tx,
    sql`u.id = ${args.userId} and u.district_id = ${args.districtId}`,
    args.forUpdate ? sql`for update of u` : sql``,
  );
  return row;
}

/** Active district admins of a district, leaving one person out. */
export async function countOtherActiveAdmins(
  tx: Tx,
  args: { districtId: string; exceptUserId: string },
): Promise<number> {
  const [row] = await rows<{ count: number }>(
    tx,
    sql`select count(*)::int as count
          from memberships m join users u on u.id = m.user_id
         where m.organization_id = ${args.districtId} and m.role = 'district_admin'
           and u.district_id = ${args.districtId} and u.status = 'active' and u.id <> ${args.exceptUserId}`,
  );
  return row.count;
}

/** Replaces a person's district role, keeping any role that is not a district role (assessor, ...). */
export async function replaceDistrictRole(
  tx: Tx,
  args: { districtId: string; userId: string; role: DistrictRole },
): Promise<void> {
  await tx.execute(
    sql`delete from memberships
         where user_id = ${args.userId} and organization_id = ${args.districtId}
           and role in ${DISTRICT_ROLE_LIST}`,
  );
  await tx.execute(
    sql`insert into memberships (user_id, organization_id, role) values (${args.userId}, ${args.districtId}, ${args.role})`,
  );
}

export async function setUserStatus(tx: Tx, args: { userId: string; status: StaffStatus }): Promise<void> {
  await tx.execute(
    sql`update users set status = ${args.status}, updated_at = now() where id = ${args.userId}`,
  );
}

// ---- invitations ----------------------------------------------------------------------------

export interface InvitationRow {
  id: string;
  district_id: string;
  email: string;
  name: string | null;
  role: DistrictRole;
  school_id: string | null;
  school_name: string | null;
  invited_by_id: string | null;
  invited_by_name: string | null;
  created_at: Date;
  last_sent_at: Date;
  expires_at: Date;
}

const invitationColumns = sql`
  i.id, i.district_id, i.email, i.name, i.role, i.school_id, s.name as school_name,
  i.invited_by as invited_by_id, b.name as invited_by_name, i.created_at, i.last_sent_at, i.expires_at`;

/** A district's open (neither accepted nor revoked) invitations that also meet `where`, then `rest`. */
async function openInvitations(tx: Tx, districtId: string, where: SQL, rest: SQL = sql``) {
  const found = await rows<InvitationRow>(
    tx,
    sql`select ${invitationColumns}
          from invitations i
          left join organizations s on s.id = i.school_id
          left join users b on b.id = i.invited_by
         where i.district_id = ${districtId} and i.accepted_at is null and i.revoked_at is null
           and ${where}
         ${rest}`,
  );
  return found.map(invitationDates);
}

/** Open invitations of a district, newest first. */
export function listOpenInvitations(
  tx: Tx,
  args: { districtId: string; beforeId: string | null; limit: number },
): Promise<InvitationRow[]> {
  return openInvitations(
    tx,
    args.districtId,
    args.beforeId ? sql`i.id < ${args.beforeId}` : sql`true`,
    sql`order by i.id desc limit ${args.limit}`,
  );
}

/** One open invitation of a district. */
export async function findOpenInvitation(
  tx: Tx,
  args: { districtId: string; id: string },
): Promise<InvitationRow | undefined> {
  const [row] = await openInvitations(tx, args.districtId, sql`i.id = ${args.id}`);
  return row;
}

/** These open invitations of a district, locked; ids that are not one are left out. */
export function findOpenInvitations(
  tx: Tx,
  args: { districtId: string; ids: string[] },
): Promise<InvitationRow[]> {
  return openInvitations(
    tx,
    args.districtId,
    sql`i.id = any(${sql.param(args.ids)}::uuid[])`,
    sql`order by i.id for update of i`,
  );
}

/** For each address: the district of an account holding it, and of an open invitation to it. */
export async function findAddressHolders(
  tx: Tx,
  districtId: string,
  emails: string[],
): Promise<Map<string, { userDistrictId: string | null; invitationDistrictId: string | null }>> {
  const result = new Map<string, { userDistrictId: string | null; invitationDistrictId: string | null }>();
  if (emails.length === 0) return result;
  const list = sql.join(
    emails.map((e) => sql`${e}`),
    sql`, `,
  );
  const found = await rows<{ email: string; kind: 'user' | 'invitation'; district_id: string }>(
    tx,
    sql`select lower(email) as email, 'user' as kind, district_id from users where lower(email) in (${list})
        union all
        select lower(email), 'invitation', district_id from invitations
         where lower(email) in (${list}) and district_id = ${districtId} and accepted_at is null and revoked_at is null`,
  );
  for (const row of found) {
    const entry = result.get(row.email) ?? { userDistrictId: null, invitationDistrictId: null };
    if (row.kind === 'user') entry.userDistrictId = row.district_id;
    else entry.invitationDistrictId = row.district_id;
    result.set(row.email, entry);
  }
  return result;
}

/** Whether any account holds this address. */
export async function addressHasAccount(tx: Tx, email: string): Promise<boolean> {
  const [row] = await rows<{ exists: boolean }>(
    tx,
    sql`select exists (select 1 from users where lower(email) = ${email.toLowerCase()}) as exists`,
  );
  return row.exists;
}

/** An open, unexpired invitation by the hash of its token, with its district's name. */
export async function findUsableInvitation(
  tx: Tx,
  tokenHash: string,
): Promise<{ email: string; name: string | null; district_name: string } | undefined> {
  const [row] = await rows<{ email: string; name: string | null; district_name: string }>(
    tx,
    sql`select i.email, i.name, d.name as district_name
          from invitations i join organizations d on d.id = i.district_id
         where i.token_hash = ${tokenHash} and i.accepted_at is null and i.revoked_at is null
           and i.expires_at > now()
           and not exists (select 1 from users u where lower(u.email) = lower(i.email))`,
  );
  return row;
}

/** A school of the district that is open for new people, if the id names one. */
export async function findOpenSchool(
  tx: Tx,
  args: { districtId: string; schoolId: string },
): Promise<{ id: string; name: string } | undefined> {
  const [row] = await rows<{ id: string; name: string }>(
    tx,
    sql`select id, name from organizations
         where id = ${args.schoolId} and kind = 'school' and district_id = ${args.districtId}
           and archived_at is null`,
  );
  return row;
}

export async function findDistrictName(tx: Tx, districtId: string): Promise<string> {
  const [row] = await rows<{ name: string }>(
    tx,
    sql`select name from organizations where id = ${districtId}`,
  );
  return row?.name ?? 'your district';
}

// ---- schools --------------------------------------------------------------------------------

export interface SchoolRow {
  id: string;
  name: string;
  archived_at: Date | null;
}

/** A district's schools by name; archived ones only when asked. */
export async function listSchoolRows(
  tx: Tx,
  args: { districtId: string; includeArchived: boolean },
): Promise<SchoolRow[]> {
  const found = await rows<SchoolRow>(
    tx,
    sql`select id, name, archived_at from organizations
         where kind = 'school' and district_id = ${args.districtId}
           ${args.includeArchived ? sql`` : sql`and archived_at is null`}
         order by lower(name), id
         limit 5000`,
  );
  return found.map(schoolDates);
}

export async function findSchoolRow(
  tx: Tx,
  args: { districtId: string; id: string },
): Promise<SchoolRow | undefined> {
  const [row] = await rows<SchoolRow>(
    tx,
    sql`select id, name, archived_at from organizations
         where id = ${args.id} and kind = 'school' and district_id = ${args.districtId}
         for update`,
  );
  return row && schoolDates(row);
}

/** Whether another school of the district (archived ones included) already has this name. */
export async function schoolNameTaken(
  tx: Tx,
  args: { districtId: string; name: string; exceptId?: string },
): Promise<boolean> {
  const [row] = await rows<{ taken: boolean }>(
    tx,
    sql`select exists (
          select 1 from organizations
           where kind = 'school' and district_id = ${args.districtId}
             and lower(name) = lower(${args.name})
             ${args.exceptId ? sql`and id <> ${args.exceptId}` : sql``}) as taken`,
  );
  return row.taken;
}

export async function insertSchool(tx: Tx, args: { districtId: string; name: string }): Promise<SchoolRow> {
  const [row] = await rows<SchoolRow>(
    tx,
    sql`insert into organizations (id, kind, name, district_id)
        values (${uuidv7()}, 'school', ${args.name}, ${args.districtId})
        returning id, name, archived_at`,
  );
  return schoolDates(row);
}

export async function updateSchool(
  tx: Tx,
  args: { id: string; name?: string; archived?: boolean },
): Promise<SchoolRow> {
  const sets: SQL[] = [];
  if (args.name !== undefined) sets.push(sql`name = ${args.name}`);
  if (args.archived !== undefined)
    sets.push(args.archived ? sql`archived_at = now()` : sql`archived_at = null`);
  const [row] = await rows<SchoolRow>(
    tx,
    sql`update organizations set ${sql.join(sets, sql`, `)} where id = ${args.id}
        returning id, name, archived_at`,
  );
  return schoolDates(row);
}

/**
 * Of these addresses, the ones whose outbox mail a district admin may read: those the district has
 * a pending invitation for that nobody else holds (no account anywhere, no other district's pending
 * invitation). Mail to anyone with an account carries keys to that account (reset links), and mail
 * to an address another district also invited carries that district's invitation link.
 */
export async function pendingInvitationAddressesOfDistrict(
  tx: Tx,
  districtId: string,
  emails: string[],
): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const found = await rows<{ email: string }>(
    tx,
    sql`select distinct lower(i.email) as email from invitations i
         where i.district_id = ${districtId} and lower(i.email) = any(${sql.param(emails)}::text[])
           and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
           and not exists (select 1 from users u where lower(u.email) = lower(i.email))
           and not exists (select 1 from invitations o
                            where lower(o.email) = lower(i.email) and o.district_id <> i.district_id
                              and o.accepted_at is null and o.revoked_at is null)`,
  );
  return new Set(found.map((r) => r.email));
}

/** The people who belong to this school (their main school or another of theirs). */
export async function listSchoolMemberIds(tx: Tx, schoolId: string): Promise<string[]> {
  const found = await rows<{ user_id: string }>(
    tx,
    sql`select user_id from profiles where school_id = ${schoolId}
        union select user_id from memberships where organization_id = ${schoolId}`,
  );
  return found.map((r) => r.user_id);
}
