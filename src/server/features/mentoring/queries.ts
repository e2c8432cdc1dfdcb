/**
 * All SQL of mentoring. Lists apply the rules of policy.ts in SQL: a coordinator's lists are of the
 * districts they coordinate, a pair's private rows are read only for its members, and suggestions
 * name only mentors the mentee may see (decision 088).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type {
  CheckIn,
  Goal,
  Meeting,
  MeetingMode,
  MentorLoad,
  MentorProfile,
  MentoringRequest,
  Mentorship,
  MentorshipStatus,
  PairOverview,
  Person,
  Reason,
  RequestStatus,
} from '#shared/contracts/mentoring.ts';
import { type MentoringActor, type MentorshipAccess, coordinatedDistrictSql } from './policy.ts';

type Db = Pick<Tx, 'execute'>;

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** Mentorships that hold a mentee: accepted by the mentor's side and counted against capacity. */
export const ACCEPTED = sql`('awaiting_approval', 'active')`;
/** Mentorships that take a place of a mentor's capacity while they wait or run. */
export const HOLDING = sql`('proposed', 'awaiting_approval', 'active')`;

// ─── People ───────────────────────────────────────────────────────────────────────────────────────

/** SQL: a person as the contracts show them, from a user id expression. */
const personJson = (userId: SQL) => sql`(select jsonb_build_object(
    'id', u.id, 'name', u.name, 'districtName', d.name, 'schoolName', s.name)
  from users u join organizations d on d.id = u.district_id
  left join profiles p on p.user_id = u.id left join organizations s on s.id = p.school_id
  where u.id = ${userId})`;

/** A person's district, their networks' ids and their main school, for the rules that need them. */
export async function personContext(
  tx: Db,
  userId: string,
): Promise<{
  userId: string;
  name: string;
  districtId: string;
  schoolId: string | null;
  networkIds: string[];
  active: boolean;
} | null> {
  const { rows } = await tx.execute<{
    name: string;
    district_id: string;
    school_id: string | null;
    network_ids: string[];
    status: string;
  }>(sql`
    select u.name, u.district_id, u.status, (select p.school_id from profiles p where p.user_id = u.id) as school_id,
           coalesce((select array_agg(nd.network_id) from network_districts nd where nd.district_id = u.district_id), '{}') as network_ids
      from users u where u.id = ${userId}`);
  const r = rows[0];
  if (!r) return null;
  return {
    userId,
    name: r.name,
    districtId: r.district_id,
    schoolId: r.school_id,
    networkIds: r.network_ids,
    active: r.status === 'active',
  };
}

// ─── Settings ─────────────────────────────────────────────────────────────────────────────────────

export async function readSettings(
  tx: Db,
  organizationId: string,
): Promise<{ evaluatorRoles: string[]; menteeDistrictApproves: boolean }> {
  const { rows } = await tx.execute<{ evaluator_roles: string[]; mentee_district_approves: boolean }>(sql`
    select evaluator_roles, mentee_district_approves from mentoring_settings where organization_id = ${organizationId}`);
  const r = rows[0];
  return r
    ? { evaluatorRoles: r.evaluator_roles, menteeDistrictApproves: r.mentee_district_approves }
    : { evaluatorRoles: ['principal'], menteeDistrictApproves: true };
}

export async function saveSettings(
  tx: Db,
  organizationId: string,
  body: { evaluatorRoles?: string[]; menteeDistrictApproves?: boolean },
): Promise<void> {
  const roles = body.evaluatorRoles ?? null;
  const approves = body.menteeDistrictApproves ?? null;
  await tx.execute(sql`
    insert into mentoring_settings (organization_id, evaluator_roles, mentee_district_approves)
    values (${organizationId}, coalesce(${roles === null ? null : sql.param(roles)}::text[], '{principal}'),
            coalesce(${approves}::boolean, true))
    on conflict (organization_id) do update set
      evaluator_roles = coalesce(${roles === null ? null : sql.param(roles)}::text[], mentoring_settings.evaluator_roles),
      mentee_district_approves = coalesce(${approves}::boolean, mentoring_settings.mentee_district_approves),
      updated_at = now()`);
}

/**
 * Whether a mentor from the other district needs the mentee's district's approval: yes, unless a
 * network both districts belong to has decided its districts need not approve (decision 089).
 */
export async function needsApproval(
  tx: Db,
  menteeDistrictId: string,
  mentorDistrictId: string,
): Promise<boolean> {
  if (menteeDistrictId === mentorDistrictId) return false;
  const { rows } = await tx.execute<{ waived: boolean }>(sql`
    select exists (select 1 from network_districts a join network_districts b on b.network_id = a.network_id
                     join mentoring_settings s on s.organization_id = a.network_id
                    where a.district_id = ${menteeDistrictId} and b.district_id = ${mentorDistrictId}
                      and not s.mentee_district_approves) as waived`);
  return !rows[0]?.waived;
}

