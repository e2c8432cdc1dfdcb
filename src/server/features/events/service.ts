import { createHash, randomBytes, randomInt } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { readableCommunitySql } from '#server/features/communities/index.ts';
import { checkAudience, visibleSharedSql } from '#server/features/resources/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { NotificationEmail } from '#server/platform/reply-mail.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  invalidField,
} from '#server/platform/errors.ts';
import type {
  CreateEventBody,
  EventDetail,
  EventListQuery,
  EventSummary,
  FeedbackBody,
  RegisterBody,
  RegistrationStatus,
  RegistrationView,
  ScheduleInput,
  UpdateEventBody,
  UpdateSessionBody,
} from '#shared/contracts/events.ts';
import { actorOf } from './actor.ts';
import { ATTENDED, EVENT_OBJECT, SESSION_OBJECT } from './activity.ts';
import { type IcsEvent, icsOf } from './ics.ts';
import { type EventAccess, eventAccess, organizesSql, seesInside } from './policy.ts';
import { ensureEventSpace, joinEventSpace, leaveEventSpace } from './space.ts';
import { ScheduleError, expandSchedule, formatWall, isTimeZone, recurrenceText, wallOf } from './time.ts';

interface Ctx {
  db: Db;
  actor: Actor;
}

/** Feedback is shown to organizers only once this many answered (the small-group rule). */
export const FEEDBACK_THRESHOLD = 5;
/** A check-in code works from this long before its session starts until it ends. */
const CHECKIN_EARLY_MS = 15 * 60_000;
/** Wrong check-in codes a person may try in ten minutes. */
const CHECKIN_TRIES = 10;

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** A six-character check-in code (31^6, about 890 million): not guessable within the limit on tries. */
export const newCheckinCode = () =>
  Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const seatHolding: RegistrationStatus[] = ['registered', 'pending_approval'];
const active: RegistrationStatus[] = ['registered', 'pending_approval', 'waitlisted'];

async function accessOr404(tx: Pick<Tx, 'execute'>, actor: Actor, eventId: string): Promise<EventAccess> {
  const access = await eventAccess(tx, actor, eventId);
  if (!access) throw new NotFoundError('No such event.');
  return access;
}

async function organizerOr403(tx: Pick<Tx, 'execute'>, actor: Actor, eventId: string): Promise<EventAccess> {
  const access = await accessOr404(tx, actor, eventId);
  if (!access.organizer) throw new ForbiddenError('Only the organizers of this event may do this.');
  return access;
}

function sessionsOf(schedule: ScheduleInput) {
  if (!isTimeZone(schedule.timeZone))
    throw invalidField('/body/schedule/timeZone', 'is not a time zone Trellis knows');
  try {
    return expandSchedule(schedule);
  } catch (error) {
    if (error instanceof ScheduleError) throw invalidField('/body/schedule/rule', error.message);
    throw error;
  }
}

// ─── Creating and changing ───────────────────────────────────────────────────────────────────────

async function resolveHost(tx: Tx, actor: Actor, host: CreateEventBody['host']) {
  const field = '/body/host/id';
  const orgAdmin = actor.roles.includes('district_admin');
  switch (host.kind) {
    case 'school':
      if (
        !actor.schoolIds.includes(host.id) ||
        !actor.roles.some((r) => ['principal', 'coach', 'district_admin'].includes(r))
      )
        throw invalidField(field, 'must be a school you lead or coach in');
      return { districtId: actor.districtId, networkId: null };
    case 'district':
      if (host.id !== actor.districtId || !(orgAdmin || actor.roles.includes('coach')))
        throw invalidField(field, 'must be your district, as its administrator or a coach');
      return { districtId: actor.districtId, networkId: null };
    case 'network':
      if (!actor.networkAdminOf.includes(host.id))
        throw invalidField(field, 'must be a network you administer');
      return { districtId: null, networkId: host.id };
    case 'community': {
      const { rows } = await tx.execute<{
        district_id: string | null;
        owner_kind: string;
        owner_id: string;
      }>(sql`
        select c.district_id, c.owner_kind, c.owner_id from communities c
          join community_members m on m.community_id = c.id and m.user_id = ${actor.userId}
                                  and m.status = 'active' and m.role = 'facilitator'
         where c.id = ${host.id} and c.archived_at is null`);
      if (!rows[0]) throw invalidField(field, 'must be a community you facilitate');
      return {
        districtId: rows[0].district_id,
        networkId: rows[0].owner_kind === 'network' ? rows[0].owner_id : null,
      };
    }
  }
}

async function checkPeople(tx: Tx, ids: string[], field: string) {
  if (!ids.length) return;
  const { rows } = await tx.execute<{ id: string }>(
    sql`select id from users where id = any(${sql.param(ids)}::uuid[]) and status = 'active'`,
  );
  const found = new Set(rows.map((r) => r.id));
  ids.forEach((id, i) => {
    if (!found.has(id)) throw invalidField(`${field}/${i}`, 'is not a person on Trellis');
  });
}

function checkModeFields(body: { mode: string; meetingUrl: string | null; place: string }) {
  if (body.mode !== 'in_person' && !body.meetingUrl)
    throw invalidField('/body/meetingUrl', 'is required for an online or hybrid event');
  if (body.mode !== 'online' && !body.place)
    throw invalidField('/body/place', 'is required for an event in person');
}

