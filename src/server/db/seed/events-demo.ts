import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { demoActor, demoEvents } from '#server/features/events/demo.ts';

/**
 * The demo's events (issue 17): the network's six-Saturday hybrid number-talks series with credit and
 * teachers of several districts registered; a monthly math PLC; a three-day summer institute on custom
 * dates; a daytime workshop that needs the principal's approval and is full with a waitlist; the
 * district's Saturday edcamp (its board is the edcamp demo's); and last week's formative-assessment
 * workshop, attended, so the learning log shows its hours and the organizer sees its feedback.
 * Written once.
 */
export async function seedEventsDemo(db: Db, networkName: string, districtName: string): Promise<void> {
  const { rows: done } = await db.execute(sql`select 1 from events limit 1`);
  if (done.length) return;
  const { rows } = await db.execute<{
    network_id: string;
    district_id: string;
    admin_id: string | null;
    district_admin_id: string | null;
  }>(sql`
    select n.id as network_id, d.id as district_id,
           (select m.user_id from memberships m where m.organization_id = n.id and m.role = 'network_admin' limit 1) as admin_id,
           (select m.user_id from memberships m where m.organization_id = d.id and m.role = 'district_admin'
             order by m.user_id limit 1) as district_admin_id
      from organizations n, organizations d
     where n.kind = 'network' and n.name = ${networkName} and d.kind = 'district' and d.name = ${districtName}`);
  const place = rows[0];
  if (!place?.admin_id || !place.district_admin_id) return;
  const { rows: teachers } = await db.execute<{ id: string }>(sql`
    select u.id from users u join memberships m on m.user_id = u.id and m.organization_id = u.district_id and m.role = 'teacher'
     where u.district_id in (select district_id from network_districts where network_id = ${place.network_id})
       and u.status = 'active' and u.id <> ${place.admin_id}
     order by u.created_at, u.id limit 40`);
  if (teachers.length < 12) return;
  await demoEvents(db, {
    networkAdmin: await demoActor(db, place.admin_id),
    districtAdmin: await demoActor(db, place.district_admin_id),
    networkId: place.network_id,
    districtId: place.district_id,
    teachers: await Promise.all(teachers.map((t) => demoActor(db, t.id))),
  });
}
