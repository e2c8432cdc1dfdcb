/**
 * All SQL of earning and review: submissions, their members, rounds and reviews, the files uploaded
 * for them, and the assessor's queue. Lists filter by who may see them here, in SQL.
 */
import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { EvidenceAnswer, EvidencePrompt, Rubric } from '#server/db/schema.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { SubmissionStatus } from '#shared/contracts/submissions.ts';
import { visibleCredentialSql } from '../policy.ts';

type Timestamp = Date | string;
export type PersonRow = { id: string; name: string };

/** A timestamp as ISO 8601 with microseconds, so it round-trips exactly as an autosave's base. */
const isoMicros = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The credential version a submission is judged against, as stored. */
export type DefinitionRow = {
  credential_id: string;
  credential_title: string;
  issuer_org_id: string;
  version: number;
  v_title: string;
  v_description: string;
  v_criteria: string;
  evidence_prompts: EvidencePrompt[];
  rubric: Rubric | null;
  max_team_size: number;
  second_assessor: boolean;
};

export type SubmissionRow = DefinitionRow & {
  id: string;
  owner_id: string;
  status: SubmissionStatus;
  round: number;
  evidence: EvidenceAnswer[];
  started_at: Timestamp;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  updated_key: string;
  members: PersonRow[];
  /** The viewer's relation to it. */
  is_member: boolean;
  is_assessor: boolean;
  is_lead: boolean;
};

const membersSql = (submission: SQL) => sql`(
  select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) order by (u.id = s2.owner_id) desc, u.name), '[]')
    from submission_members sm join users u on u.id = sm.user_id join submissions s2 on s2.id = sm.submission_id
   where sm.submission_id = ${submission})`;

/** The submission with its definition version, members, and how the viewer stands to it; `lock` holds it. */
export async function findSubmission(
  tx: Tx,
  viewerId: string,
  submissionId: string,
  lock = false,
): Promise<SubmissionRow | null> {
  const { rows } = await tx.execute<SubmissionRow>(sql`
    select s.id, s.owner_id, s.status, s.round, s.evidence, s.started_at, s.submitted_at, s.decided_at,
           ${isoMicros(sql`s.updated_at`)} as updated_key,
           s.credential_id, mc.title as credential_title, mc.issuer_org_id, s.version,
           v.title as v_title, v.description as v_description, v.criteria as v_criteria, v.evidence_prompts,
           v.rubric, v.max_team_size, v.second_assessor,
           ${membersSql(sql`s.id`)} as members,
           exists (select 1 from submission_members m where m.submission_id = s.id and m.user_id = ${viewerId}) as is_member,
           a.user_id is not null as is_assessor, coalesce(a.lead, false) as is_lead
      from submissions s
      join micro_credentials mc on mc.id = s.credential_id
      join micro_credential_versions v on v.credential_id = s.credential_id and v.version = s.version
      left join micro_credential_assessors a on a.credential_id = s.credential_id and a.user_id = ${viewerId}
     where s.id = ${submissionId}
     ${lock ? sql`for update of s` : sql``}`);
  return rows[0] ?? null;
}

/** A micro-credential the actor may see, at its current version, with the actor's assessor standing. */
export async function findVisibleCredential(
  tx: Tx,
  actor: Actor,
  credentialId: string,
): Promise<(DefinitionRow & { status: string; kind: string }) | null> {
  const { rows } = await tx.execute<DefinitionRow & { status: string; kind: string }>(sql`
    select mc.id as credential_id, mc.title as credential_title, mc.issuer_org_id, mc.status, mc.kind,
           v.version, v.title as v_title, v.description as v_description, v.criteria as v_criteria,
           v.evidence_prompts, v.rubric, v.max_team_size, v.second_assessor
      from micro_credentials mc
      join micro_credential_versions v on v.credential_id = mc.id and v.version = mc.current_version
     where mc.id = ${credentialId} and ${visibleCredentialSql(actor, 'mc')}`);
  return rows[0] ?? null;
}

/**
 * Serializes starting submissions for these people and this credential until the transaction ends,
 * so two tabs (or two teammates) cannot both start one.
 */