/** Creates an event and its sessions. */
export async function createEvent({ db, actor, body }: Ctx & { body: CreateEventBody }): Promise<string> {
  checkModeFields(body);
  const sessions = sessionsOf(body.schedule);
  const id = uuidv7();
  return db.transaction(async (tx) => {
    const host = await resolveHost(tx, actor, body.host);
    const audienceId = await checkAudience(tx, actor, body.audience, body.audienceId);
    await checkPeople(tx, body.facilitatorIds, '/body/facilitatorIds');
    if (body.creditTypeId) {
      // A credit type is a district's: the creator's own, or the hosting district's.
      const { rows } = await tx.execute(sql`select 1 from credit_types where id = ${body.creditTypeId}
         and district_id in (${actor.districtId}, ${host.districtId ?? actor.districtId})`);
      if (!rows.length) throw invalidField('/body/creditTypeId', 'is not a credit type');
    }
    if (body.materialIds.length) {
      // Only resources the creator may read: another district's ids are not resources here.
      const { rows } = await tx.execute<{ id: string }>(
        sql`select r.id from resources r where r.id = any(${sql.param(body.materialIds)}::uuid[]) and r.deleted_at is null
              and ${visibleSharedSql(actor, 'r', { homeShares: true, few: true })}`,
      );
      const found = new Set(rows.map((r) => r.id));
      body.materialIds.forEach((m, i) => {
        if (!found.has(m)) throw invalidField(`/body/materialIds/${i}`, 'is not a resource');
      });
    }
    const questions = body.questions.map((q, i) => ({
      id: q.id ?? `q${i + 1}`,
      prompt: q.prompt,
      required: q.required,
    }));
    await tx.execute(sql`
      insert into events (id, host_kind, host_id, district_id, network_id, audience, audience_id, kind, title,
                          description, mode, place, room, capacity, meeting_url, time_zone, recurrence, subjects,
                          grade_bands, competencies, credit_hours, credit_type_id, requires_approval, questions,
                          starts_at, ends_at, created_by)
      values (${id}, ${body.host.kind}, ${body.host.id}, ${host.districtId}, ${host.networkId}, ${body.audience},
              ${audienceId}, ${body.kind}, ${body.title}, ${body.description}, ${body.mode}, ${body.place}, ${body.room},
              ${body.capacity}, ${body.meetingUrl}, ${body.schedule.timeZone}, ${recurrenceText(body.schedule)},
              ${sql.param(body.subjects)}::text[], ${sql.param(body.gradeBands)}::text[],
              ${sql.param(body.competencies)}::text[], ${body.creditHours}, ${body.creditTypeId},
              ${body.requiresApproval}, ${JSON.stringify(questions)}::jsonb,
              ${sessions[0].startsAt.toISOString()}, ${sessions[sessions.length - 1].endsAt.toISOString()}, ${actor.userId})`);
    await insertSessions(tx, id, sessions);
    for (const userId of body.facilitatorIds)
      await tx.execute(
        sql`insert into event_facilitators (event_id, user_id) values (${id}, ${userId}) on conflict do nothing`,
      );
    for (const [position, resourceId] of body.materialIds.entries())
      await tx.execute(
        sql`insert into event_materials (event_id, resource_id, position) values (${id}, ${resourceId}, ${position}) on conflict do nothing`,
      );
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: EVENT_OBJECT, id, name: body.title },
      context: { districtId: host.districtId, networkId: host.networkId },
    });
    return id;
  });
}

async function insertSessions(
  tx: Tx,
  eventId: string,
  sessions: { recurrenceId: Date; startsAt: Date; endsAt: Date }[],
) {
  await tx.execute(sql`
    insert into event_sessions (id, event_id, starts_at, ends_at, recurrence_id, checkin_code, audience, audience_id, host_id)
    select s.id, e.id, s.starts_at, s.ends_at, s.recurrence_id, s.code, e.audience, e.audience_id, e.host_id
      from events e,
           unnest(${sql.param(sessions.map(() => uuidv7()))}::uuid[],
                  ${sql.param(sessions.map((s) => s.startsAt.toISOString()))}::timestamptz[],
                  ${sql.param(sessions.map((s) => s.endsAt.toISOString()))}::timestamptz[],
                  ${sql.param(sessions.map((s) => s.recurrenceId.toISOString()))}::timestamptz[],
                  ${sql.param(sessions.map(() => newCheckinCode()))}::text[]) as s(id, starts_at, ends_at, recurrence_id, code)
     where e.id = ${eventId}
    on conflict (event_id, recurrence_id) do update
      set starts_at = excluded.starts_at, ends_at = excluded.ends_at, status = 'scheduled'`);
}

