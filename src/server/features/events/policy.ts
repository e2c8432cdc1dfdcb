import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { readableCommunityIds, readableCommunitySql } from '#server/features/communities/index.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { EventHostKind, RegistrationStatus } from '#shared/contracts/events.ts';

/**
 * Who may see and do what with an event (decision 080).
 *
 * - An event is seen by its audience, the same audiences as resources (a community, a school, a
 *   district, a network, everyone), by its organizers, and by anyone registered for it. Anyone else
 *   is told it does not exist (404).
 * - Its organizers are its creator, its facilitators, and the administrators of its host: the
 *   district's administrators for a district or school event of their district, a network's
 *   administrators for the network's events, a community's facilitators for the community's.
 * - The meeting link and the attendee list are the organizers' and the registrants' alone
 *   (registered, not waiting or cancelled).
 */
export type Viewer = Pick<
  Actor,
  'userId' | 'districtId' | 'schoolIds' | 'networkIds' | 'networkAdminOf' | 'roles'
>;

export interface EventAccess {
  eventId: string;
  title: string;
  hostKind: EventHostKind;
  hostId: string;
  districtId: string | null;
  spaceId: string | null;
  organizer: boolean;
  registration: RegistrationStatus | null;
}

const NONE = '00000000-0000-0000-0000-000000000000';
const orNone = (ids: readonly string[]) => (ids.length ? [...ids] : [NONE]);

export const canOrganize = (access: Pick<EventAccess, 'organizer'>) => access.organizer;
/** Registered (a seat confirmed): sees the meeting link and the attendee list, checks in, gets credit. */
export const isRegistrant = (access: Pick<EventAccess, 'registration'>) =>
  access.registration === 'registered';
/** Sees the meeting link and the attendees: the organizers and the registrants. */
export const seesInside = (access: EventAccess) => canOrganize(access) || isRegistrant(access);

/**
 * SQL on an `events` alias: the viewer administers the event's host (mirrors the organizer rule
 * without the creator and facilitators).
 */
function hostAdminSql(viewer: Viewer, e: SQL): SQL {
  const districtAdmin = viewer.roles.includes('district_admin');
  return sql`((${e}.host_kind = 'network' and ${e}.host_id = any(${sql.param(orNone(viewer.networkAdminOf))}::uuid[]))
    or (${districtAdmin} and ${e}.host_kind in ('district', 'school') and ${e}.district_id = ${viewer.districtId})
    or (${e}.host_kind = 'community' and exists (select 1 from community_members hm
         where hm.community_id = ${e}.host_id and hm.user_id = ${viewer.userId}
           and hm.status = 'active' and hm.role = 'facilitator')))`;
}

/** SQL on an `events` alias: the viewer organizes the event. */
export function organizesSql(viewer: Viewer, alias = 'e'): SQL {
  const e = sql.raw(alias);
  return sql`(${e}.created_by = ${viewer.userId}
    or exists (select 1 from event_facilitators ef where ef.event_id = ${e}.id and ef.user_id = ${viewer.userId})
    or ${hostAdminSql(viewer, e)})`;
}

/**
 * SQL on an alias of `events` or `event_sessions` (both carry `audience`, `audience_id`): the
 * audience reaches the viewer. `few` checks a community audience on that community alone.
 */
export function audienceReachesSql(viewer: Viewer, alias: string, few = false): SQL {
  const a = sql.raw(alias);
  return sql`(${a}.audience = 'public'
    or (${a}.audience = 'district' and ${a}.audience_id = ${viewer.districtId})
    or (${a}.audience = 'school' and ${a}.audience_id = any(${sql.param(orNone(viewer.schoolIds))}::uuid[]))
    or (${a}.audience = 'network' and ${a}.audience_id = any(${sql.param(orNone(viewer.networkIds))}::uuid[]))
    or (${a}.audience = 'community' and ${
      few
        ? sql`exists (select 1 from communities ac where ac.id = ${a}.audience_id and ${readableCommunitySql(viewer, 'ac')})`
        : sql`${a}.audience_id in (${readableCommunityIds(viewer)})`
    }))`;
}

/** SQL on an `events` alias: the viewer may see the event (its audience, organizing it, or registered). */
export function visibleEventSql(viewer: Viewer, alias = 'e', few = false): SQL {
  const e = sql.raw(alias);
  return sql`(${audienceReachesSql(viewer, alias, few)}
    or ${organizesSql(viewer, alias)}
    or exists (select 1 from event_registrations vr where vr.event_id = ${e}.id and vr.user_id = ${viewer.userId}))`;
}

/** The viewer's access to the event, or null when they may not see it (and must be answered 404). */
export async function eventAccess(
  tx: Pick<Tx, 'execute'>,
  viewer: Viewer,
  eventId: string,
): Promise<EventAccess | null> {
  const { rows } = await tx.execute<{
    id: string;
    title: string;
    host_kind: EventHostKind;
    host_id: string;
    district_id: string | null;
    space_id: string | null;
    organizer: boolean;
    registration: RegistrationStatus | null;
  }>(sql`
    select e.id, e.title, e.host_kind, e.host_id, e.district_id, e.space_id,
           ${organizesSql(viewer)} as organizer,
           (select r.status from event_registrations r where r.event_id = e.id and r.user_id = ${viewer.userId}) as registration
      from events e
     where e.id = ${eventId} and ${visibleEventSql(viewer, 'e', true)}`);
  const row = rows[0];
  return row
    ? {
        eventId: row.id,
        title: row.title,
        hostKind: row.host_kind,
        hostId: row.host_id,
        districtId: row.district_id,
        spaceId: row.space_id,
        organizer: row.organizer,
        registration: row.registration,
      }
    : null;
}
