import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { ReviewBody, TryBody } from '#shared/contracts/resource-quality.ts';
import { visibleCommunitySql } from '../communities/index.ts';
import type { Viewer } from './audience.ts';

const NONE = '00000000-0000-0000-0000-000000000000';

/**
 * SQL: whether the viewer may see who a person is and where they work: themself, their own district,
 * or a district sharing a network (the profile rule for name, district and school).
 */
function affiliationSql(viewer: Viewer, userId: SQL, districtId: SQL): SQL {
  const networks = viewer.networkIds.length ? viewer.networkIds : [NONE];
  return sql`(${userId} = ${viewer.userId} or ${districtId} = ${viewer.districtId}
    or exists (select 1 from network_districts an where an.district_id = ${districtId}
                 and an.network_id = any(${sql.param(networks)}::uuid[])))`;
}

// ─── Reviews ────────────────────────────────────────────────────────────────────────────────────

export type ReviewRow = {
  id: string;
  reviewer_id: string;
  reviewer_name: string | null;
  version: number;
  alignment: number;
  clarity: number;
  evidence: number;
  adaptability: number;
  comment: string;
  created_at: Date;
  /** created_at as PostgreSQL prints it (microseconds kept), for cursors. */
  created_key: string;
  updated_at: Date;
};

const reviewColumns = (viewer: Viewer) => sql`rv.id, rv.reviewer_id, rv.version, rv.alignment, rv.clarity,
  rv.evidence, rv.adaptability, rv.comment, rv.created_at, rv.created_at::text as created_key, rv.updated_at,
  case when ${affiliationSql(viewer, sql`u.id`, sql`u.district_id`)} then u.name end as reviewer_name`;

/** A page of a resource's reviews, newest first, keyset-paged on (created_at, id). */
export async function listReviewRows(
  tx: Tx,
  viewer: Viewer,
  args: { resourceId: string; after?: { at: string; id: string }; limit: number },
) {
  const after = args.after
    ? sql`and (rv.created_at, rv.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)`
    : sql``;
  const { rows } = await tx.execute<ReviewRow>(sql`
    select ${reviewColumns(viewer)}
      from resource_reviews rv join users u on u.id = rv.reviewer_id
     where rv.resource_id = ${args.resourceId} ${after}
     order by rv.created_at desc, rv.id desc
     limit ${args.limit + 1}`);
  return rows;
}

export async function findReviewRow(tx: Tx, viewer: Viewer, resourceId: string, reviewerId: string) {
  const { rows } = await tx.execute<ReviewRow>(sql`
    select ${reviewColumns(viewer)}
      from resource_reviews rv join users u on u.id = rv.reviewer_id
     where rv.resource_id = ${resourceId} and rv.reviewer_id = ${reviewerId}`);
  return rows[0] ?? null;
}

export type ReviewSummaryRow = {
  count: number;
  rating: number | null;
  alignment: number | null;
  clarity: number | null;
  evidence: number | null;
  adaptability: number | null;
};

/** Means per criterion and overall (the mean of each review's mean), from the reviews themselves. */
export async function summarizeReviews(tx: Tx, resourceId: string) {
  const { rows } = await tx.execute<ReviewSummaryRow>(sql`
    select count(*)::int as count,
           avg((alignment + clarity + evidence + adaptability)::float8 / 4) as rating,
           avg(alignment)::float8 as alignment, avg(clarity)::float8 as clarity,
           avg(evidence)::float8 as evidence, avg(adaptability)::float8 as adaptability
      from resource_reviews where resource_id = ${resourceId}`);
  return rows[0];
}

