import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';

/**
 * A person as the session reads them (platform/auth.ts), for work done on their behalf outside a
 * request: the feed a calendar app polls by token, and the demo's writes.
 */
export async function actorOf(db: Tx, userId: string): Promise<Actor> {
  const { rows } = await db.execute<Record<string, never>>(sql`
    select u.id, u.name, u.email, u.district_id,
           (select p.school_id from profiles p where p.user_id = u.id) as school_id,
           coalesce((select array_agg(m.organization_id) from memberships m join organizations so on so.id = m.organization_id
                      where m.user_id = u.id and so.kind = 'school'), '{}') as school_ids,
           coalesce((select array_agg(m.role) from memberships m where m.user_id = u.id and m.organization_id = u.district_id), '{}') as roles,
           coalesce((select array_agg(nd.network_id) from network_districts nd where nd.district_id = u.district_id), '{}') as network_ids,
           coalesce((select array_agg(m.organization_id) from memberships m where m.user_id = u.id and m.role = 'network_admin'), '{}') as admin_of
      from users u where u.id = ${userId}`);
  const u = rows[0];
  return {
    userId: u.id,
    name: u.name,
    email: u.email,
    districtId: u.district_id,
    schoolId: u.school_id,
    schoolIds: u.school_ids,
    roles: u.roles,
    networkIds: u.network_ids,
    networkAdminOf: u.admin_of,
    sessionId: 'demo',
    csrfToken: 'demo',
  };
}