/** The people told of a change: everyone registered, approved or not, and those waiting. */
async function peopleToTell(tx: Tx, eventId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    select user_id from event_registrations where event_id = ${eventId}
       and status in ('registered', 'pending_approval', 'waitlisted')`);
  return rows.map((r) => r.user_id);
}

async function tellOfChange(tx: Tx, actor: Actor, access: EventAccess, what: string, sessionId?: string) {
  await recordActivity(tx, {
    actor,
    verb: 'updated',
    object: { type: EVENT_OBJECT, id: access.eventId, name: access.title },
    context: { districtId: access.districtId },
    notify: [
      {
        kind: 'event_changed',
        to: await peopleToTell(tx, access.eventId),
        data: {
          eventId: access.eventId,
          eventTitle: access.title,
          change: what,
          ...(sessionId ? { sessionId } : {}),
        },
      },
    ],
  });
}

/** Changes the whole series: its SEQUENCE moves and registrants are told, with the updated invitation. */
export async function updateEvent({
  db,
  actor,
  eventId,
  body,
}: Ctx & { eventId: string; body: UpdateEventBody }) {
  return db.transaction(async (tx) => {
    const access = await organizerOr403(tx, actor, eventId);
    const { rows } = await tx.execute<{
      mode: string;
      meeting_url: string | null;
      place: string;
      taken: number;
      status: string;
    }>(sql`select mode, meeting_url, place, taken, status from events where id = ${eventId} for update`);
    const current = rows[0];
    if (current.status === 'cancelled') throw new ConflictError('This event is cancelled.');
    checkModeFields({
      mode: body.mode ?? current.mode,
      meetingUrl: body.meetingUrl === undefined ? current.meeting_url : body.meetingUrl,
      place: body.place ?? current.place,
    });
    if (body.capacity != null && body.capacity < current.taken)
      throw invalidField('/body/capacity', `must be at least the ${current.taken} seats already taken`);
    const set = [
      body.title !== undefined ? sql`title = ${body.title}` : null,
      body.description !== undefined ? sql`description = ${body.description}` : null,
      body.mode !== undefined ? sql`mode = ${body.mode}` : null,
      body.place !== undefined ? sql`place = ${body.place}` : null,
      body.room !== undefined ? sql`room = ${body.room}` : null,
      body.capacity !== undefined ? sql`capacity = ${body.capacity}` : null,
      body.meetingUrl !== undefined ? sql`meeting_url = ${body.meetingUrl}` : null,
      body.creditHours !== undefined ? sql`credit_hours = ${body.creditHours}` : null,
    ].filter((s) => s !== null);
    if (body.schedule) {
      const sessions = sessionsOf(body.schedule);
      // Sessions the new schedule no longer gives are cancelled, kept for those who attended them.
      await tx.execute(sql`
        update event_sessions set status = 'cancelled'
         where event_id = ${eventId}
           and recurrence_id <> all(${sql.param(sessions.map((s) => s.recurrenceId.toISOString()))}::timestamptz[])`);
      await insertSessions(tx, eventId, sessions);
      set.push(
        sql`time_zone = ${body.schedule.timeZone}`,
        sql`recurrence = ${recurrenceText(body.schedule)}`,
        sql`starts_at = ${sessions[0].startsAt.toISOString()}`,
        sql`ends_at = ${sessions[sessions.length - 1].endsAt.toISOString()}`,
      );
    }
    await tx.execute(sql`
      update events set ${sql.join([...set, sql`sequence = sequence + 1`, sql`updated_at = now()`], sql`, `)}
       where id = ${eventId}`);
    if (body.title) access.title = body.title;
    await promoteWaitlist(tx, eventId);
    await tellOfChange(tx, actor, access, 'updated');
  });
}

/** Changes or cancels one session (its own SEQUENCE and RECURRENCE-ID); registrants are told. */
export async function updateSession({
  db,
  actor,
  eventId,
  sessionId,
  body,
}: Ctx & { eventId: string; sessionId: string; body: UpdateSessionBody }) {
  return db.transaction(async (tx) => {
    const access = await organizerOr403(tx, actor, eventId);
    const { rows } = await tx.execute<{ starts_at: Date; ends_at: Date; time_zone: string }>(sql`
      select s.starts_at, s.ends_at, e.time_zone from event_sessions s join events e on e.id = s.event_id
       where s.id = ${sessionId} and s.event_id = ${eventId} for update of s`);
    const session = rows[0];
    if (!session) throw new NotFoundError('No such session.');
    let startsAt = new Date(session.starts_at);
    let endsAt = new Date(session.ends_at);
    if (body.start || body.durationMinutes) {
      const minutes = body.durationMinutes ?? Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
      const start = body.start ?? formatWall(wallOf(startsAt, session.time_zone));
      [{ startsAt, endsAt }] = expandSchedule({
        start,
        durationMinutes: minutes,
        timeZone: session.time_zone,
      });
    }
    await tx.execute(sql`
      update event_sessions
         set starts_at = ${startsAt.toISOString()}, ends_at = ${endsAt.toISOString()},
             title = ${body.title === undefined ? sql`title` : body.title},
             place = ${body.place === undefined ? sql`place` : body.place},
             room = ${body.room === undefined ? sql`room` : body.room},
             status = ${body.status ?? sql`status`},
             sequence = sequence + 1, overridden = true
       where id = ${sessionId}`);
    await tx.execute(sql`
      update events set starts_at = (select min(starts_at) from event_sessions where event_id = ${eventId}),
                        ends_at = (select max(ends_at) from event_sessions where event_id = ${eventId}),
                        updated_at = now()
       where id = ${eventId}`);
    await tellOfChange(
      tx,
      actor,
      access,
      body.status === 'cancelled' ? 'session_cancelled' : 'session_changed',
      sessionId,
    );
  });
}

/** Cancels the whole event: registrants are told and their calendars drop it (METHOD:CANCEL). */
export async function cancelEvent({ db, actor, eventId }: Ctx & { eventId: string }) {
  return db.transaction(async (tx) => {
    const access = await organizerOr403(tx, actor, eventId);
    await tx.execute(
      sql`update events set status = 'cancelled', sequence = sequence + 1, updated_at = now() where id = ${eventId}`,
    );
    await tx.execute(sql`update event_sessions set status = 'cancelled' where event_id = ${eventId}`);
    await tellOfChange(tx, actor, access, 'cancelled');
  });
}

// ─── Reading ─────────────────────────────────────────────────────────────────────────────────────

const num = (v: string | number | null) => (v === null ? null : Number(v));
const iso = (d: Date | string) => new Date(d).toISOString();

/** The event page: everything the viewer may see of it. */
export async function getEvent({ db, actor, eventId }: Ctx & { eventId: string }): Promise<EventDetail> {
  const access = await accessOr404(db, actor, eventId);
  const inside = seesInside(access);
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    select e.*, coalesce(o.name, c.name) as host_name, ct.name as credit_type_name
      from events e
      left join organizations o on o.id = e.host_id
      left join communities c on c.id = e.host_id
      left join credit_types ct on ct.id = e.credit_type_id
     where e.id = ${eventId}`);
  const e = rows[0] as Record<string, never>;
  const [sessions, facilitators, materials, mine, position] = await Promise.all([
    db.execute<Record<string, never>>(
      sql`select * from event_sessions where event_id = ${eventId} order by starts_at`,
    ),
    db.execute<{ id: string; name: string }>(sql`
      select u.id, u.name from event_facilitators f join users u on u.id = f.user_id where f.event_id = ${eventId} order by u.name`),
    db.execute<{ id: string; title: string }>(sql`
      select r.id, r.title from event_materials m join resources r on r.id = m.resource_id
       where m.event_id = ${eventId} and r.deleted_at is null
         and ${visibleSharedSql(actor, 'r', { homeShares: true, few: true })} order by m.position`),
    db.execute<{ attended: string[]; feedback: string[] }>(sql`
      select coalesce((select array_agg(session_id::text) from event_attendance where event_id = ${eventId} and user_id = ${actor.userId}), '{}') as attended,
             coalesce((select array_agg(session_id::text) from event_feedback where event_id = ${eventId} and user_id = ${actor.userId}), '{}') as feedback`),
    waitlistPosition(db, eventId, actor.userId),
  ]);
  return {
    id: e.id,
    host: { kind: e.host_kind, id: e.host_id, name: e.host_name },
    audience: e.audience,
    kind: e.kind,
    title: e.title,
    description: e.description,
    mode: e.mode,
    place: e.place,
    room: e.room,
    capacity: e.capacity,
    taken: e.taken,
    meetingUrl: inside ? e.meeting_url : null,
    timeZone: e.time_zone,
    recurrence: e.recurrence,
    subjects: e.subjects,
    gradeBands: e.grade_bands,
    competencies: e.competencies,
    creditHours: num(e.credit_hours),
    creditType: e.credit_type_id ? { id: e.credit_type_id, name: e.credit_type_name } : null,
    requiresApproval: e.requires_approval,
    questions: e.questions,
    facilitators: facilitators.rows,
    materials: materials.rows,
    status: e.status,
    sequence: e.sequence,
    spaceId: inside ? e.space_id : null,
    sessions: sessions.rows.map((s) => ({
      id: s.id,
      startsAt: iso(s.starts_at),
      endsAt: iso(s.ends_at),
      title: s.title ?? e.title,
      place: s.place ?? e.place,
      room: s.room ?? e.room,
      status: s.status,
      checkinCode: access.organizer ? s.checkin_code : null,
    })),
    me: {
      organizer: access.organizer,
      registration: access.registration,
      waitlistPosition: position,
      attendedSessionIds: mine.rows[0].attended,
      feedbackSessionIds: mine.rows[0].feedback,
    },
  };
}

async function waitlistPosition(
  tx: Pick<Tx, 'execute'>,
  eventId: string,
  userId: string,
): Promise<number | null> {
  const { rows } = await tx.execute<{ position: number | null }>(sql`
    select (select count(*)::int + 1 from event_registrations w
             where w.event_id = r.event_id and w.status = 'waitlisted'
               and (w.waitlist_at, w.id) < (r.waitlist_at, r.id)) as position
      from event_registrations r where r.event_id = ${eventId} and r.user_id = ${userId} and r.status = 'waitlisted'`);
  return rows[0]?.position ?? null;
}