export async function lockStarters(tx: Tx, credentialId: string, userIds: string[]): Promise<void> {
  for (const userId of [...userIds].sort())
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`submission:${credentialId}:${userId}`}, 0))`,
    );
}

/** Of these people, each one's active submission of the credential (one per person at most). */
export async function activeSubmissionsOf(
  tx: Tx,
  credentialId: string,
  userIds: string[],
): Promise<Array<{ user_id: string; submission_id: string }>> {
  const { rows } = await tx.execute<{ user_id: string; submission_id: string }>(sql`
    select m.user_id, s.id as submission_id
      from submission_members m join submissions s on s.id = m.submission_id
     where s.credential_id = ${credentialId} and m.user_id = any(${sql.param(userIds)}::uuid[])
       and s.status in ('draft', 'submitted', 'escalated', 'revise')`);
  return rows;
}

/** Of these people, those holding an unrevoked award of the credential. */
export async function holdersAmong(tx: Tx, credentialId: string, userIds: string[]): Promise<string[]> {
  const { rows } = await tx.execute<{ recipient_id: string }>(sql`
    select recipient_id from awards
     where credential_id = ${credentialId} and revoked_at is null
       and recipient_id = any(${sql.param(userIds)}::uuid[])`);
  return rows.map((r) => r.recipient_id);
}

/** Of these people, the active ones in an issuer's scope: its district's staff, or any network district's. */
export async function activePeopleInScope(tx: Tx, issuerOrgId: string, userIds: string[]): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select u.id from users u
     where u.id = any(${sql.param(userIds)}::uuid[]) and u.status = 'active'
       and (u.district_id = ${issuerOrgId}
            or exists (select 1 from network_districts nd
                        where nd.network_id = ${issuerOrgId} and nd.district_id = u.district_id))`);
  return rows.map((r) => r.id);
}

export async function insertSubmission(
  tx: Tx,
  s: { id: string; credentialId: string; version: number; ownerId: string; memberIds: string[] },
): Promise<void> {
  await tx.execute(sql`
    insert into submissions (id, credential_id, version, owner_id, status, round, evidence)
    values (${s.id}, ${s.credentialId}, ${s.version}, ${s.ownerId}, 'draft', 1, '[]'::jsonb)`);
  await tx.execute(sql`
    insert into submission_members (submission_id, user_id)
    select ${s.id}, unnest(${sql.param(s.memberIds)}::uuid[])`);
}

export type SubmissionListRow = {
  id: string;
  credential_id: string;
  credential_title: string;
  version: number;
  status: SubmissionStatus;
  round: number;
  owner_id: string;
  started_at: Timestamp;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  updated_key: string;
  members: PersonRow[];
  /** started_at as PostgreSQL prints it, for cursors. */
  started_cursor: string;
  /** When the person's latest award from it was revoked, if it was. */
  revoked_at: Timestamp | null;
};

