import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';

/**
 * The demo district's first teacher (the demo account shown at start) with notification settings to
 * look at: replies and mentions emailed at once, followers in the weekly digest, one community in
 * Trellis only, and quiet hours at night. Written once; a person who already chose keeps it.
 */
export async function seedNotificationsDemo(db: Db, districtName: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ user_id: string; community_id: string | null }>(sql`
      select u.id as user_id,
             (select cm.community_id from community_members cm where cm.user_id = u.id and cm.status = 'active'
               order by cm.community_id limit 1) as community_id
        from users u
        join organizations d on d.id = u.district_id and d.kind = 'district' and d.name = ${districtName}
        join memberships m on m.user_id = u.id and m.organization_id = d.id and m.role = 'teacher'
       where u.status = 'active' and u.email like '%.example.org'
         and not exists (select 1 from notification_preferences p where p.user_id = u.id)
       order by u.id limit 1`);
    const found = rows[0];
    if (!found) return;
    await tx.execute(sql`
      insert into person_settings (user_id, email_notifications, digest_frequency, quiet_start, quiet_end, time_zone)
      values (${found.user_id}, 'daily', 'weekly', 21 * 60, 7 * 60, 'America/Chicago')
      on conflict (user_id) do update set digest_frequency = 'weekly', quiet_start = 21 * 60, quiet_end = 7 * 60,
        time_zone = 'America/Chicago'`);
    await tx.execute(sql`
      insert into notification_preferences (user_id, kind, community_id, delivery) values
        (${found.user_id}, 'reply', null, 'email'),
        (${found.user_id}, 'mention', null, 'email'),
        (${found.user_id}, 'new_follower', null, 'digest')
      on conflict do nothing`);
    if (found.community_id)
      await tx.execute(sql`
        insert into notification_preferences (user_id, kind, community_id, delivery)
        values (${found.user_id}, '*', ${found.community_id}, 'app') on conflict do nothing`);
  });
}