/**
 * SQL: the ids of the sessions in [from, to) the viewer may see, one index range per audience they
 * belong to (`event_sessions (audience, audience_id, starts_at)`): everyone's, their district's,
 * their schools', their networks', the communities' sessions they may read (asked of those rows
 * alone), and the events they registered for or organize. `mine` keeps the last source alone.
 * Mirrors visibleEventSql, so a calendar month reads the viewer's few ranges, not every session.
 */
function calendarCandidates(actor: Actor, from: Date, to: Date, mine: boolean): SQL {
  const window = sql`s.starts_at >= ${from.toISOString()} and s.starts_at < ${to.toISOString()}`;
  const orNone = (ids: readonly string[]) =>
    ids.length ? [...ids] : ['00000000-0000-0000-0000-000000000000'];
  const own = sql`select s.id from event_sessions s
     where s.event_id in (select r.event_id from event_registrations r where r.user_id = ${actor.userId}
                           and r.status in ('registered', 'pending_approval', 'waitlisted')
                          union select f.event_id from event_facilitators f where f.user_id = ${actor.userId}
                          union select e.id from events e where e.created_by = ${actor.userId})
       and ${window}`;
  if (mine) return own;
  return sql`select s.id from event_sessions s where s.audience = 'public' and ${window}
    union select s.id from event_sessions s where s.audience = 'district' and s.audience_id = ${actor.districtId} and ${window}
    union select s.id from event_sessions s
           where s.audience = 'school' and s.audience_id = any(${sql.param(orNone(actor.schoolIds))}::uuid[]) and ${window}
    union select s.id from event_sessions s
           where s.audience = 'network' and s.audience_id = any(${sql.param(orNone(actor.networkIds))}::uuid[]) and ${window}
    union select s.id from event_sessions s
           where s.audience = 'community' and ${window}
             and exists (select 1 from communities ac where ac.id = s.audience_id and ${readableCommunitySql(actor, 'ac')})
    union select s.id from event_sessions s
           where s.host_id = any(${sql.param(orNone(actor.networkAdminOf))}::uuid[]) and ${window}
    union ${own}`;
}

/**
 * The calendar and search: sessions in a time window the viewer may see, filtered by subject,
 * grade band, kind, mode, credit, place and words, in time order.
 */
export async function listEvents({
  db,
  actor,
  query,
}: Ctx & { query: EventListQuery }): Promise<EventSummary[]> {
  const from = query.from ? new Date(query.from) : new Date(Date.now() - 86_400_000);
  const to = query.to ? new Date(query.to) : new Date(from.getTime() + 62 * 86_400_000);
  if (to.getTime() - from.getTime() > 400 * 86_400_000)
    throw invalidField('/querystring/to', 'must be within 400 days of from');
  const filters = [
    query.q ? sql`e.search @@ websearch_to_tsquery('english', ${query.q})` : null,
    query.subject ? sql`e.subjects @> array[${query.subject}]::text[]` : null,
    query.gradeBand ? sql`e.grade_bands @> array[${query.gradeBand}]::text[]` : null,
    query.kind ? sql`e.kind = ${query.kind}` : null,
    query.mode ? sql`e.mode = ${query.mode}` : null,
    query.credit ? sql`e.credit_hours > 0` : null,
    query.place ? sql`e.place ilike ${`%${query.place.replace(/[%_\\]/g, '\\$&')}%`}` : null,
  ].filter((f) => f !== null);
  const { rows } = await db.execute<Record<string, never>>(sql`
    with candidates as (${calendarCandidates(actor, from, to, Boolean(query.mine))}),
    page as (
      select e.id, s.id as session_id, coalesce(s.title, e.title) as title, e.kind, e.mode,
             coalesce(s.place, e.place) as place, s.starts_at, s.ends_at, e.time_zone, s.status, e.credit_hours,
             e.host_id, case when e.capacity is null then null else e.capacity - e.taken end as seats_left
        from candidates k
        join event_sessions s on s.id = k.id
        join events e on e.id = s.event_id
       ${filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
       order by s.starts_at, s.id
       limit ${query.limit})
    select p.*, coalesce(o.name, c.name) as host_name,
           (select r.status from event_registrations r where r.event_id = p.id and r.user_id = ${actor.userId}) as my_registration
      from page p
      left join organizations o on o.id = p.host_id
      left join communities c on c.id = p.host_id
     order by p.starts_at, p.session_id`);
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    title: r.title,
    kind: r.kind,
    mode: r.mode,
    place: r.place,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    timeZone: r.time_zone,
    status: r.status,
    creditHours: num(r.credit_hours),
    hostName: r.host_name,
    seatsLeft: r.seats_left,
    myRegistration: r.my_registration,
  }));
}

// ─── Registration ────────────────────────────────────────────────────────────────────────────────

function checkAnswers(questions: { id: string; required: boolean }[], answers: Record<string, string>) {
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(answers))
    if (!known.has(key)) throw invalidField(`/body/answers/${key}`, 'is not a question of this event');
  for (const q of questions)
    if (q.required && !answers[q.id]?.trim()) throw invalidField(`/body/answers/${q.id}`, 'is required');
}

/**
 * Registers the actor: a seat if one is free (taken by a counted update, so capacity is never
 * exceeded however many register at once), else a place at the end of the waitlist. A daytime
 * event's seat waits for the principal's approval.
 */