// ─── Mentor profiles ──────────────────────────────────────────────────────────────────────────────

export async function readMentorProfile(tx: Db, userId: string): Promise<MentorProfile | null> {
  const { rows } = await tx.execute<{
    user_id: string;
    capacity: number;
    accepting: boolean;
    meeting_modes: MeetingMode[];
    topics: string[];
    availability: string;
    load: number;
  }>(sql`
    select mp.*, (select count(*) from mentorships m where m.mentor_id = mp.user_id and m.status in ${ACCEPTED})::int as load
      from mentor_profiles mp where mp.user_id = ${userId}`);
  const r = rows[0];
  return r
    ? {
        userId: r.user_id,
        capacity: r.capacity,
        accepting: r.accepting,
        meetingModes: r.meeting_modes,
        topics: r.topics,
        availability: r.availability,
        load: r.load,
      }
    : null;
}

export async function saveMentorProfile(
  tx: Db,
  p: {
    userId: string;
    districtId: string;
    capacity: number;
    accepting: boolean;
    meetingModes: string[];
    topics: string[];
    availability: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into mentor_profiles (user_id, district_id, capacity, accepting, meeting_modes, topics, availability)
    values (${p.userId}, ${p.districtId}, ${p.capacity}, ${p.accepting}, ${sql.param(p.meetingModes)}::text[],
            ${sql.param(p.topics)}::text[], ${p.availability})
    on conflict (user_id) do update set district_id = excluded.district_id, capacity = excluded.capacity,
      accepting = excluded.accepting, meeting_modes = excluded.meeting_modes, topics = excluded.topics,
      availability = excluded.availability, updated_at = now()`);
}

/** Locks the mentor's offer and counts who they hold: what a confirmation checks capacity against. */
export async function lockMentorCapacity(
  tx: Db,
  mentorId: string,
): Promise<{ capacity: number; accepted: number } | null> {
  const { rows } = await tx.execute<{ capacity: number }>(
    sql`select capacity from mentor_profiles where user_id = ${mentorId} for update`,
  );
  if (!rows[0]) return null;
  const { rows: counted } = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from mentorships where mentor_id = ${mentorId} and status in ${ACCEPTED}`);
  return { capacity: rows[0].capacity, accepted: counted[0].n };
}

// ─── Requests ─────────────────────────────────────────────────────────────────────────────────────

const requestColumns = sql`r.id, r.subject, r.grade_band, r.topics, r.meeting_mode, r.note, r.status, r.created_at,
  r.mentee_id, r.district_id, ${personJson(sql`r.mentee_id`)} as mentee`;

type RequestRow = {
  id: string;
  subject: string;
  grade_band: string;
  topics: string[];
  meeting_mode: MeetingMode;
  note: string;
  status: RequestStatus;
  created_at: string;
  mentee_id: string;
  district_id: string;
  mentee: Person;
};

const presentRequest = (r: RequestRow): MentoringRequest => ({
  id: r.id,
  mentee: r.mentee,
  subject: r.subject,
  gradeBand: r.grade_band,
  topics: r.topics,
  meetingMode: r.meeting_mode,
  note: r.note,
  status: r.status,
  createdAt: iso(r.created_at),
});

/** What a request asks for and whose it is: what suggestions are scored against. */
export interface RequestNeeds {
  id: string;
  menteeId: string;
  districtId: string;
  subject: string;
  gradeBand: string;
  topics: string[];
  meetingMode: string;
}

export async function insertRequest(tx: Db, r: RequestNeeds & { note: string }): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into mentoring_requests (id, mentee_id, district_id, subject, grade_band, topics, meeting_mode, note)
    values (${r.id}, ${r.menteeId}, ${r.districtId}, ${r.subject}, ${r.gradeBand}, ${sql.param(r.topics)}::text[],
            ${r.meetingMode}, ${r.note})
    on conflict (mentee_id) where status = 'open' do nothing
    returning id`);
  return rows.length > 0;
}

export async function findRequest(
  tx: Db,
  id: string,
): Promise<(MentoringRequest & { menteeId: string; districtId: string }) | null> {
  const { rows } = await tx.execute<RequestRow>(
    sql`select ${requestColumns} from mentoring_requests r where r.id = ${id}`,
  );
  const r = rows[0];
  return r ? { ...presentRequest(r), menteeId: r.mentee_id, districtId: r.district_id } : null;
}

export async function setRequestStatus(
  tx: Db,
  id: string,
  status: RequestStatus,
  from: RequestStatus[],
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    update mentoring_requests set status = ${status}
     where id = ${id} and status = any(${sql.param(from)}::text[]) returning id`);
  return rows.length > 0;
}

