import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#server/platform/errors.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import type {
  EndorseBody,
  EndorsementListResponse,
  EndorsementView,
  ReviewBody,
  ReviewListResponse,
  ReviewSummary,
  ReviewView,
  TryBody,
  TryListResponse,
  TryView,
} from '#shared/contracts/resource-quality.ts';
import { canFacilitate, facilitatedCommunities, findCommunity } from '../communities/index.ts';
import { visibleResourceOr404 } from './audience.ts';
import { ownerNotice } from './owner-notice.ts';
import {
  deleteEndorsementRow,
  deleteReviewRow,
  type EndorsementRow,
  endorsingCommunityIds,
  findReviewRow,
  findTryRow,
  insertEndorsement,
  insertTry,
  listEndorsementRows,
  listReviewRows,
  listTryRows,
  refreshEndorsementCount,
  refreshRating,
  type ReviewRow,
  type ReviewSummaryRow,
  summarizeReviews,
  type TryRow,
  triedCount,
  upsertReview,
} from './quality-queries.ts';

const round2 = (n: number | null) => (n === null ? null : Math.round(Number(n) * 100) / 100);

const timeKey = (row: { id: string; created_key: string }) => [row.created_key, row.id];

// ─── Reviews ────────────────────────────────────────────────────────────────────────────────────

function presentReview(row: ReviewRow, viewerId: string): ReviewView {
  const shown = row.reviewer_name !== null;
  return {
    id: row.id,
    reviewer: { id: shown ? row.reviewer_id : null, name: row.reviewer_name },
    version: row.version,
    alignment: row.alignment,
    clarity: row.clarity,
    evidence: row.evidence,
    adaptability: row.adaptability,
    comment: row.comment,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    isMine: row.reviewer_id === viewerId,
  };
}

function presentSummary(row: ReviewSummaryRow): ReviewSummary {
  return {
    count: row.count,
    rating: round2(row.rating),
    criteria: {
      alignment: round2(row.alignment),
      clarity: round2(row.clarity),
      evidence: round2(row.evidence),
      adaptability: round2(row.adaptability),
    },
  };
}

/** A page of a resource's reviews, newest first, with the summary and the viewer's own review. */
export async function listReviews(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
  query: { cursor?: string; limit: number };
}): Promise<ReviewListResponse> {
  const { db, actor, query } = args;
  const resource = await visibleResourceOr404(db, actor, args.resourceId);
  const rows = await listReviewRows(db, actor, {
    resourceId: resource.id,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, timeKey);
  const mine = await findReviewRow(db, actor, resource.id, actor.userId);
  return {
    data: shown.map((row) => presentReview(row, actor.userId)),
    nextCursor,
    summary: presentSummary(await summarizeReviews(db, resource.id)),
    abilities: { review: resource.owner_id !== actor.userId },
    mine: mine ? presentReview(mine, actor.userId) : null,
  };
}

/** The viewer's own review of a resource they may see, or null. */
export async function findMyReview(args: { db: Db; actor: Actor; resourceId: string }) {
  const { db, actor } = args;
  const resource = await visibleResourceOr404(db, actor, args.resourceId);
  const row = await findReviewRow(db, actor, resource.id, actor.userId);
  return row ? presentReview(row, actor.userId) : null;
}

/**
 * Creates or replaces the actor's review of the current version, and recomputes the resource's
 * rating and review count from its reviews under a lock on the resource, in one transaction.
 */
export async function saveReview(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
  body: Required<ReviewBody>;
}): Promise<{ review: ReviewView; summary: ReviewSummary; created: boolean }> {
  const { db, actor, body } = args;
  return db.transaction(async (tx) => {
    const resource = await visibleResourceOr404(tx, actor, args.resourceId, true);
    if (resource.owner_id === actor.userId)
      throw new ForbiddenError(
        'You cannot review your own resource; ask a colleague who tried it to review it.',
      );
    const saved = await upsertReview(tx, {
      resourceId: resource.id,
      reviewerId: actor.userId,
      version: resource.version,
      body,
    });
    await refreshRating(tx, resource.id);
    const mean = (body.alignment + body.clarity + body.evidence + body.adaptability) / 4;
    await recordActivity(tx, {
      actor,
      verb: 'reviewed',
      object: { type: 'resource', id: resource.id, name: resource.title },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/version': resource.version } },
      result: { score: { raw: mean, min: 1, max: 4, scaled: (mean - 1) / 3 } },
      // The author hears of a first review, not of each change to it.
      notify: saved.inserted ? [ownerNotice('resource_reviewed', resource)] : [],
    });
    const row = await findReviewRow(tx, actor, resource.id, actor.userId);
    if (!row) throw new Error('the review just saved is missing');
    return {
      review: presentReview(row, actor.userId),
      summary: presentSummary(await summarizeReviews(tx, resource.id)),
      created: saved.inserted,
    };
  });
}

/** Withdraws the actor's review and recomputes the rating, in one transaction. */
export async function deleteReview(args: { db: Db; actor: Actor; resourceId: string }): Promise<void> {
  const { db, actor } = args;
  await db.transaction(async (tx) => {
    const resource = await visibleResourceOr404(tx, actor, args.resourceId, true);
    if (!(await deleteReviewRow(tx, resource.id, actor.userId)))
      throw new NotFoundError('You have not reviewed this resource.');
    await refreshRating(tx, resource.id);
  });
}

// ─── Tries ──────────────────────────────────────────────────────────────────────────────────────