export async function register({ db, actor, eventId, body }: Ctx & { eventId: string; body: RegisterBody }) {
  return db.transaction(async (tx) => {
    const access = await accessOr404(tx, actor, eventId);
    if (access.registration && active.includes(access.registration))
      throw new ConflictError('You are already registered or waiting for this event.');
    const { rows } = await tx.execute<{
      questions: { id: string; required: boolean }[];
      status: string;
      requires_approval: boolean;
      ended: boolean;
    }>(
      sql`select questions, status, requires_approval, ends_at < now() as ended from events where id = ${eventId}`,
    );
    const event = rows[0];
    if (event.status === 'cancelled') throw new ConflictError('This event is cancelled.');
    if (event.ended) throw new ConflictError('This event is over.');
    checkAnswers(event.questions, body.answers);
    const approvers =
      event.requires_approval && actor.schoolId
        ? (
            await tx.execute<{ user_id: string }>(sql`
              select m.user_id from memberships m join profiles p on p.user_id = m.user_id
               where m.role = 'principal' and p.school_id = ${actor.schoolId} and m.user_id <> ${actor.userId}`)
          ).rows.map((r) => r.user_id)
        : [];
    const record = (to: string[]) =>
      recordActivity(tx, {
        actor,
        verb: 'registered',
        object: { type: EVENT_OBJECT, id: eventId, name: access.title },
        notify: to.length
          ? [{ kind: 'event_approval_requested', to, data: { eventId, eventTitle: access.title } }]
          : [],
      });
    // The seat's row lock lasts until commit, and every registration for the event waits on it: the
    // activity is recorded first so that the lock is held for one statement. Only a seat waiting for
    // a principal tells someone, after it is won.
    if (!event.requires_approval) await record([]);
    const { rows: placed } = await tx.execute<{ status: RegistrationStatus }>(sql`
      with seat as (
        update events set taken = taken + 1
         where id = ${eventId} and (capacity is null or taken < capacity) returning requires_approval)
      insert into event_registrations (id, event_id, user_id, status, school_id, answers, waitlist_at, needs_substitute)
      select ${uuidv7()}, ${eventId}, ${actor.userId},
             case when not exists (select 1 from seat) then 'waitlisted'
                  when (select requires_approval from seat) then 'pending_approval' else 'registered' end,
             ${actor.schoolId}, ${JSON.stringify(body.answers)}::jsonb,
             case when not exists (select 1 from seat) then clock_timestamp() end, ${body.needsSubstitute}
      on conflict (event_id, user_id) do update
        set status = excluded.status, school_id = excluded.school_id, answers = excluded.answers,
            waitlist_at = excluded.waitlist_at, needs_substitute = excluded.needs_substitute,
            approved_by = null, decided_at = null, updated_at = now()
      returning status`);
    const status = placed[0].status;
    if (status === 'registered') await joinEventSpace(tx, eventId, actor.userId, 'member');
    if (event.requires_approval) await record(status === 'pending_approval' ? approvers : []);
    return {
      status,
      waitlistPosition: status === 'waitlisted' ? await waitlistPosition(tx, eventId, actor.userId) : null,
    };
  });
}

/**
 * Gives free seats to the waitlist in its order, each at once and told so. The seat is taken by the
 * same counted update as a registration, so promotion and registration never share out one seat twice.
 */
export async function promoteWaitlist(tx: Tx, eventId: string): Promise<void> {
  for (;;) {
    const { rows } = await tx.execute<{
      id: string;
      user_id: string;
      title: string;
      requires_approval: boolean;
    }>(sql`
      select r.id, r.user_id, e.title, e.requires_approval from event_registrations r join events e on e.id = r.event_id
       where r.event_id = ${eventId} and r.status = 'waitlisted'
       order by r.waitlist_at, r.id limit 1 for update of r skip locked`);
    const next = rows[0];
    if (!next) return;
    const seat = await tx.execute(sql`
      update events set taken = taken + 1 where id = ${eventId} and (capacity is null or taken < capacity) returning taken`);
    if (!seat.rows.length) return;
    const status = next.requires_approval ? 'pending_approval' : 'registered';
    await tx.execute(
      sql`update event_registrations set status = ${status}, updated_at = now() where id = ${next.id}`,
    );
    if (status === 'registered') await joinEventSpace(tx, eventId, next.user_id, 'member');
    await recordActivity(tx, {
      actor: null,
      verb: 'approved',
      object: { type: EVENT_OBJECT, id: eventId, name: next.title },
      context: { districtId: null },
      notify: [{ kind: 'event_promoted', to: [next.user_id], data: { eventId, eventTitle: next.title } }],
    });
  }
}

/** Frees a seat held by a registration (its taken count goes down) and promotes the waitlist. */
async function freeSeat(tx: Tx, eventId: string) {
  await tx.execute(sql`update events set taken = greatest(0, taken - 1) where id = ${eventId}`);
  await promoteWaitlist(tx, eventId);
}

/** Cancels the actor's registration or place on the waitlist; a freed seat goes to the first waiting. */
export async function cancelRegistration({ db, actor, eventId }: Ctx & { eventId: string }) {
  return db.transaction(async (tx) => {
    const access = await accessOr404(tx, actor, eventId);
    const { rows } = await tx.execute<{ status: RegistrationStatus }>(sql`
      select status from event_registrations where event_id = ${eventId} and user_id = ${actor.userId} for update`);
    const current = rows[0]?.status;
    if (!current || !active.includes(current))
      throw new NotFoundError('You are not registered for this event.');
    await tx.execute(sql`
      update event_registrations set status = 'cancelled', updated_at = now()
       where event_id = ${eventId} and user_id = ${actor.userId}`);
    await leaveEventSpace(tx, eventId, actor.userId);
    if (seatHolding.includes(current)) await freeSeat(tx, eventId);
    await recordActivity(tx, {
      actor,
      verb: 'withdrew',
      object: { type: EVENT_OBJECT, id: eventId, name: access.title },
    });
  });
}

/** The principal of the registrant's school approves or declines a daytime event's registration. */
export async function decideRegistration({
  db,
  actor,
  registrationId,
  approve,
}: Ctx & { registrationId: string; approve: boolean }) {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{
      event_id: string;
      user_id: string;
      school_id: string | null;
      status: string;
      title: string;
    }>(sql`
      select r.event_id, r.user_id, r.school_id, r.status, e.title from event_registrations r join events e on e.id = r.event_id
       where r.id = ${registrationId} for update of r`);
    const r = rows[0];
    const mayDecide =
      r &&
      r.user_id !== actor.userId &&
      ((actor.roles.includes('principal') && r.school_id !== null && actor.schoolIds.includes(r.school_id)) ||
        (actor.roles.includes('district_admin') &&
          (
            await tx.execute(
              sql`select 1 from users where id = ${r.user_id} and district_id = ${actor.districtId}`,
            )
          ).rows.length > 0));
    if (!mayDecide) throw new NotFoundError('No such registration waiting for you.');
    if (r.status !== 'pending_approval')
      throw new ConflictError('This registration is not waiting for approval.');
    await tx.execute(sql`
      update event_registrations set status = ${approve ? 'registered' : 'declined'}, approved_by = ${actor.userId},
             decided_at = now(), updated_at = now() where id = ${registrationId}`);
    if (approve) await joinEventSpace(tx, r.event_id, r.user_id, 'member');
    else await freeSeat(tx, r.event_id);
    await recordActivity(tx, {
      actor,
      verb: approve ? 'approved' : 'declined',
      object: { type: EVENT_OBJECT, id: r.event_id, name: r.title },
      notify: [
        {
          kind: 'event_approval_decided',
          to: [r.user_id],
          data: { eventId: r.event_id, eventTitle: r.title, decision: approve ? 'approved' : 'declined' },
        },
      ],
    });
  });
}