export async function listOwnRequests(tx: Db, userId: string): Promise<MentoringRequest[]> {
  const { rows } = await tx.execute<RequestRow>(sql`
    select ${requestColumns} from mentoring_requests r where r.mentee_id = ${userId}
     order by r.created_at desc limit 20`);
  return rows.map(presentRequest);
}

/** The open requests of the districts the actor coordinates (or those named), oldest first. */
export async function listCoordinatedOpenRequests(
  tx: Db,
  actor: MentoringActor,
  ids?: string[],
): Promise<Array<MentoringRequest & { menteeId: string; districtId: string }>> {
  const { rows } = await tx.execute<RequestRow>(sql`
    select ${requestColumns} from mentoring_requests r
     where r.status = 'open' and ${coordinatedDistrictSql(actor, sql`r.district_id`)}
       ${ids ? sql`and r.id = any(${sql.param(ids)}::uuid[])` : sql``}
       and not exists (select 1 from mentorships m where m.request_id = r.id and m.status = 'proposed')
     order by r.created_at, r.id limit 500`);
  return rows.map((r) => ({ ...presentRequest(r), menteeId: r.mentee_id, districtId: r.district_id }));
}

export async function coordinatesRequestDistrict(tx: Db, actor: MentoringActor, districtId: string) {
  const { rows } = await tx.execute<{ ok: boolean }>(
    sql`select ${coordinatedDistrictSql(actor, sql`${districtId}::uuid`)} as ok`,
  );
  return rows[0]?.ok === true;
}

// ─── Suggestions ──────────────────────────────────────────────────────────────────────────────────

/** The weights of the score (decision 088): each multiplies how well a mentor fits on it, 0–1. */
export const WEIGHTS = {
  subject: 30,
  gradeBand: 20,
  topics: 20,
  meetingMode: 10,
  credentials: 10,
  load: 10,
  continuity: 25,
} as const;

export type Fits = Record<keyof typeof WEIGHTS, number>;

export interface Candidate {
  mentor: Person;
  districtId: string;
  capacity: number;
  load: number;
  meetingModes: MeetingMode[];
  availability: string;
  fits: Fits;
}

/** SQL: a text array lower-cased, as one call per row (the unit separator never occurs in a topic). */
const lowered = (a: SQL) => sql`string_to_array(lower(array_to_string(${a}, chr(31))), chr(31))`;

/** The score of a candidate and the reasons that make it: each weight, the fit, and their product. */
export function scoreOf(fits: Fits): { score: number; reasons: Reason[] } {
  const reasons = (Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]).map((factor) => {
    const weight = WEIGHTS[factor];
    const fit = Math.round(fits[factor] * 100) / 100;
    return { factor, weight, fit, points: Math.round(weight * fit * 10) / 10 };
  });
  const score = Math.round(reasons.reduce((sum, r) => sum + r.points, 0) * 10) / 10;
  return { score, reasons: reasons.filter((r) => r.points > 0) };
}

/**
 * The mentors Trellis may suggest for a request, best first: mentors who take people on and have
 * room, in the mentee's district or a district sharing a network with it whose mentors show their
 * mentoring beyond their district, never the mentee's evaluator (their school's principal or a role
 * their district names), never the mentee. `within` narrows the districts (a coordinator's); `only`
 * asks about one mentor. Every fit is computed here, from what the mentee may see of the mentor's
 * profile (copied onto the offer, migration 0083, so the scan reads one table); the score orders them
 * with the same weights `scoreOf` shows. Credentials are counted only for the finalists: those whose
 * score without them comes within the credentials' weight of the last place shown, which no other
 * candidate can reach (decision 088).
 */