/** The person's submissions (as any member), newest started first, keyset-paged; one more than `limit`. */
export async function listMemberSubmissions(
  tx: Tx,
  userId: string,
  args: { status?: SubmissionStatus; after?: { at: string; id: string }; limit: number },
): Promise<SubmissionListRow[]> {
  const { rows } = await tx.execute<SubmissionListRow>(sql`
    select s.id, s.credential_id, mc.title as credential_title, s.version, s.status, s.round, s.owner_id,
           s.started_at, s.submitted_at, s.decided_at, ${isoMicros(sql`s.updated_at`)} as updated_key,
           s.started_at::text as started_cursor, ${membersSql(sql`s.id`)} as members,
           (select a.revoked_at from awards a where a.submission_id = s.id and a.recipient_id = ${userId}
             order by a.issued_at desc limit 1) as revoked_at
      from submission_members me
      join submissions s on s.id = me.submission_id
      join micro_credentials mc on mc.id = s.credential_id
     where me.user_id = ${userId}
       ${args.status ? sql`and s.status = ${args.status}` : sql``}
       ${args.after ? sql`and (s.started_at, s.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}
     order by s.started_at desc, s.id desc
     limit ${args.limit + 1}`);
  return rows;
}

/**
 * Saves the draft evidence and stamps it with the clock (not the transaction's start), so each save
 * gets its own updatedAt; returns the new one.
 */
export async function updateEvidence(
  tx: Tx,
  submissionId: string,
  evidence: EvidenceAnswer[],
): Promise<string> {
  const { rows } = await tx.execute<{ updated_key: string }>(sql`
    update submissions set evidence = ${JSON.stringify(evidence)}::jsonb, updated_at = clock_timestamp()
     where id = ${submissionId}
     returning ${isoMicros(sql`updated_at`)} as updated_key`);
  return rows[0].updated_key;
}

/** Whether the stored updatedAt is exactly the one given. */
export async function isCurrentVersion(tx: Tx, submissionId: string, base: string): Promise<boolean> {
  const { rows } = await tx.execute<{ same: boolean }>(sql`
    select updated_at = ${base}::timestamptz as same from submissions where id = ${submissionId}`);
  return rows[0]?.same === true;
}

/** Marks the submission submitted for `round`, keeping the evidence as it stands in that round's row. */
export async function submitRound(tx: Tx, submissionId: string, round: number): Promise<void> {
  await tx.execute(sql`
    update submissions set status = 'submitted', round = ${round}, submitted_at = now(), updated_at = clock_timestamp()
     where id = ${submissionId}`);
  await tx.execute(sql`
    insert into submission_rounds (submission_id, round, evidence, submitted_at)
    select id, ${round}, evidence, now() from submissions where id = ${submissionId}`);
}

export async function setStatus(
  tx: Tx,
  submissionId: string,
  status: SubmissionStatus,
  decided = false,
): Promise<void> {
  await tx.execute(sql`
    update submissions set status = ${status}, updated_at = clock_timestamp()
           ${decided ? sql`, decided_at = now()` : sql``}
     where id = ${submissionId}`);
}

export type RoundRow = { round: number; evidence: EvidenceAnswer[]; submitted_at: Timestamp };

export async function listRounds(tx: Tx, submissionId: string): Promise<RoundRow[]> {
  const { rows } = await tx.execute<RoundRow>(sql`
    select round, evidence, submitted_at from submission_rounds
     where submission_id = ${submissionId} order by round`);
  return rows;
}

export type ReviewRow = {
  id: string;
  round: number;
  assessor_id: string;
  assessor_name: string;
  role: 'first' | 'second' | 'lead';
  scores: Array<{ criterionId: string; level: number; feedback: string }>;
  feedback: string;
  decision: 'earned' | 'revise';
  created_at: Timestamp;
};

export async function listReviews(tx: Tx, submissionId: string): Promise<ReviewRow[]> {
  const { rows } = await tx.execute<ReviewRow>(sql`
    select r.id, r.round, r.assessor_id, u.name as assessor_name, r.role, r.scores, r.feedback, r.decision,
           r.created_at
      from submission_reviews r join users u on u.id = r.assessor_id
     where r.submission_id = ${submissionId}
     order by r.round, r.created_at, r.id`);
  return rows;
}

export async function insertReview(
  tx: Tx,
  r: {
    submissionId: string;
    round: number;
    assessorId: string;
    role: ReviewRow['role'];
    scores: ReviewRow['scores'];
    feedback: string;
    decision: ReviewRow['decision'];
  },
): Promise<string> {
  const id = uuidv7();
  await tx.execute(sql`
    insert into submission_reviews (id, submission_id, round, assessor_id, role, scores, feedback, decision)
    values (${id}, ${r.submissionId}, ${r.round}, ${r.assessorId}, ${r.role}, ${JSON.stringify(r.scores)}::jsonb,
            ${r.feedback}, ${r.decision})`);
  return id;
}

/**
 * Of these people, each one's submissions of the credential whose evidence offers a video clip and
 * which they are not a member of: the clips they could watch only as an assessor.
 */
export async function clipSubmissionsNotMemberOf(
  tx: Tx,
  credentialId: string,
  userIds: string[],
): Promise<Array<{ submission_id: string; user_id: string }>> {
  if (!userIds.length) return [];
  const { rows } = await tx.execute<{ submission_id: string; user_id: string }>(sql`
    select s.id as submission_id, p.user_id
      from submissions s cross join unnest(${sql.param(userIds)}::uuid[]) as p(user_id)
     where s.credential_id = ${credentialId}
       and jsonb_path_exists(s.evidence, '$[*].videoClip')
       and not exists (select 1 from submission_members m where m.submission_id = s.id and m.user_id = p.user_id)`);
  return rows;
}

/** The credential's assessors (leads only, if asked), with their user ids. */
export async function assessorIds(tx: Tx, credentialId: string, leadsOnly = false): Promise<string[]> {
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    select a.user_id from micro_credential_assessors a join users u on u.id = a.user_id
     where a.credential_id = ${credentialId} and u.status = 'active' ${leadsOnly ? sql`and a.lead` : sql``}`);
  return rows.map((r) => r.user_id);
}