/** Registrations waiting for the actor's approval (a principal's school, a district administrator's district). */
export async function listApprovals({ db, actor }: Ctx) {
  const schools =
    actor.roles.includes('principal') && actor.schoolIds.length
      ? actor.schoolIds
      : ['00000000-0000-0000-0000-000000000000'];
  const { rows } = await db.execute<Record<string, never>>(sql`
    select r.id, r.event_id, e.title, u.id as user_id, u.name, r.needs_substitute, e.starts_at
      from event_registrations r join events e on e.id = r.event_id join users u on u.id = r.user_id
     where r.status = 'pending_approval' and r.user_id <> ${actor.userId}
       and (r.school_id = any(${sql.param(schools)}::uuid[])
            or (${actor.roles.includes('district_admin')} and u.district_id = ${actor.districtId}))
     order by e.starts_at limit 200`);
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventTitle: r.title,
    userId: r.user_id,
    name: r.name,
    needsSubstitute: r.needs_substitute,
    startsAt: iso(r.starts_at),
  }));
}

/** The attendee list: organizers and registrants alone; answers to the organizers alone. */
export async function listRegistrations({
  db,
  actor,
  eventId,
}: Ctx & { eventId: string }): Promise<RegistrationView[]> {
  const access = await accessOr404(db, actor, eventId);
  if (!seesInside(access)) throw new ForbiddenError('The attendee list is for registrants and organizers.');
  const { rows } = await db.execute<Record<string, never>>(sql`
    select r.id, r.user_id, u.name, r.status, r.answers, r.needs_substitute,
           case when r.status = 'waitlisted' then row_number() over (partition by r.status order by r.waitlist_at, r.id) end as position,
           (select count(*)::int from event_attendance a where a.event_id = r.event_id and a.user_id = r.user_id) as attended
      from event_registrations r join users u on u.id = r.user_id
     where r.event_id = ${eventId} ${access.organizer ? sql`` : sql`and r.status = 'registered'`}
     order by r.status, r.waitlist_at nulls first, u.name`);
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    status: r.status,
    waitlistPosition: r.position === null ? null : Number(r.position),
    answers: access.organizer ? r.answers : {},
    needsSubstitute: access.organizer ? r.needs_substitute : false,
    attended: r.attended,
  }));
}

/**
 * Opens the event's own discussion space (decision 080) for its organizers and registrants, making it
 * the first time; its id is the community whose threads hold the session notes.
 */
export async function openEventSpace({ db, actor, eventId }: Ctx & { eventId: string }): Promise<string> {
  return db.transaction(async (tx) => {
    const access = await accessOr404(tx, actor, eventId);
    if (!seesInside(access))
      throw new ForbiddenError('The session notes are for registrants and organizers.');
    return ensureEventSpace(tx, eventId);
  });
}

// ─── Attendance ──────────────────────────────────────────────────────────────────────────────────

/**
 * Records that a person attended a session, once: the activity statement (ATTENDED, with the
 * session's length) that puts the hours in their learning log. False when already recorded.
 */
async function recordAttendance(
  tx: Tx,
  args: {
    sessionId: string;
    eventId: string;
    userId: string;
    method: 'roster' | 'code';
    recordedBy: string | null;
  },
): Promise<boolean> {
  const inserted = await tx.execute(sql`
    insert into event_attendance (session_id, user_id, event_id, method, recorded_by)
    values (${args.sessionId}, ${args.userId}, ${args.eventId}, ${args.method}, ${args.recordedBy})
    on conflict do nothing returning session_id`);
  if (!inserted.rows.length) return false;
  const { rows } = await tx.execute<{
    name: string;
    district_id: string;
    school_id: string | null;
    title: string;
    minutes: number;
    credit_hours: string | null;
    sessions: number;
  }>(sql`
    select u.name, u.district_id, p.school_id, coalesce(s.title, e.title) as title,
           round(extract(epoch from s.ends_at - s.starts_at) / 60)::int as minutes, e.credit_hours,
           (select count(*)::int from event_sessions x where x.event_id = e.id and x.status = 'scheduled') as sessions
      from users u left join profiles p on p.user_id = u.id, event_sessions s join events e on e.id = s.event_id
     where u.id = ${args.userId} and s.id = ${args.sessionId}`);
  const a = rows[0];
  // Credit offered for the whole event is shared among its sessions; otherwise the session's length.
  const minutes =
    a.credit_hours !== null ? Math.round((Number(a.credit_hours) * 60) / Math.max(1, a.sessions)) : a.minutes;
  await recordActivity(tx, {
    actor: { userId: args.userId, name: a.name, districtId: a.district_id, schoolId: a.school_id },
    verb: ATTENDED,
    object: { type: SESSION_OBJECT, id: args.sessionId, name: a.title },
    result: { duration: `PT${minutes}M`, completion: true },
    context: { extensions: { 'https://trellis.dev/xapi/extensions/event': args.eventId } },
  });
  return true;
}

/** The organizer marks attendance from the roster; only registrants may be marked. */
export async function takeRoster({
  db,
  actor,
  eventId,
  sessionId,
  userIds,
}: Ctx & { eventId: string; sessionId: string; userIds: string[] }) {
  return db.transaction(async (tx) => {
    await organizerOr403(tx, actor, eventId);
    const { rows: sessions } = await tx.execute<{ started: boolean }>(sql`
      select starts_at - interval '15 minutes' <= now() as started from event_sessions
       where id = ${sessionId} and event_id = ${eventId} and status = 'scheduled'`);
    if (!sessions[0]) throw new NotFoundError('No such session.');
    if (!sessions[0].started) throw new ConflictError('Attendance is taken once the session has begun.');
    const { rows } = await tx.execute<{ user_id: string }>(sql`
      select user_id from event_registrations where event_id = ${eventId} and status = 'registered'
         and user_id = any(${sql.param(userIds)}::uuid[])`);
    const registered = new Set(rows.map((r) => r.user_id));
    userIds.forEach((id, i) => {
      if (!registered.has(id)) throw invalidField(`/body/userIds/${i}`, 'is not registered for this event');
    });
    let recorded = 0;
    for (const userId of new Set(userIds))
      if (
        await recordAttendance(tx, { sessionId, eventId, userId, method: 'roster', recordedBy: actor.userId })
      )
        recorded++;
    return { sessionId, recorded };
  });
}

const wrongCodes = new LRUCache<string, { count: number; since: number }>({ max: 20_000 });

/**
 * The attendee checks in with the code shown in the room or spoken in the meeting: valid only while
 * a session of an event they are registered for runs, once per person; wrong codes are limited per
 * person so codes cannot be guessed in bulk.
 */