export async function findCandidates(
  tx: Db,
  request: RequestNeeds,
  options: { limit: number; within?: SQL; only?: string },
): Promise<Candidate[]> {
  const D = request.districtId;
  const E = request.menteeId;
  const seen = (field: string, condition: SQL) =>
    sql`(${condition} and (c.district_id = ${D} or coalesce(c.field_visibility->>${field}, 'network') <> 'district'))`;
  // Each topic asked for is one containment test on the offer's topics and the visible expertise,
  // both lower-cased as they are read: no subquery per candidate.
  const topics = [...new Set(request.topics.map((t) => t.toLowerCase()))];
  const expertiseSeen = seen('expertise', sql`true`);
  const topicsFit = topics.length
    ? sql`((${sql.join(
        topics.map(
          (t) =>
            sql`(c.offered @> array[${t}]::text[] or (${expertiseSeen} and c.expertise @> array[${t}]::text[]))::int`,
        ),
        sql` + `,
      )})::real / ${topics.length})`
    : sql`0::real`;
  const W = WEIGHTS;
  const { rows } = await tx.execute<{
    mentor: Person;
    district_id: string;
    capacity: number;
    load: number;
    meeting_modes: MeetingMode[];
    availability: string;
    subject: number;
    grade_band: number;
    topics: number;
    meeting_mode: number;
    credentials: number;
    load_fit: number;
    continuity: number;
  }>(sql`
    with reach as (
      select ${D}::uuid as district_id
      union select b.district_id from network_districts a join network_districts b on b.network_id = a.network_id
       where a.district_id = ${D}),
    mentee_schools as (
      select m.organization_id from memberships m join organizations o on o.id = m.organization_id and o.kind = 'school'
       where m.user_id = ${E}
      union select p.school_id from profiles p where p.user_id = ${E} and p.school_id is not null),
    past as (
      select m.mentor_id from mentorships m where m.mentee_id = ${E} and m.approved_at is not null),
    loads as (
      select m.mentor_id, count(*)::int as load from mentorships m
       where m.mentor_district_id in (select district_id from reach) and m.status in ${HOLDING}
       group by m.mentor_id),
    c as materialized (
      select mp.user_id, mp.district_id, mp.capacity, mp.meeting_modes, mp.availability,
             ${lowered(sql`mp.topics`)} as offered, ${lowered(sql`mp.expertise`)} as expertise,
             mp.subjects, mp.grade_bands, mp.field_visibility, coalesce(l.load, 0) as load
        from mentor_profiles mp left join loads l on l.mentor_id = mp.user_id
       where mp.district_id in (select district_id from reach) and mp.accepting and mp.capacity > 0 and mp.active
         and mp.user_id <> ${E}
         ${options.within ? sql`and mp.district_id in (${options.within})` : sql``}
         ${options.only ? sql`and mp.user_id = ${options.only}` : sql``}
         and (mp.district_id = ${D} or coalesce(mp.field_visibility->>'mentoring', 'network') <> 'district')
         -- The mentee's evaluators hold a role their district names in it: only its own mentors are asked.
         and not (mp.district_id = ${D} and exists (
               select 1 from memberships r
                where r.user_id = mp.user_id and r.organization_id = ${D}
                  and r.role = any(coalesce((select s.evaluator_roles from mentoring_settings s
                                              where s.organization_id = ${D}), '{principal}'))
                  and (r.role = 'district_admin'
                       or exists (select 1 from memberships ms where ms.user_id = r.user_id
                                    and ms.organization_id in (select organization_id from mentee_schools))
                       or exists (select 1 from profiles ep where ep.user_id = r.user_id
                                    and ep.school_id in (select organization_id from mentee_schools)))))
         and coalesce(l.load, 0) < mp.capacity),
    scored as materialized (
      select c.user_id, c.district_id, c.capacity, c.load, c.meeting_modes, c.availability,
             (case when ${seen('subjects', sql`c.subjects @> array[${request.subject}]::text[]`)} then 1 else 0 end) as subject,
             (case when ${seen('gradeBands', sql`c.grade_bands @> array[${request.gradeBand}]::text[]`)} then 1 else 0 end) as grade_band,
             ${topicsFit} as topics,
             (case when ${request.meetingMode} = 'either' or 'either' = any(c.meeting_modes)
                     or ${request.meetingMode} = any(c.meeting_modes) then 1 else 0 end) as meeting_mode,
             (1 - c.load::real / c.capacity) as load_fit,
             (case when c.user_id in (select mentor_id from past) then 1 else 0 end) as continuity
        from c),
    partial as materialized (
      select s.*, (${W.subject} * s.subject + ${W.gradeBand} * s.grade_band + ${W.topics} * s.topics
                   + ${W.meetingMode} * s.meeting_mode + ${W.load} * s.load_fit + ${W.continuity} * s.continuity) as partial
        from scored s),
    cut as (select partial from partial order by partial desc limit 1 offset ${options.limit - 1}),
    finalists as (
      select f.*, least(1, (select count(*) from (select 1 from awards a where a.recipient_id = f.user_id and a.listed
                     and a.revoked_at is null and (a.expires_at is null or a.expires_at > now()) limit 3) held)::real / 3) as credentials
        from partial f
       where f.partial + ${W.credentials} >= coalesce((select partial from cut), -1))
    select ${personJson(sql`f.user_id`)} as mentor, f.district_id, f.capacity, f.load, f.meeting_modes, f.availability,
           f.subject, f.grade_band, f.topics, f.meeting_mode, f.credentials, f.load_fit, f.continuity
      from finalists f
     order by f.partial + ${W.credentials} * f.credentials desc, f.user_id
     limit ${options.limit}`);
  return rows.map((r) => ({
    mentor: r.mentor,
    districtId: r.district_id,
    capacity: r.capacity,
    load: r.load,
    meetingModes: r.meeting_modes,
    availability: r.availability,
    fits: {
      subject: Number(r.subject),
      gradeBand: Number(r.grade_band),
      topics: Number(r.topics),
      meetingMode: Number(r.meeting_mode),
      credentials: Number(r.credentials),
      load: Number(r.load_fit),
      continuity: Number(r.continuity),
    },
  }));
}

