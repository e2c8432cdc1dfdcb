import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';

/**
 * Every event has its own discussion space (decision 080): an invitation-only community made the
 * first time something is written there (session notes, an edcamp session's notes page), whether
 * or not the event belongs to a community. Its facilitators are the event's organizers; its members
 * are the people registered. It belongs to the event's host (a community's event to the community's
 * owner) and outlives the day.
 */
export async function ensureEventSpace(tx: Tx, eventId: string): Promise<string> {
  const { rows } = await tx.execute<{
    space_id: string | null;
    title: string;
    host_kind: string;
    host_id: string;
    district_id: string | null;
    created_by: string;
  }>(
    sql`select space_id, title, host_kind, host_id, district_id, created_by from events where id = ${eventId} for update`,
  );
  const event = rows[0];
  if (!event) throw new Error(`No event ${eventId}`);
  if (event.space_id) return event.space_id;
  const spaceId = uuidv7();
  const owner =
    event.host_kind === 'community'
      ? sql`(select c.owner_kind from communities c where c.id = ${event.host_id}),
            (select c.owner_id from communities c where c.id = ${event.host_id})`
      : sql`${event.host_kind}, ${event.host_id}::uuid`;
  await tx.execute(sql`
    insert into communities (id, kind, owner_kind, owner_id, district_id, name, purpose, join_policy, created_by, member_count, listed)
    values (${spaceId}, 'cohort', ${owner}, ${event.district_id}, ${`${event.title.slice(0, 180)} — notes`},
            'Session notes and conversation of the event.', 'invitation', ${event.created_by}, 0, false)`);
  await tx.execute(sql`
    insert into community_members (community_id, user_id, role, status, joined_at)
    select ${spaceId}, p.user_id, p.role, 'active', now()
      from (select ${event.created_by}::uuid as user_id, 'facilitator' as role
            union select f.user_id, 'facilitator' from event_facilitators f where f.event_id = ${eventId}
            union select r.user_id, 'member' from event_registrations r
                   where r.event_id = ${eventId} and r.status = 'registered'
                     and r.user_id not in (select f2.user_id from event_facilitators f2 where f2.event_id = ${eventId})
                     and r.user_id <> ${event.created_by}) p
    on conflict do nothing`);
  await tx.execute(sql`
    update communities set member_count = (select count(*) from community_members m
                                            where m.community_id = ${spaceId} and m.status = 'active')
     where id = ${spaceId}`);
  await tx.execute(sql`update events set space_id = ${spaceId} where id = ${eventId}`);
  return spaceId;
}

/** Brings a person into the event's space as they register or become an organizer (when it exists). */
export async function joinEventSpace(
  tx: Tx,
  eventId: string,
  userId: string,
  role: 'facilitator' | 'member',
): Promise<void> {
  const { rowCount } = await tx.execute(sql`
    insert into community_members (community_id, user_id, role, status, joined_at)
    select e.space_id, ${userId}, ${role}, 'active', now() from events e
     where e.id = ${eventId} and e.space_id is not null
    on conflict (community_id, user_id) do update set status = 'active', updated_at = now()
      where community_members.status not in ('active', 'removed')`);
  if (rowCount)
    await tx.execute(sql`update communities set member_count = member_count + 1
                          where id = (select space_id from events where id = ${eventId})`);
}

/**
 * Takes a person out of the event's space as their registration ends: they left, and registering
 * again brings them back. Someone a facilitator removed stays out (joinEventSpace does not undo it).
 */
export async function leaveEventSpace(tx: Tx, eventId: string, userId: string): Promise<void> {
  const { rowCount } = await tx.execute(sql`
    update community_members set status = 'left', updated_at = now()
     where community_id = (select space_id from events where id = ${eventId})
       and user_id = ${userId} and role = 'member' and status = 'active'`);
  if (rowCount)
    await tx.execute(sql`update communities set member_count = greatest(0, member_count - 1)
                          where id = (select space_id from events where id = ${eventId})`);
}
