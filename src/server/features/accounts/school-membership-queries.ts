/**
 * The SQL of school membership. A person belongs to a school through a `memberships` row for the
 * school organization (role SCHOOL_MEMBERSHIP_ROLE); `profiles.school_id` names the main one of
 * those schools, which their profile shows. Requests for a change live in `school_change_requests`.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Role } from '#server/db/schema.ts';

/**
 * The role a school membership row carries. Powers come from district roles (memberships of the
 * district organization); a school membership only says the person belongs to the school.
 */
export const SCHOOL_MEMBERSHIP_ROLE: Role = 'teacher';

async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return (await tx.execute<T & Record<string, unknown>>(query)).rows as T[];
}

export interface NamedRow {
  id: string;
  name: string;
}

/** SQL: the schools (`{id, name}` as a JSON array, main school first) the person `userIdSql` belongs to. */
export function schoolsJsonSql(userIdSql: SQL): SQL {
  return sql`coalesce((select json_agg(json_build_object('id', ps.id, 'name', ps.name)
                                order by coalesce(ps.id = pp.school_id, false) desc, ps.name, ps.id)
      from organizations ps left join profiles pp on pp.user_id = ${userIdSql}
     where ps.kind = 'school' and ps.id in (
       select pm.organization_id from memberships pm where pm.user_id = ${userIdSql}
       union select pp2.school_id from profiles pp2 where pp2.user_id = ${userIdSql})), '[]'::json)`;
}

/** The person's schools, main school first, and whether the roster sets them. */
export async function findPersonSchools(
  tx: Tx,
  args: { districtId: string; userId: string; forUpdate?: boolean },
): Promise<{ id: string; name: string; rostered: boolean; schools: NamedRow[] } | undefined> {
  const [row] = await rows<{ id: string; name: string; rostered: boolean; schools: NamedRow[] }>(
    tx,
    sql`select u.id, u.name, u.sourced_id is not null as rostered, ${schoolsJsonSql(sql`u.id`)} as schools
          from users u where u.id = ${args.userId} and u.district_id = ${args.districtId}
          ${args.forUpdate ? sql`for update of u` : sql``}`,
  );
  return row;
}

/** Of these ids, the open (not archived) schools of the district, named. */
export async function findOpenSchools(tx: Tx, districtId: string, ids: string[]): Promise<NamedRow[]> {
  if (!ids.length) return [];
  return rows<NamedRow>(
    tx,
    sql`select id, name from organizations
         where id = any(${sql.param(ids)}::uuid[]) and kind = 'school' and district_id = ${districtId}
           and archived_at is null`,
  );
}

/** These schools by id, named (archived ones included): what a request asked for. */
export async function namedSchools(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const found = await rows<NamedRow>(
    tx,
    sql`select id, name from organizations where id = any(${sql.param(ids)}::uuid[]) and kind = 'school'`,
  );
  return new Map(found.map((r) => [r.id, r.name]));
}

/**
 * Makes these schools (in order, the first the main one) the person's schools and nothing else:
 * their school memberships are replaced and their profile names the first.
 */
export async function replaceSchoolMemberships(tx: Tx, args: { userId: string; schoolIds: string[] }) {
  await tx.execute(sql`delete from memberships m using organizations o
     where m.organization_id = o.id and o.kind = 'school' and m.user_id = ${args.userId}`);
  if (args.schoolIds.length)
    await tx.execute(sql`insert into memberships (user_id, organization_id, role)
      select ${args.userId}, s.id, ${SCHOOL_MEMBERSHIP_ROLE} from unnest(${sql.param(args.schoolIds)}::uuid[]) as s(id)
      on conflict do nothing`);
  const main = args.schoolIds[0] ?? null;
  await tx.execute(sql`insert into profiles (user_id, school_id) values (${args.userId}, ${main})
    on conflict (user_id) do update set school_id = excluded.school_id, updated_at = now()`);
}

export interface SchoolRequestRow {
  id: string;
  user_id: string;
  user_name: string;
  school_ids: string[];
  current_schools: NamedRow[];
  note: string | null;
  status: 'pending' | 'approved' | 'declined' | 'withdrawn';
  created_at: Date | string;
  decided_at: Date | string | null;
}

const requestColumns = sql`r.id, r.user_id, u.name as user_name, r.school_ids, r.note, r.status, r.created_at,
  r.decided_at, ${schoolsJsonSql(sql`r.user_id`)} as current_schools`;

/** The district's pending requests, oldest first. */
export function listPendingRequests(tx: Tx, districtId: string): Promise<SchoolRequestRow[]> {
  return rows<SchoolRequestRow>(
    tx,
    sql`select ${requestColumns} from school_change_requests r join users u on u.id = r.user_id
         where r.district_id = ${districtId} and r.status = 'pending' and u.status = 'active'
         order by r.created_at, r.id limit 200`,
  );
}

/** One request of the district, or undefined. */
export async function findRequest(
  tx: Tx,
  args: { districtId: string; id: string; forUpdate?: boolean },
): Promise<SchoolRequestRow | undefined> {
  const [row] = await rows<SchoolRequestRow>(
    tx,
    sql`select ${requestColumns} from school_change_requests r join users u on u.id = r.user_id
         where r.id = ${args.id} and r.district_id = ${args.districtId}
         ${args.forUpdate ? sql`for update of r` : sql``}`,
  );
  return row;
}

/** The person's latest request, if any. */
export async function findLatestRequest(tx: Tx, userId: string): Promise<SchoolRequestRow | undefined> {
  const [row] = await rows<SchoolRequestRow>(
    tx,
    sql`select ${requestColumns} from school_change_requests r join users u on u.id = r.user_id
         where r.user_id = ${userId} order by r.created_at desc, r.id desc limit 1`,
  );
  return row;
}

/** Withdraws the person's pending request, if any (a new request replaces it). */
export async function withdrawPendingRequest(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`update school_change_requests set status = 'withdrawn', decided_at = now()
     where user_id = ${userId} and status = 'pending'`);
}

export async function insertRequest(
  tx: Tx,
  args: { id: string; userId: string; districtId: string; schoolIds: string[]; note: string | null },
): Promise<void> {
  await tx.execute(sql`insert into school_change_requests (id, user_id, district_id, school_ids, note)
    values (${args.id}, ${args.userId}, ${args.districtId}, ${sql.param(args.schoolIds)}::uuid[], ${args.note})`);
}

export async function decideRequest(
  tx: Tx,
  args: { id: string; status: 'approved' | 'declined'; decidedBy: string },
): Promise<void> {
  await tx.execute(sql`update school_change_requests
     set status = ${args.status}, decided_at = now(), decided_by = ${args.decidedBy} where id = ${args.id}`);
}