// ─── Mentorships ──────────────────────────────────────────────────────────────────────────────────

const mentorshipColumns = sql`m.id, m.request_id, m.status, m.score, m.reasons, m.created_at, m.confirmed_at, m.ended_at,
  m.mentee_district_id <> m.mentor_district_id as cross_district, r.subject, r.grade_band,
  ${personJson(sql`m.mentee_id`)} as mentee, ${personJson(sql`m.mentor_id`)} as mentor`;

type MentorshipRow = {
  id: string;
  request_id: string;
  status: MentorshipStatus;
  score: number;
  reasons: Reason[];
  created_at: string;
  confirmed_at: string | null;
  ended_at: string | null;
  cross_district: boolean;
  subject: string;
  grade_band: string;
  mentee: Person;
  mentor: Person;
};

const presentMentorship = (r: MentorshipRow): Mentorship => ({
  id: r.id,
  requestId: r.request_id,
  mentee: r.mentee,
  mentor: r.mentor,
  status: r.status,
  score: Number(r.score),
  reasons: r.reasons,
  crossDistrict: r.cross_district,
  createdAt: iso(r.created_at),
  confirmedAt: isoOrNull(r.confirmed_at),
  endedAt: isoOrNull(r.ended_at),
  subject: r.subject,
  gradeBand: r.grade_band,
});

export async function insertMentorship(
  tx: Db,
  m: {
    id: string;
    requestId: string;
    menteeId: string;
    mentorId: string;
    menteeDistrictId: string;
    mentorDistrictId: string;
    score: number;
    reasons: Reason[];
    proposedBy: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into mentorships (id, request_id, mentee_id, mentor_id, mentee_district_id, mentor_district_id, status,
                             score, reasons, proposed_by)
    values (${m.id}, ${m.requestId}, ${m.menteeId}, ${m.mentorId}, ${m.menteeDistrictId}, ${m.mentorDistrictId},
            'proposed', ${m.score}, ${JSON.stringify(m.reasons)}::jsonb, ${m.proposedBy})`);
}

export async function readMentorship(tx: Db, id: string): Promise<Mentorship | null> {
  const { rows } = await tx.execute<MentorshipRow>(sql`
    select ${mentorshipColumns} from mentorships m join mentoring_requests r on r.id = m.request_id where m.id = ${id}`);
  return rows[0] ? presentMentorship(rows[0]) : null;
}

export async function readMentorships(tx: Db, ids: string[]): Promise<Mentorship[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<MentorshipRow>(sql`
    select ${mentorshipColumns} from mentorships m join mentoring_requests r on r.id = m.request_id
     where m.id = any(${sql.param(ids)}::uuid[]) order by m.created_at, m.id`);
  return rows.map(presentMentorship);
}

/** The mentorships a person is in, as mentee or mentor, newest first. */
export async function listOwnMentorships(tx: Db, userId: string): Promise<Mentorship[]> {
  const { rows } = await tx.execute<MentorshipRow>(sql`
    select ${mentorshipColumns} from mentorships m join mentoring_requests r on r.id = m.request_id
     where (m.mentee_id = ${userId} or m.mentor_id = ${userId}) and m.status <> 'declined'
     order by m.created_at desc limit 50`);
  return rows.map(presentMentorship);
}

/** What a mentorship is to this viewer (policy.ts), or null when it does not exist. */
export async function mentorshipAccess(
  tx: Db,
  actor: MentoringActor,
  id: string,
  lock = false,
): Promise<MentorshipAccess | null> {
  const { rows } = await tx.execute<{
    id: string;
    request_id: string;
    status: MentorshipStatus;
    mentee_id: string;
    mentor_id: string;
    mentee_district_id: string;
    mentor_district_id: string;
    coordinator: boolean;
  }>(sql`
    select m.id, m.request_id, m.status, m.mentee_id, m.mentor_id, m.mentee_district_id, m.mentor_district_id,
           ${coordinatedDistrictSql(actor, sql`m.mentee_district_id`)} as coordinator
      from mentorships m where m.id = ${id} ${lock ? sql`for update` : sql``}`);
  const r = rows[0];
  if (!r) return null;
  const approver =
    actor.districtId === r.mentee_district_id &&
    (actor.roles.includes('district_admin') || actor.roles.includes('platform_admin'));
  return {
    id: r.id,
    requestId: r.request_id,
    status: r.status,
    menteeId: r.mentee_id,
    mentorId: r.mentor_id,
    menteeDistrictId: r.mentee_district_id,
    mentorDistrictId: r.mentor_district_id,
    pair: actor.userId === r.mentee_id ? 'mentee' : actor.userId === r.mentor_id ? 'mentor' : null,
    coordinator: r.coordinator,
    approver,
  };
}

export async function setMentorshipStatus(
  tx: Db,
  id: string,
  to: MentorshipStatus,
  from: MentorshipStatus[],
  by: string | null,
  extra: { confirm?: boolean; approve?: boolean; end?: boolean; reason?: string } = {},
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    update mentorships set status = ${to}
      ${extra.confirm ? sql`, confirmed_by = ${by}, confirmed_at = now()` : sql``}
      ${extra.approve ? sql`, approved_by = ${by}, approved_at = now()` : sql``}
      ${extra.end ? sql`, ended_by = ${by}, ended_at = now(), end_reason = ${extra.reason ?? ''}` : sql``}
     where id = ${id} and status = any(${sql.param(from)}::text[]) returning id`);
  return rows.length > 0;
}