export async function checkIn({ db, actor, code }: Ctx & { code: string }) {
  const now = Date.now();
  const tries = wrongCodes.get(actor.userId);
  if (tries && now - tries.since < 10 * 60_000 && tries.count >= CHECKIN_TRIES)
    throw new TooManyRequestsError();
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: string; event_id: string; title: string }>(sql`
      select s.id, s.event_id, coalesce(s.title, e.title) as title
        from event_sessions s join events e on e.id = s.event_id
        join event_registrations r on r.event_id = s.event_id and r.user_id = ${actor.userId} and r.status = 'registered'
       where s.checkin_code = ${code.toUpperCase().replace(/[^A-Z0-9]/g, '')} and s.status = 'scheduled'
         and now() between s.starts_at - make_interval(secs => ${CHECKIN_EARLY_MS / 1000}) and s.ends_at
       limit 1`);
    const session = rows[0];
    if (!session) {
      const entry = tries && now - tries.since < 10 * 60_000 ? tries : { count: 0, since: now };
      entry.count++;
      wrongCodes.set(actor.userId, entry);
      throw invalidField('/body/code', 'is not the code of a session of yours that is running now');
    }
    const recorded = await recordAttendance(tx, {
      sessionId: session.id,
      eventId: session.event_id,
      userId: actor.userId,
      method: 'code',
      recordedBy: actor.userId,
    });
    if (!recorded) throw new ConflictError('You have already checked in to this session.');
    return { eventId: session.event_id, sessionId: session.id, title: session.title };
  });
}

/** Forgets wrong check-in tries (tests). */
export const resetCheckinTries = () => wrongCodes.clear();

// ─── Feedback ────────────────────────────────────────────────────────────────────────────────────

/** An attendee answers the session's short survey, once. */
export async function giveFeedback({
  db,
  actor,
  eventId,
  sessionId,
  body,
}: Ctx & { eventId: string; sessionId: string; body: FeedbackBody }) {
  return db.transaction(async (tx) => {
    await accessOr404(tx, actor, eventId);
    const { rows } = await tx.execute(sql`
      select 1 from event_attendance where session_id = ${sessionId} and event_id = ${eventId} and user_id = ${actor.userId}`);
    if (!rows.length) throw new ForbiddenError('Feedback is from those who attended the session.');
    const inserted = await tx.execute(sql`
      insert into event_feedback (session_id, user_id, event_id, relevance, will_use, one_thing)
      values (${sessionId}, ${actor.userId}, ${eventId}, ${body.relevance}, ${body.willUse}, ${body.oneThing})
      on conflict do nothing returning session_id`);
    if (!inserted.rows.length) throw new ConflictError('You have already given feedback on this session.');
  });
}

/**
 * The survey's results for organizers: averages and the things people will try. Each session's answers
 * count only in whole blocks of the threshold, taken in the order they came (five of seven answers,
 * then all ten at ten), and the event's total is the sum of those blocks. So any two results an
 * organizer can read (the event and one session, or the same one before and after another answer)
 * differ by whole blocks of at least the threshold, never by a small group or one person.
 */
export async function feedbackSummary({
  db,
  actor,
  eventId,
  sessionId,
}: Ctx & { eventId: string; sessionId?: string }) {
  await organizerOr403(db, actor, eventId);
  const { rows } = await db.execute<{
    n: number;
    relevance: number | null;
    will_use: number | null;
    things: string[] | null;
  }>(sql`
    with ranked as (
      select relevance, will_use, one_thing,
             count(*) over (partition by session_id) as answered,
             row_number() over (partition by session_id order by created_at, user_id) as place
        from event_feedback where event_id = ${eventId} ${sessionId ? sql`and session_id = ${sessionId}` : sql``})
    select count(*)::int as n, avg(relevance)::float8 as relevance, avg(will_use)::float8 as will_use,
           array_agg(one_thing order by random()) filter (where one_thing <> '') as things
      from ranked where place <= (answered / ${FEEDBACK_THRESHOLD}) * ${FEEDBACK_THRESHOLD}`);
  const r = rows[0];
  const shown = r.n >= FEEDBACK_THRESHOLD;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    responses: shown ? r.n : 0,
    threshold: FEEDBACK_THRESHOLD,
    relevance: shown ? round(r.relevance) : null,
    willUse: shown ? round(r.will_use) : null,
    oneThings: shown ? (r.things ?? []) : null,
  };
}

// ─── Calendar: invitations and feeds ─────────────────────────────────────────────────────────────

async function icsEvents(
  tx: Pick<Tx, 'execute'>,
  eventIds: string[],
  baseUrl: string,
  withLinks: boolean,
): Promise<IcsEvent[]> {
  if (!eventIds.length) return [];
  const { rows } = await tx.execute<Record<string, never>>(sql`
    select e.id, e.title, e.description, e.place, e.room, e.time_zone, e.recurrence, e.sequence, e.status, e.meeting_url,
           u.name as organizer_name
      from events e join users u on u.id = e.created_by where e.id = any(${sql.param(eventIds)}::uuid[])`);
  const sessions = await tx.execute<Record<string, never>>(sql`
    select * from event_sessions where event_id = any(${sql.param(eventIds)}::uuid[]) order by starts_at`);
  return rows.map((e) => ({
    id: e.id,
    title: e.title,
    description: e.description,
    location: [e.place, e.room].filter(Boolean).join(', '),
    url: `${baseUrl}/events/${e.id}`,
    timeZone: e.time_zone,
    recurrence: e.recurrence,
    sequence: e.sequence,
    status: e.status,
    meetingUrl: withLinks ? e.meeting_url : null,
    // The creator by name; the address is Trellis's, not theirs: whoever may read the event would
    // otherwise read the creator's own email, whatever their profile lets people see of it.
    organizer: { name: e.organizer_name, email: `no-reply@${new URL(baseUrl).hostname}` },
    sessions: sessions.rows
      .filter((s) => s.event_id === e.id)
      .map((s) => ({
        id: s.id,
        startsAt: new Date(s.starts_at),
        endsAt: new Date(s.ends_at),
        recurrenceId: new Date(s.recurrence_id),
        title: s.title,
        location:
          s.place === null && s.room === null
            ? null
            : [s.place ?? e.place, s.room ?? e.room].filter(Boolean).join(', '),
        status: s.status,
        sequence: s.sequence,
        overridden: s.overridden,
      })),
  }));
}

/** The event's invitation (.ics) for the viewer: REQUEST, or CANCEL once it is cancelled. */
export async function eventIcs({ db, actor, eventId, baseUrl }: Ctx & { eventId: string; baseUrl: string }) {
  const access = await accessOr404(db, actor, eventId);
  const events = await icsEvents(db, [eventId], baseUrl, seesInside(access));
  return icsOf(events, { method: events[0].status === 'cancelled' ? 'CANCEL' : 'REQUEST' });
}

/**
 * What a change's email carries: the updated invitation for calendars to apply in place, the one
 * session when one changed, a CANCEL when the event or session was cancelled. Null when the person
 * may no longer see the event.
 */
