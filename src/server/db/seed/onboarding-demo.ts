import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';

/**
 * A rollout under way in the demo network: most staff of the first district have signed in (some
 * not for a month), fewer in each district after it, and the rest never; the first district sends
 * its welcome email on a launch date a week away. The staff list's sign-in filters, the welcome
 * panel and the network's adoption table then show something real on first start. Only once: a
 * database where anyone has signed in, or a district has chosen its welcome, is left as it is.
 */
export async function seedOnboardingDemo(
  db: Db,
  networkName: string,
  firstDistrictName: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ done: boolean }>(
      sql`select exists (select 1 from users where last_signed_in_at is not null)
              or exists (select 1 from welcome_settings) as done`,
    );
    if (rows[0]?.done) return;
    // Each district's share signed in falls by 15 points from 85%; sign-ins spread over 50 days.
    await tx.execute(sql`
      with ranked as (
        select u.id,
               row_number() over (partition by u.district_id order by u.id) as n,
               count(*) over (partition by u.district_id) as total,
               dense_rank() over (order by d.name = ${firstDistrictName} desc, d.name) as place
          from users u join organizations d on d.id = u.district_id
          join network_districts nd on nd.district_id = d.id
          join organizations n on n.id = nd.network_id and n.kind = 'network' and n.name = ${networkName}
         where u.status = 'active')
      update users u
         set last_signed_in_at = now() - ((r.n * 37) % 50) * interval '1 day' - ((r.n * 13) % 24) * interval '1 hour'
        from ranked r
       where u.id = r.id and r.n <= r.total * greatest(0.25, 0.85 - 0.15 * (r.place - 1))`);
    await tx.execute(sql`
      insert into welcome_settings (district_id, mode, launch_at)
      select id, 'launch', date_trunc('day', now()) + interval '7 days 8 hours'
        from organizations d
       where d.kind = 'district' and d.name = ${firstDistrictName}
         and exists (select 1 from network_districts nd join organizations n on n.id = nd.network_id
                      where nd.district_id = d.id and n.name = ${networkName})
      on conflict do nothing`);
  });
}