/** Declines the other proposals for a mentee once one is accepted. */
export async function declineOtherProposals(tx: Db, menteeId: string, keepId: string): Promise<void> {
  await tx.execute(sql`
    update mentorships set status = 'declined' where mentee_id = ${menteeId} and status = 'proposed' and id <> ${keepId}`);
}

// ─── The pair's space ─────────────────────────────────────────────────────────────────────────────

export async function listGoals(tx: Db, mentorshipId: string): Promise<Goal[]> {
  const { rows } = await tx.execute<{
    id: string;
    title: string;
    done_at: string | null;
    created_at: string;
  }>(sql`
    select id, title, done_at, created_at from mentorship_goals where mentorship_id = ${mentorshipId}
     order by created_at, id`);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    done: r.done_at !== null,
    createdAt: iso(r.created_at),
  }));
}

export async function insertGoal(tx: Db, g: { id: string; mentorshipId: string; title: string; by: string }) {
  await tx.execute(sql`
    insert into mentorship_goals (id, mentorship_id, title, created_by) values (${g.id}, ${g.mentorshipId}, ${g.title}, ${g.by})`);
}

export async function setGoalDone(
  tx: Db,
  mentorshipId: string,
  goalId: string,
  done: boolean,
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    update mentorship_goals set done_at = ${done ? sql`coalesce(done_at, now())` : sql`null`}
     where id = ${goalId} and mentorship_id = ${mentorshipId} returning id`);
  return rows.length > 0;
}

/** The pair's meetings; `withNotes` false blanks the notes (a coordinator's view of the same rows). */
export async function listMeetings(tx: Db, mentorshipId: string, withNotes: boolean): Promise<Meeting[]> {
  const { rows } = await tx.execute<{
    id: string;
    held_on: string;
    minutes: number;
    notes: string;
    logged_by: string | null;
  }>(sql`
    select id, held_on, minutes, ${withNotes ? sql`notes` : sql`''`} as notes, logged_by
      from mentorship_meetings where mentorship_id = ${mentorshipId} order by held_on desc, id desc`);
  return rows.map((r) => ({
    id: r.id,
    heldOn: r.held_on,
    minutes: r.minutes,
    notes: r.notes,
    loggedBy: r.logged_by ?? '',
  }));
}

export async function insertMeeting(
  tx: Db,
  m: { id: string; mentorshipId: string; heldOn: string; minutes: number; notes: string; by: string },
) {
  await tx.execute(sql`
    insert into mentorship_meetings (id, mentorship_id, held_on, minutes, notes, logged_by)
    values (${m.id}, ${m.mentorshipId}, ${m.heldOn}, ${m.minutes}, ${m.notes}, ${m.by})`);
}

export async function listCheckIns(tx: Db, mentorshipId: string): Promise<CheckIn[]> {
  const { rows } = await tx.execute<{
    id: string;
    author_id: string;
    author_name: string;
    rating: number;
    body: string;
    created_at: string;
  }>(sql`
    select c.id, c.author_id, u.name as author_name, c.rating, c.body, c.created_at
      from mentorship_check_ins c join users u on u.id = c.author_id
     where c.mentorship_id = ${mentorshipId} order by c.created_at desc, c.id desc limit 100`);
  return rows.map((r) => ({
    id: r.id,
    authorId: r.author_id,
    authorName: r.author_name,
    rating: r.rating,
    body: r.body,
    createdAt: iso(r.created_at),
  }));
}

export async function insertCheckIn(
  tx: Db,
  c: { id: string; mentorshipId: string; authorId: string; rating: number; body: string },
) {
  await tx.execute(sql`
    insert into mentorship_check_ins (id, mentorship_id, author_id, rating, body)
    values (${c.id}, ${c.mentorshipId}, ${c.authorId}, ${c.rating}, ${c.body})`);
}

export async function totalMinutes(tx: Db, mentorshipId: string): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`
    select coalesce(sum(minutes), 0)::int as n from mentorship_meetings where mentorship_id = ${mentorshipId}`);
  return rows[0].n;
}

// ─── The coordinator's view ───────────────────────────────────────────────────────────────────────

/** A pair is stalled when this many days pass with no meeting (since it began, when none yet). */
export const STALL_DAYS = 30;

/** SQL on mentorships `m` with its meetings' `t.last_met_on`: the day its present quiet began. */
const stallSinceSql = sql`coalesce(t.last_met_on, coalesce(m.approved_at, m.confirmed_at, m.created_at)::date)`;

/**
 * Every active pair stalled now, with the day its quiet began (a meeting ends the stall; a later quiet
 * is another), for telling their coordinators.
 */
export async function listStalledPairs(
  tx: Db,
): Promise<
  { id: string; mentee_district_id: string; since: string; mentee_name: string; mentor_name: string }[]
> {
  const { rows } = await tx.execute<{
    id: string;
    mentee_district_id: string;
    since: string;
    mentee_name: string;
    mentor_name: string;
  }>(sql`
    select m.id, m.mentee_district_id, (${stallSinceSql})::text as since,
           coalesce(me.name, '') as mentee_name, coalesce(mo.name, '') as mentor_name
      from mentorships m
      left join lateral (select max(mm.held_on) as last_met_on
                           from mentorship_meetings mm where mm.mentorship_id = m.id) t on true
      left join users me on me.id = m.mentee_id
      left join users mo on mo.id = m.mentor_id
     where m.status = 'active' and ${stallSinceSql} < current_date - ${STALL_DAYS}::int
     order by m.id`);
  return rows;
}

/** The active administrators of a district: who coordinates and approves its mentoring. */
export async function districtAdmins(tx: Db | Tx, districtId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    select m.user_id from memberships m join users u on u.id = m.user_id and u.status = 'active'
     where m.organization_id = ${districtId} and m.role = 'district_admin' limit 20`);
  return rows.map((r) => r.user_id);
}