/** Creates or replaces the reviewer's one review of the resource; says whether it is new. */
export async function upsertReview(
  tx: Tx,
  args: { resourceId: string; reviewerId: string; version: number; body: Required<ReviewBody> },
) {
  const { body } = args;
  const { rows } = await tx.execute<{ id: string; inserted: boolean }>(sql`
    insert into resource_reviews (id, resource_id, reviewer_id, version, alignment, clarity, evidence,
                                  adaptability, comment)
    values (${uuidv7()}, ${args.resourceId}, ${args.reviewerId}, ${args.version}, ${body.alignment},
            ${body.clarity}, ${body.evidence}, ${body.adaptability}, ${body.comment})
    on conflict (resource_id, reviewer_id) do update
       set version = excluded.version, alignment = excluded.alignment, clarity = excluded.clarity,
           evidence = excluded.evidence, adaptability = excluded.adaptability, comment = excluded.comment,
           updated_at = now()
    returning id, (xmax = 0) as inserted`);
  return rows[0];
}

export async function deleteReviewRow(tx: Tx, resourceId: string, reviewerId: string) {
  const { rows } = await tx.execute<{ id: string }>(sql`
    delete from resource_reviews where resource_id = ${resourceId} and reviewer_id = ${reviewerId}
    returning id`);
  return rows.length > 0;
}

/** Sets the resource's rating and review count from its reviews (call with the resource locked). */
export async function refreshRating(tx: Tx, resourceId: string) {
  await tx.execute(sql`
    update resources r set rating = s.rating, review_count = s.count
      from (select avg((alignment + clarity + evidence + adaptability)::float8 / 4) as rating,
                   count(*)::int as count
              from resource_reviews where resource_id = ${resourceId}) s
     where r.id = ${resourceId}`);
}

// ─── Tries ──────────────────────────────────────────────────────────────────────────────────────

export type TryRow = {
  id: string;
  user_id: string;
  teacher_name: string | null;
  school_name: string | null;
  district_name: string | null;
  version: number;
  grade_band: string;
  subject: string;
  context: string;
  what_happened: string;
  student_work: string;
  adaptations: string;
  created_at: Date;
  created_key: string;
};

const tryColumns = (viewer: Viewer) => {
  const shown = affiliationSql(viewer, sql`t.user_id`, sql`t.district_id`);
  return sql`t.id, t.user_id, t.version, t.grade_band, t.subject, t.context, t.what_happened, t.student_work,
    t.adaptations, t.created_at, t.created_at::text as created_key,
    case when ${shown} then u.name end as teacher_name,
    case when ${shown} then s.name end as school_name,
    case when ${shown} then d.name end as district_name`;
};

const tryFrom = sql`from resource_tries t
  join users u on u.id = t.user_id
  join organizations d on d.id = t.district_id
  left join organizations s on s.id = t.school_id`;

/** A page of "I tried it" reports, newest first, keyset-paged on (created_at, id). */
export async function listTryRows(
  tx: Tx,
  viewer: Viewer,
  args: { resourceId: string; after?: { at: string; id: string }; limit: number },
) {
  const after = args.after
    ? sql`and (t.created_at, t.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)`
    : sql``;
  const { rows } = await tx.execute<TryRow>(sql`
    select ${tryColumns(viewer)} ${tryFrom}
     where t.resource_id = ${args.resourceId} ${after}
     order by t.created_at desc, t.id desc
     limit ${args.limit + 1}`);
  return rows;
}

export async function findTryRow(tx: Tx, viewer: Viewer, tryId: string) {
  const { rows } = await tx.execute<TryRow>(
    sql`select ${tryColumns(viewer)} ${tryFrom} where t.id = ${tryId}`,
  );
  return rows[0];
}