/** The award a person holds from this submission (or, without one, of this credential), if any. */
export async function findAward(
  tx: Tx,
  args: { credentialId: string; recipientId: string; submissionId?: string },
): Promise<string | null> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from awards
     where credential_id = ${args.credentialId} and recipient_id = ${args.recipientId} and revoked_at is null
       ${args.submissionId ? sql`and submission_id = ${args.submissionId}` : sql``}
     order by issued_at desc limit 1`);
  return rows[0]?.id ?? null;
}

/** The person's latest award from this submission when it was revoked: when, and why. */
export async function findRevokedAward(
  tx: Tx,
  args: { recipientId: string; submissionId: string },
): Promise<{ revokedAt: Timestamp; reason: string | null } | null> {
  const { rows } = await tx.execute<{ revoked_at: Timestamp; revocation_reason: string | null }>(sql`
    select revoked_at, revocation_reason from awards
     where submission_id = ${args.submissionId} and recipient_id = ${args.recipientId}
     order by issued_at desc limit 1`);
  const row = rows[0];
  return row?.revoked_at ? { revokedAt: row.revoked_at, reason: row.revocation_reason } : null;
}

/** The person's active submission of the credential, else their latest. */
export async function latestSubmissionOf(
  tx: Tx,
  credentialId: string,
  userId: string,
): Promise<{ id: string; status: SubmissionStatus; round: number } | null> {
  const { rows } = await tx.execute<{ id: string; status: SubmissionStatus; round: number }>(sql`
    select s.id, s.status, s.round
      from submission_members m join submissions s on s.id = m.submission_id
     where m.user_id = ${userId} and s.credential_id = ${credentialId}
     order by (s.status in ('draft', 'submitted', 'escalated', 'revise')) desc, s.started_at desc, s.id desc
     limit 1`);
  return rows[0] ?? null;
}

// ─── Files and activities ──────────────────────────────────────────────────────────────────────

/** Where a file uploaded for a submission is kept. */
export const submissionFileKey = (submissionId: string, fileId: string) =>
  `submissions/${submissionId}/${fileId}`;

export async function insertSubmissionFile(
  tx: Tx,
  f: { key: string; ownerId: string; contentType: string; byteSize: number },
): Promise<void> {
  await tx.execute(sql`
    insert into files (key, owner_id, content_type, byte_size)
    values (${f.key}, ${f.ownerId}, ${f.contentType}, ${f.byteSize})`);
}

/** The files of this submission among the given ids, with their types. */
export async function findSubmissionFiles(
  tx: Tx,
  submissionId: string,
  fileIds: string[],
): Promise<Map<string, { contentType: string; byteSize: number }>> {
  if (fileIds.length === 0) return new Map();
  const keys = fileIds.map((fileId) => submissionFileKey(submissionId, fileId));
  const { rows } = await tx.execute<{ key: string; content_type: string; byte_size: number }>(sql`
    select key, content_type, byte_size from files where key = any(${sql.param(keys)}::text[])`);
  return new Map(
    rows.map((r) => [
      r.key.split('/').pop() as string,
      { contentType: r.content_type, byteSize: r.byte_size },
    ]),
  );
}

/** What the submission's evidence (draft or any round) calls a file, if it names it. */
export async function evidenceFilename(tx: Tx, submissionId: string, fileId: string): Promise<string | null> {
  const { rows } = await tx.execute<{ filename: string | null }>(sql`
    select e->>'filename' as filename
      from (select evidence from submissions where id = ${submissionId}
            union all select evidence from submission_rounds where submission_id = ${submissionId}) x,
           jsonb_array_elements(x.evidence) e
     where e->>'fileId' = ${fileId} and e->>'filename' is not null
     limit 1`);
  return rows[0]?.filename ?? null;
}

type ActivityRow = { id: string; verb: string; name: string; timestamp: Timestamp };

const activityColumns = sql`
  st.id, coalesce(st.body->'verb'->'display'->>'en-US', st.verb) as verb,
  coalesce(st.body->'object'->'definition'->'name'->>'en-US', st.object_type) as name, st.timestamp`;

/** The person's most recent activities in the stream, newest first. */
export async function recentActivities(tx: Tx, userId: string, limit: number): Promise<ActivityRow[]> {
  const { rows } = await tx.execute<ActivityRow>(sql`
    select ${activityColumns} from statements st
     where st.actor_id = ${userId} and st.object_type not in ('submission', 'micro_credential')
     order by st.timestamp desc limit ${limit}`);
  return rows;
}

/** The activities among these ids; with `actorId`, only that person's own. */
export async function findActivities(tx: Tx, ids: string[], actorId?: string): Promise<ActivityRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.execute<ActivityRow>(sql`
    select ${activityColumns} from statements st
     where st.id = any(${sql.param(ids)}::uuid[]) ${actorId ? sql`and st.actor_id = ${actorId}` : sql``}`);
  return rows;
}

// ─── The review queue ──────────────────────────────────────────────────────────────────────────

/**
 * A page of the review queue as its statement writes it: the page's ReviewQueueItems as JSON text
 * (in the order and with the fields listReviewQueue gave them as objects), the credentials the
 * assessor assesses as JSON text, and the sort key of the page's last item when more follow.
 */
export type QueuePage = {
  items: string;
  credentials: string;
  next_at: string | null;
  next_id: string | null;
};

const isoSql = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Submissions waiting for this assessor, oldest submitted first: only credentials they assess, never
 * their own, not ones they reviewed this round, only while the round needs another review (two when
 * the version asks for a second assessor), and escalated ones only for lead assessors.
 *
 * Each assessed credential's waiting submissions are walked oldest first on submissions_waiting_idx,
 * in two passes whose cost follows the page, not the number of credentials times the page (decision
 * 043, the feed's two passes of decision 036). The first takes the oldest ⌈(page + 1) ÷ credentials⌉
 * + 1 of each credential; the (page + 1)-th oldest of those is no older than the (page + 1)-th oldest
 * of the whole queue, since they are part of it, so the page holds nothing newer than it (the bound).
 * A credential whose first pass ended before its quota was read to its end, and one whose first
 * pass reached past the bound holds nothing before the bound that was not read; only the others are
 * walked again, down to the bound. The page is then the oldest of what was read: exactly the queue's
 * first page, as one sorted walk of every credential would give it.
 *
 * A named statement per shape (with or without a credential, after a cursor or not). It answers one
 * row: the page written as JSON by PostgreSQL (members read for the shown items only) and sent on as
 * text, so Node neither parses the rows nor writes them out again.
 */
export async function reviewQueue(
  db: Db,
  assessorId: string,
  args: { credentialId?: string; after?: { at: string; id: string }; limit: number },
): Promise<QueuePage> {
  // The page size is written into the text (a statement per size: the page sizes asked for are
  // few): with it as a parameter the generic plan never looked cheaper than a custom one, and the
  // statement was planned afresh on every read, which cost more than running it (decision 043).
  const limit = Math.trunc(args.limit);
  const shape = `${args.credentialId ? '-credential' : ''}${args.after ? '-after' : ''}-${limit}`;
  const page = sql.raw(String(limit));
  const pagePlusOne = sql.raw(String(limit + 1));
  // One credential's waiting submissions this assessor may review, oldest first, `more` conditions
  // on the walk, at most `limit`.
  const walk = (more: SQL, limit: SQL) => sql`(
               -- The round's reviews are read per row in a subquery kept apart (offset 0), so the walk
               -- stays the index's order and stops at its limit whatever the statistics say; joined,
               -- the planner may hash every waiting submission of the credential and sort them.
               select s.id, s.status, s.round, s.submitted_at, k.reviews_this_round
                 from submissions s
                cross join lateral (
                  select count(*)::int as reviews_this_round, coalesce(bool_or(r.assessor_id = ${assessorId}), false) as reviewed
                    from submission_reviews r where r.submission_id = s.id and r.round = s.round
                  offset 0) k
                where s.credential_id = a.credential_id and s.status in ('submitted', 'escalated')
                  and (s.status = 'submitted' or a.lead)
                  ${args.after ? sql`and (s.submitted_at, s.id) > (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}
                  ${more}
                  and not (s.id = any(array(select m.submission_id from submission_members m where m.user_id = ${assessorId})))
                  and not k.reviewed
                  and (s.status = 'escalated' or k.reviews_this_round < case when s.version = any(a.second_versions) then 2 else 1 end)
                order by s.submitted_at, s.id
                limit ${limit})`;
  const noBound = sql`not exists (select 1 from bound)`;
  const atOrBeforeBound = (at: SQL, id: SQL) =>
    sql`(${noBound} or (${at}, ${id}) <= (select b.submitted_at, b.id from bound b))`;
  const rows = await namedQuery<QueuePage>(
    db,
    `credentials-review-queue-passes${shape}`,
    // The credentials are listed as an array first, so the planner counts on as many for every
    // assessor; counted from the statistics, the one plan kept for all (generic) looked dearer than
    // one made for the assessor at hand, and every read planned again.
    sql`with assessed as (
            select a.credential_id, a.lead, mc.title,
                   array(select v.version from micro_credential_versions v
                          where v.credential_id = a.credential_id and v.second_assessor) as second_versions
              from unnest(array(select x.credential_id from micro_credential_assessors x
                                 where x.user_id = ${assessorId})) as mine(credential_id)
              join micro_credential_assessors a on a.credential_id = mine.credential_id and a.user_id = ${assessorId}
              join micro_credentials mc on mc.id = a.credential_id),
          walked as (
            select * from assessed ${args.credentialId ? sql`where credential_id = ${args.credentialId}` : sql``}),
          quota as (
            select (ceil((${pagePlusOne})::numeric / greatest(count(*), 1)) + 1)::int as n from walked),
          first as materialized (
            select a.credential_id, a.title as credential_title, s.*
              from walked a
             cross join lateral ${walk(sql``, sql`(select q.n from quota q)`)} s),
          bound as materialized (
            select f.submitted_at, f.id from first f order by f.submitted_at, f.id offset ${page} limit 1),
          -- The credentials walked again, decided before any walk (the planner would otherwise walk
          -- each credential again and only then drop those that did not need it).
          cut as materialized (
            select a.* from walked a
             where (select count(*) from first f where f.credential_id = a.credential_id) = (select q.n from quota q)
               and not exists (select 1 from first f where f.credential_id = a.credential_id
                                  and not ${atOrBeforeBound(sql`f.submitted_at`, sql`f.id`)})),
          again as (
            select a.credential_id, a.title as credential_title, s.*
              from cut a
             cross join lateral ${walk(
               // Down to the bound: an index condition on the time stops the walk there.
               sql`and s.submitted_at <= coalesce((select b.submitted_at from bound b), 'infinity'::timestamptz)
                   and ${atOrBeforeBound(sql`s.submitted_at`, sql`s.id`)}`,
               sql`${pagePlusOne}`,
             )} s),
          waiting as (
            select c.*, row_number() over (order by c.submitted_at, c.id) as n
              from (select * from first f where ${atOrBeforeBound(sql`f.submitted_at`, sql`f.id`)}
                    union
                    select * from again) c
             order by c.submitted_at, c.id
             limit ${pagePlusOne})
        select (select coalesce(json_agg(json_build_object('id', credential_id, 'title', title) order by title, credential_id), '[]')
                  from assessed)::text as credentials,
               (select coalesce(json_agg(json_build_object(
                         'submissionId', q.id,
                         'credential', json_build_object('id', q.credential_id, 'title', q.credential_title),
                         'status', q.status, 'round', q.round, 'submittedAt', ${isoSql(sql`q.submitted_at`)},
                         'members', m.members, 'teamSize', json_array_length(m.members),
                         'waitingSeconds', greatest(0, floor(extract(epoch from now() - q.submitted_at))::int),
                         'role', case when q.status = 'escalated' then 'lead'
                                      when q.reviews_this_round = 0 then 'first' else 'second' end)
                         order by q.n), '[]')
                  from waiting q
                 cross join lateral (select ${membersSql(sql`q.id`)} as members offset 0) m
                 where q.n <= ${page})::text as items,
               l.submitted_at::text as next_at, l.id as next_id
          from (select 1) one
          left join waiting l on l.n = ${page} and exists (select 1 from waiting m where m.n > ${page})`,
  );
  return rows[0] as QueuePage;
}

/** Of these lesson videos, those that still exist (a deleted one's evidence shows as removed). */
export async function existingVideoIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from videos where id = any(${sql.param(ids)}::uuid[])`);
  return new Set(rows.map((r) => r.id));
}

/** A lesson video's state and playable length (its trim kept), for checking a clip offered as evidence. */
export async function findVideoFacts(
  tx: Tx,
  videoId: string,
): Promise<{ status: string; seconds: number | null; title: string } | undefined> {
  const { rows } = await tx.execute<{ status: string; seconds: number | null; title: string }>(sql`
    select status, title,
           case when trim_start is not null and trim_end is not null then trim_end - trim_start
                else duration_seconds end as seconds
      from videos where id = ${videoId}`);
  return rows[0];
}