function presentTry(row: TryRow): TryView {
  const shown = row.teacher_name !== null;
  return {
    id: row.id,
    teacher: { id: shown ? row.user_id : null, name: row.teacher_name },
    schoolName: row.school_name,
    districtName: row.district_name,
    version: row.version,
    gradeBand: row.grade_band as TryView['gradeBand'],
    subject: row.subject as TryView['subject'],
    context: row.context,
    whatHappened: row.what_happened,
    studentWork: row.student_work,
    adaptations: row.adaptations,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A page of "I tried it" reports, newest first, with who tried it and where. */
export async function listTries(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
  query: { cursor?: string; limit: number };
}): Promise<TryListResponse> {
  const { db, actor, query } = args;
  const resource = await visibleResourceOr404(db, actor, args.resourceId);
  const rows = await listTryRows(db, actor, {
    resourceId: resource.id,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, timeKey);
  return { data: shown.map(presentTry), nextCursor, triedCount: await triedCount(db, resource.id) };
}

/**
 * Records that the actor tried the resource (anyone who sees it, its owner too, as often as they
 * do), where they work now, and counts it on the resource in the same transaction.
 */
export async function reportTry(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
  body: Required<TryBody>;
}): Promise<{ data: TryView; triedCount: number }> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const resource = await visibleResourceOr404(tx, actor, args.resourceId, true);
    const id = uuidv7();
    const count = await insertTry(tx, {
      id,
      resourceId: resource.id,
      userId: actor.userId,
      version: resource.version,
      schoolId: actor.schoolId,
      districtId: actor.districtId,
      body: args.body,
    });
    await recordActivity(tx, {
      actor,
      verb: 'tried',
      object: { type: 'resource', id: resource.id, name: resource.title },
      context: {
        extensions: {
          'https://trellis.dev/xapi/extensions/version': resource.version,
          'https://trellis.dev/xapi/extensions/try': id,
        },
      },
      notify: [ownerNotice('resource_tried', resource)],
    });
    return { data: presentTry(await findTryRow(tx, actor, id)), triedCount: count };
  });
}

// ─── Endorsements ───────────────────────────────────────────────────────────────────────────────

function presentEndorsement(row: EndorsementRow): EndorsementView {
  return {
    communityId: row.community_id,
    communityName: row.community_name,
    endorser: { id: row.endorser_id, name: row.endorser_name },
    note: row.note,
    createdAt: new Date(row.created_at).toISOString(),
    abilities: { remove: row.can_remove },
  };
}

/** A resource's endorsements, and the communities the viewer facilitates that could still endorse it. */
export async function listEndorsements(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
}): Promise<EndorsementListResponse> {
  const { db, actor } = args;
  const resource = await visibleResourceOr404(db, actor, args.resourceId);
  const rows = await listEndorsementRows(db, actor, resource.id);
  const endorsed = await endorsingCommunityIds(db, resource.id);
  const facilitated = await facilitatedCommunities(db, actor);
  return {
    data: rows.map(presentEndorsement),
    candidates: facilitated.filter((c) => !endorsed.has(c.id)).map((c) => ({ id: c.id, name: c.name })),
  };
}

/** The community, when the actor facilitates it; refused (403) otherwise, whether or not it exists. */
async function facilitatedCommunity(tx: Tx, actor: Actor, communityId: string) {
  const community = await findCommunity(tx, actor, communityId);
  if (!community || !canFacilitate(community))
    throw new ForbiddenError('Only an active facilitator of that community may endorse for it.');
  return community;
}

/**
 * A facilitator endorses a resource they can see on behalf of their community: once per community
 * (409 on a repeat), counted on the resource in the same transaction.
 */
export async function endorseResource(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
  body: Required<EndorseBody>;
}): Promise<EndorsementView> {
  const { db, actor, body } = args;
  return db.transaction(async (tx) => {
    const resource = await visibleResourceOr404(tx, actor, args.resourceId, true);
    const community = await facilitatedCommunity(tx, actor, body.communityId);
    if (community.archivedAt)
      throw new ConflictError('This community is archived; it can no longer endorse resources.');
    const saved = await insertEndorsement(tx, {
      resourceId: resource.id,
      communityId: community.id,
      endorserId: actor.userId,
      note: body.note,
    });
    if (!saved)
      throw new ConflictError(`${community.name} has already endorsed this resource.`, [
        { path: '/body/communityId', message: 'has already endorsed this resource' },
      ]);
    await refreshEndorsementCount(tx, resource.id);
    await recordActivity(tx, {
      actor,
      verb: 'endorsed',
      object: { type: 'resource', id: resource.id, name: resource.title },
      context: { communityId: community.id },
    });
    const [row] = await listEndorsementRows(tx, actor, resource.id, community.id);
    return presentEndorsement(row);
  });
}

/** A facilitator of the community withdraws its endorsement; the count follows in the same transaction. */
export async function withdrawEndorsement(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
  communityId: string;
}): Promise<void> {
  const { db, actor } = args;
  await db.transaction(async (tx) => {
    const resource = await visibleResourceOr404(tx, actor, args.resourceId, true);
    const community = await findCommunity(tx, actor, args.communityId);
    if (!community || !canFacilitate(community))
      throw new ForbiddenError('Only an active facilitator of that community may withdraw its endorsement.');
    if (!(await deleteEndorsementRow(tx, resource.id, community.id)))
      throw new NotFoundError('That community has not endorsed this resource.');
    await refreshEndorsementCount(tx, resource.id);
  });
}