/**
 * The pairs of the districts the actor coordinates with how often and how long they met, never what
 * they wrote: stalled when active with no meeting in 30 days (since it began, when none yet).
 */
export async function listPairOverviews(tx: Db, actor: MentoringActor): Promise<PairOverview[]> {
  const { rows } = await tx.execute<{
    id: string;
    status: MentorshipStatus;
    mentee: Person;
    mentor: Person;
    meetings: number;
    minutes: number;
    last_met_on: string | null;
    stalled: boolean;
  }>(sql`
    select m.id, m.status, ${personJson(sql`m.mentee_id`)} as mentee, ${personJson(sql`m.mentor_id`)} as mentor,
           coalesce(t.meetings, 0)::int as meetings, coalesce(t.minutes, 0)::int as minutes, t.last_met_on,
           (m.status = 'active' and ${stallSinceSql} < current_date - ${STALL_DAYS}::int) as stalled
      from mentorships m
      left join lateral (select count(*) as meetings, sum(mm.minutes) as minutes, max(mm.held_on) as last_met_on
                           from mentorship_meetings mm where mm.mentorship_id = m.id) t on true
     where m.status in ('active', 'awaiting_approval') and ${coordinatedDistrictSql(actor, sql`m.mentee_district_id`)}
     order by stalled desc, m.created_at desc limit 500`);
  return rows.map((r) => ({
    id: r.id,
    mentee: r.mentee,
    mentor: r.mentor,
    status: r.status,
    meetings: r.meetings,
    minutes: r.minutes,
    lastMetOn: r.last_met_on,
    stalled: r.stalled,
  }));
}

