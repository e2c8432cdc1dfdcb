/** The SQL of the audit log: a district's entries, filtered, with the names of who and what. */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { AuditFilters } from '#shared/contracts/audit.ts';
import { KIND_PREFIXES } from './audit-describe.ts';

async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return (await tx.execute<T & Record<string, unknown>>(query)).rows as T[];
}

const toDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

/** A text value as a uuid when it is one, else null: a malformed id never makes the page fail. */
const asUuid = (value: SQL) =>
  sql`(case when ${value} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (${value})::uuid end)`;

export interface AuditEntryRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  target_name: string | null;
  community_name: string | null;
  school_name: string | null;
  details: Record<string, unknown>;
}

/** The WHERE of a district's log under the admin's filters. */
function auditFilters(districtId: string, filters: AuditFilters): SQL[] {
  const where: SQL[] = [sql`a.district_id = ${districtId}`];
  if (filters.actorId) where.push(sql`a.actor_id = ${filters.actorId}`);
  if (filters.kind)
    where.push(
      sql`split_part(a.action, '.', 1) = any(${sql.param([...KIND_PREFIXES[filters.kind]])}::text[])`,
    );
  // Whole days in UTC, both ends included.
  if (filters.from) where.push(sql`a.at >= (${filters.from}::date)::timestamp at time zone 'UTC'`);
  if (filters.to) where.push(sql`a.at < ((${filters.to}::date + 1))::timestamp at time zone 'UTC'`);
  return where;
}

/**
 * A page of a district's audit entries, newest first (uuidv7 ids follow time), each with the names
 * of its actor, its target and any community or school its details name.
 */
export async function listAuditEntries(
  tx: Tx,
  args: { districtId: string; filters: AuditFilters; beforeId: string | null; limit: number },
): Promise<AuditEntryRow[]> {
  const where = auditFilters(args.districtId, args.filters);
  if (args.beforeId) where.push(sql`a.id < ${args.beforeId}`);
  const found = await rows<AuditEntryRow>(
    tx,
    sql`with page as (
          select a.*, ${asUuid(sql`a.target_id`)} as target_uuid,
                 ${asUuid(sql`a.details->>'communityId'`)} as community_uuid,
                 ${asUuid(sql`a.details->>'schoolId'`)} as school_uuid
            from audit_events a
           where ${sql.join(where, sql` and `)}
           order by a.id desc
           limit ${args.limit})
        select page.id, page.at, page.actor_id, actor.name as actor_name, page.action,
               page.target_type, page.target_id, page.details,
               case page.target_type
                 when 'user' then (select name from users where id = page.target_uuid)
                 when 'school' then (select name from organizations where id = page.target_uuid)
                 when 'network' then (select name from organizations where id = page.target_uuid)
                 when 'organization' then (select name from organizations where id = page.target_uuid)
                 when 'district' then (select name from organizations where id = page.target_uuid)
                 when 'invitation' then (select email from invitations where id = page.target_uuid)
                 when 'community' then (select name from communities where id = page.target_uuid)
                 when 'thread' then (select title from threads where id = page.target_uuid)
                 when 'competency_framework' then (select title from competency_frameworks where id = page.target_uuid)
                 when 'micro_credential' then (select title from micro_credentials where id = page.target_uuid)
                 when 'award' then (select u.name from awards w join users u on u.id = w.recipient_id
                                     where w.id = page.target_uuid)
               end as target_name,
               (select name from communities where id = page.community_uuid) as community_name,
               (select name from organizations where id = page.school_uuid) as school_name
          from page left join users actor on actor.id = page.actor_id
         order by page.id desc`,
  );
  return found.map((row) => ({ ...row, at: toDate(row.at) }));
}

/** The people who appear as actors in a district's log, by name. */
export async function listAuditActors(
  tx: Tx,
  districtId: string,
): Promise<Array<{ id: string; name: string }>> {
  return rows<{ id: string; name: string }>(
    tx,
    sql`select u.id, u.name
          from (select distinct actor_id from audit_events where district_id = ${districtId}) a
          join users u on u.id = a.actor_id
         order by lower(u.name), u.id
         limit 1000`,
  );
}
