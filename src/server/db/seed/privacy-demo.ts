import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';

/**
 * The demo district's Data and privacy page with something to decide: a retiring teacher's request
 * to be erased, waiting for an administrator under the default records rule. Written once; a
 * district that already has a request keeps what it has.
 */
export async function seedPrivacyDemo(db: Db, districtName: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ district_id: string; user_id: string | null }>(sql`
      select d.id as district_id,
             (select u.id from users u join memberships m on m.user_id = u.id and m.organization_id = d.id
               where u.district_id = d.id and u.status = 'active' and m.role = 'teacher'
                 and u.email like '%.example.org'
               order by u.email desc limit 1) as user_id
        from organizations d
       where d.kind = 'district' and d.name = ${districtName}
         and not exists (select 1 from erasure_requests r where r.district_id = d.id)
       limit 1`);
    const found = rows[0];
    if (!found?.user_id) return;
    await tx.execute(sql`
      insert into erasure_requests (id, district_id, user_id, status, note, created_at)
      values (${uuidv7()}, ${found.district_id}, ${found.user_id}, 'pending',
              'I retire at the end of June and would like my account and profile removed then.',
              now() - interval '2 days')`);
  });
}