/** Saves a report where the teacher works now and counts it on the resource; returns the new count. */
export async function insertTry(
  tx: Tx,
  args: {
    id: string;
    resourceId: string;
    userId: string;
    version: number;
    schoolId: string | null;
    districtId: string;
    body: Required<TryBody>;
  },
) {
  const { body } = args;
  await tx.execute(sql`
    insert into resource_tries (id, resource_id, user_id, version, grade_band, subject, context, what_happened,
                                student_work, adaptations, school_id, district_id)
    values (${args.id}, ${args.resourceId}, ${args.userId}, ${args.version}, ${body.gradeBand}, ${body.subject},
            ${body.context}, ${body.whatHappened}, ${body.studentWork}, ${body.adaptations}, ${args.schoolId},
            ${args.districtId})`);
  const { rows } = await tx.execute<{ tried_count: number }>(sql`
    update resources set tried_count = tried_count + 1 where id = ${args.resourceId} returning tried_count`);
  return rows[0].tried_count;
}

export async function triedCount(tx: Tx, resourceId: string) {
  const { rows } = await tx.execute<{ tried_count: number }>(
    sql`select tried_count from resources where id = ${resourceId}`,
  );
  return rows[0]?.tried_count ?? 0;
}

// ─── Endorsements ───────────────────────────────────────────────────────────────────────────────

export type EndorsementRow = {
  community_id: string;
  community_name: string | null;
  endorser_id: string | null;
  endorser_name: string | null;
  note: string;
  created_at: Date;
  can_remove: boolean;
};

/**
 * A resource's endorsements, newest first. The community is named only to those who may see it;
 * the endorser too, since naming them would tell who facilitates a community hidden from the viewer.
 */
export async function listEndorsementRows(tx: Tx, viewer: Viewer, resourceId: string, communityId?: string) {
  const named = sql`(${visibleCommunitySql(viewer, 'c')})`;
  const person = affiliationSql(viewer, sql`u.id`, sql`u.district_id`);
  const { rows } = await tx.execute<EndorsementRow>(sql`
    select e.community_id, e.note, e.created_at,
           case when ${named} then c.name end as community_name,
           case when ${named} and ${person} then u.id end as endorser_id,
           case when ${named} and ${person} then u.name end as endorser_name,
           exists (select 1 from community_members fm where fm.community_id = e.community_id
                     and fm.user_id = ${viewer.userId} and fm.status = 'active' and fm.role = 'facilitator')
             as can_remove
      from resource_endorsements e
      join communities c on c.id = e.community_id
      join users u on u.id = e.endorser_id
     where e.resource_id = ${resourceId} ${communityId ? sql`and e.community_id = ${communityId}` : sql``}
     order by e.created_at desc, e.community_id`);
  return rows;
}

/** Which of these communities already endorsed the resource. */
export async function endorsingCommunityIds(tx: Tx, resourceId: string): Promise<Set<string>> {
  const { rows } = await tx.execute<{ community_id: string }>(
    sql`select community_id from resource_endorsements where resource_id = ${resourceId}`,
  );
  return new Set(rows.map((r) => r.community_id));
}

/** Saves the endorsement unless the community already endorsed the resource; says whether it did. */
export async function insertEndorsement(
  tx: Tx,
  args: { resourceId: string; communityId: string; endorserId: string; note: string },
) {
  const { rows } = await tx.execute<{ community_id: string }>(sql`
    insert into resource_endorsements (resource_id, community_id, endorser_id, note)
    values (${args.resourceId}, ${args.communityId}, ${args.endorserId}, ${args.note})
    on conflict (resource_id, community_id) do nothing
    returning community_id`);
  return rows.length > 0;
}

export async function deleteEndorsementRow(tx: Tx, resourceId: string, communityId: string) {
  const { rows } = await tx.execute<{ community_id: string }>(sql`
    delete from resource_endorsements where resource_id = ${resourceId} and community_id = ${communityId}
    returning community_id`);
  return rows.length > 0;
}

/** Sets the resource's endorsement count from its endorsements (call with the resource locked). */
export async function refreshEndorsementCount(tx: Tx, resourceId: string) {
  await tx.execute(sql`
    update resources set endorsement_count =
      (select count(*)::int from resource_endorsements where resource_id = ${resourceId})
     where id = ${resourceId}`);
}