/** The mentors of the districts the actor coordinates, with their capacity and who they hold now. */
export async function listMentorLoads(tx: Db, actor: MentoringActor): Promise<MentorLoad[]> {
  const { rows } = await tx.execute<{
    mentor: Person;
    capacity: number;
    load: number;
    accepting: boolean;
  }>(sql`
    select ${personJson(sql`mp.user_id`)} as mentor, mp.capacity, mp.accepting,
           (select count(*) from mentorships m where m.mentor_id = mp.user_id and m.status in ${ACCEPTED})::int as load
      from mentor_profiles mp
     where ${coordinatedDistrictSql(actor, sql`mp.district_id`)}
     order by mp.updated_at desc limit 500`);
  return rows.map((r) => ({ mentor: r.mentor, capacity: r.capacity, load: r.load, accepting: r.accepting }));
}

/** Mentorships waiting for the approval of the actor's district. */
export async function listAwaitingApproval(tx: Db, districtId: string): Promise<Mentorship[]> {
  const { rows } = await tx.execute<MentorshipRow>(sql`
    select ${mentorshipColumns} from mentorships m join mentoring_requests r on r.id = m.request_id
     where m.mentee_district_id = ${districtId} and m.status = 'awaiting_approval'
     order by m.confirmed_at limit 200`);
  return rows.map(presentMentorship);
}

// ─── What other features read (pathways, stipends) ────────────────────────────────────────────────

/**
 * SQL: how many mentorships the person (a uuid expression) has held as mentor, counted once each
 * became active (approved, or confirmed where no approval was needed) and whether or not it has ended.
 */
export const mentoredCountSql = (person: SQL): SQL =>
  sql`(select count(*) from mentorships mh where mh.mentor_id = ${person} and mh.approved_at is not null)::int`;

/**
 * SQL: the minutes of mentoring meetings the person (a uuid expression) took part in, as mentor or
 * mentee, held from `from` to `to` inclusive (dates, `YYYY-MM-DD`).
 */
export const mentoringMinutesSql = (person: SQL, from: string, to: string): SQL =>
  sql`(select coalesce(sum(mm.minutes), 0) from mentorship_meetings mm join mentorships mh on mh.id = mm.mentorship_id
        where (mh.mentor_id = ${person} or mh.mentee_id = ${person})
          and mm.held_on between ${from}::date and ${to}::date)::int`;

export interface MentoringMinutes {
  userId: string;
  side: 'mentor' | 'mentee';
  /** The mentee's district: it approves, and pays for, mentoring across districts. */
  payingDistrictId: string;
  meetings: number;
  minutes: number;
}

/** Minutes of mentoring per person and side in a period (days inclusive), by paying district or people. */
export async function mentoringMinutesInPeriod(
  tx: Db,
  f: { from: string; to: string; payingDistrictId?: string; userIds?: string[] },
): Promise<MentoringMinutes[]> {
  const people = f.userIds ? sql`and person = any(${sql.param(f.userIds)}::uuid[])` : sql``;
  const district = f.payingDistrictId ? sql`and m.mentee_district_id = ${f.payingDistrictId}` : sql``;
  const { rows } = await tx.execute<{
    person: string;
    side: 'mentor' | 'mentee';
    paying: string;
    meetings: number;
    minutes: number;
  }>(sql`
    select person, side, m.mentee_district_id as paying, count(*)::int as meetings, sum(mm.minutes)::int as minutes
      from mentorship_meetings mm
      join mentorships m on m.id = mm.mentorship_id
      cross join lateral (values (m.mentor_id, 'mentor'), (m.mentee_id, 'mentee')) as s(person, side)
     where mm.held_on between ${f.from}::date and ${f.to}::date ${district} ${people}
     group by person, side, m.mentee_district_id
     order by person, side`);
  return rows.map((r) => ({
    userId: r.person,
    side: r.side,
    payingDistrictId: r.paying,
    meetings: r.meetings,
    minutes: r.minutes,
  }));
}

export interface MentorRole {
  mentorshipId: string;
  mentorId: string;
  menteeId: string;
  menteeDistrictId: string;
  startedAt: string;
  endedAt: string | null;
}

/** The mentorships these people held as mentor (once active), for roles-held requirements and profiles. */
export async function listMentorRoles(tx: Db, userIds: string[]): Promise<MentorRole[]> {
  if (!userIds.length) return [];
  const { rows } = await tx.execute<{
    id: string;
    mentor_id: string;
    mentee_id: string;
    mentee_district_id: string;
    approved_at: string;
    ended_at: string | null;
  }>(sql`
    select id, mentor_id, mentee_id, mentee_district_id, approved_at, ended_at from mentorships
     where mentor_id = any(${sql.param(userIds)}::uuid[]) and approved_at is not null
     order by approved_at`);
  return rows.map((r) => ({
    mentorshipId: r.id,
    mentorId: r.mentor_id,
    menteeId: r.mentee_id,
    menteeDistrictId: r.mentee_district_id,
    startedAt: iso(r.approved_at),
    endedAt: isoOrNull(r.ended_at),
  }));
}