export async function changeInvitation(
  tx: Tx,
  userId: string,
  data: Record<string, string>,
  baseUrl?: string,
): Promise<NotificationEmail | null> {
  const access = await eventAccess(tx, await actorOf(tx, userId), data.eventId);
  if (!access) return null;
  if (!baseUrl) return { text: '', html: '' };
  const events = await icsEvents(tx, [data.eventId], baseUrl, seesInside(access));
  const method = data.change === 'cancelled' || data.change === 'session_cancelled' ? 'CANCEL' : 'REQUEST';
  const content = icsOf(events, { method, only: data.sessionId ? { sessionId: data.sessionId } : undefined });
  return { text: '', html: '', calendar: { method, filename: 'invite.ics', content } };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const feedUrl = (baseUrl: string, token: string) => `${baseUrl}/api/calendar/feeds/${token}.ics`;

/** Makes a private feed URL: the actor's own events, or one event's sessions for its organizers. */
export async function createFeed({
  db,
  actor,
  eventId,
  baseUrl,
}: Ctx & { eventId: string | null; baseUrl: string }) {
  if (eventId) await organizerOr403(db, actor, eventId);
  const token = randomBytes(24).toString('base64url');
  const id = uuidv7();
  const { rows } = await db.execute<{ created_at: Date }>(sql`
    insert into calendar_feeds (id, user_id, kind, event_id, token_hash)
    values (${id}, ${actor.userId}, ${eventId ? 'event' : 'personal'}, ${eventId}, ${hashToken(token)}) returning created_at`);
  return {
    id,
    kind: eventId ? ('event' as const) : ('personal' as const),
    eventId,
    url: feedUrl(baseUrl, token),
    createdAt: iso(rows[0].created_at),
  };
}

export async function listFeeds({ db, actor }: Ctx) {
  const { rows } = await db.execute<Record<string, never>>(sql`
    select id, kind, event_id, created_at from calendar_feeds where user_id = ${actor.userId} and revoked_at is null order by created_at`);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    eventId: r.event_id,
    url: null,
    createdAt: iso(r.created_at),
  }));
}

/** Revokes a feed: its URL answers 404 from now on. */
export async function revokeFeed({ db, actor, feedId }: Ctx & { feedId: string }) {
  const { rowCount } = await db.execute(sql`
    update calendar_feeds set revoked_at = now() where id = ${feedId} and user_id = ${actor.userId} and revoked_at is null`);
  if (!rowCount) throw new NotFoundError('No such calendar feed.');
}

/** The feed a calendar app polls, by its token alone; null when unknown or revoked. */
export async function feedIcs(db: Db, token: string, baseUrl: string): Promise<string | null> {
  const { rows } = await db.execute<{ user_id: string; kind: string; event_id: string | null }>(sql`
    select f.user_id, f.kind, f.event_id from calendar_feeds f join users u on u.id = f.user_id
     where f.token_hash = ${hashToken(token)} and f.revoked_at is null and u.status = 'active'`);
  const feed = rows[0];
  if (!feed) return null;
  let events: IcsEvent[];
  if (feed.kind === 'event') {
    const organizer = await db.execute<{ ok: boolean }>(sql`
      select ${organizesSql(await actorOf(db, feed.user_id))} as ok from events e where e.id = ${feed.event_id}`);
    if (!organizer.rows[0]?.ok) return null;
    events = await icsEvents(db, [feed.event_id as string], baseUrl, true);
  } else {
    // A registration waiting for approval is in the calendar, but its meeting link is not yet hers.
    const mine = await db.execute<{ event_id: string; inside: boolean }>(sql`
      select event_id, bool_or(inside) as inside from (
        select event_id, status = 'registered' as inside from event_registrations
         where user_id = ${feed.user_id} and status in ('registered', 'pending_approval')
        union all select event_id, true from event_facilitators where user_id = ${feed.user_id}
        union all select id, true from events where created_by = ${feed.user_id}) m
       group by event_id`);
    const ids = (inside: boolean) => mine.rows.filter((r) => r.inside === inside).map((r) => r.event_id);
    events = [
      ...(await icsEvents(db, ids(true), baseUrl, true)),
      ...(await icsEvents(db, ids(false), baseUrl, false)),
    ];
  }
  return icsOf(events, { method: 'PUBLISH', name: 'Trellis events' });
}

// ─── Documents ───────────────────────────────────────────────────────────────────────────────────

/** Rows of the attendance CSV and the sign-in sheet: registrants with the sessions each attended. */
export async function attendanceRows({ db, actor, eventId }: Ctx & { eventId: string }) {
  const access = await organizerOr403(db, actor, eventId);
  const sessions = await db.execute<{ id: string; starts_at: Date }>(sql`
    select id, starts_at from event_sessions where event_id = ${eventId} and status = 'scheduled' order by starts_at`);
  const people = await db.execute<{ user_id: string; name: string; email: string; attended: string[] }>(sql`
    select r.user_id, u.name, u.email,
           coalesce((select array_agg(a.session_id::text) from event_attendance a where a.event_id = r.event_id and a.user_id = r.user_id), '{}') as attended
      from event_registrations r join users u on u.id = r.user_id
     where r.event_id = ${eventId} and r.status = 'registered' order by u.name`);
  const { rows } = await db.execute<{ time_zone: string }>(
    sql`select time_zone from events where id = ${eventId}`,
  );
  return { title: access.title, timeZone: rows[0].time_zone, sessions: sessions.rows, people: people.rows };
}

/** What the certificate of attendance says: the attendee, the event, the sessions and hours attended. */
export async function certificateFacts({ db, actor, eventId }: Ctx & { eventId: string }) {
  const access = await accessOr404(db, actor, eventId);
  const { rows } = await db.execute<{ starts_at: Date; ends_at: Date; minutes: number }>(sql`
    select s.starts_at, s.ends_at, round(extract(epoch from s.ends_at - s.starts_at) / 60)::int as minutes
      from event_attendance a join event_sessions s on s.id = a.session_id
     where a.event_id = ${eventId} and a.user_id = ${actor.userId} order by s.starts_at`);
  if (!rows.length) throw new NotFoundError('You have no attendance at this event to certify.');
  const minutes = rows.reduce((sum, r) => sum + r.minutes, 0);
  const host = await db.execute<{ name: string | null; time_zone: string }>(sql`
    select coalesce(o.name, c.name) as name, e.time_zone from events e
      left join organizations o on o.id = e.host_id left join communities c on c.id = e.host_id where e.id = ${eventId}`);
  return {
    attendee: actor.name,
    title: access.title,
    host: host.rows[0].name ?? '',
    timeZone: host.rows[0].time_zone,
    sessions: rows.map((r) => new Date(r.starts_at)),
    hours: Math.round((minutes / 60) * 100) / 100,
  };
}
