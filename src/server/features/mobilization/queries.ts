import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { HomeTargetKind, SpreadKind } from '#shared/contracts/mobilization.ts';
import type { Viewer } from '../resources/index.ts';
import type { SpreadEvent } from './spread-policy.ts';

/** Names of organizations, by id. */
export async function organizationNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.execute<{ id: string; name: string }>(
    sql`select id, name from organizations where id = any(${sql.param(ids)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Where a resource's owner stands towards a district, as the spread view sees it (spread-policy.ts):
 * the owner's own district, and whether `districtId` shares a network with it.
 */
export async function ownerScopeToward(
  tx: Tx,
  ownerId: string,
  districtId: string,
): Promise<{ districtId: string; partnerDistrictIds: Set<string> } | null> {
  const { rows } = await tx.execute<{ district_id: string; partner: boolean }>(sql`
    select u.district_id, exists (
             select 1 from network_districts mine join network_districts theirs on theirs.network_id = mine.network_id
              where mine.district_id = u.district_id and theirs.district_id = ${districtId}
                and theirs.district_id <> u.district_id) as partner
      from users u where u.id = ${ownerId}`);
  const row = rows[0];
  if (!row) return null;
  return { districtId: row.district_id, partnerDistrictIds: new Set(row.partner ? [districtId] : []) };
}

/**
 * Serializes bringing one thing home to one place: the table has no unique key for it (a school
 * may receive the same thing as an insight and as a resource), so two requests at once must queue.
 */
export async function lockHomeShare(tx: Tx, thing: string, targetId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`home-share:${thing}:${targetId}`}, 0))`,
  );
}

/** Which of these targets already received the resource (or, with `postId`, the insight). */
export async function targetsAlreadyReached(
  tx: Tx,
  thing: { resourceId: string } | { postId: string },
  targetIds: string[],
): Promise<Set<string>> {
  const match =
    'resourceId' in thing
      ? sql`resource_id = ${thing.resourceId} and subject = 'resource'`
      : sql`post_id = ${thing.postId} and subject = 'insight'`;
  const { rows } = await tx.execute<{ target_id: string }>(
    sql`select distinct target_id from home_shares
         where ${match} and target_id = any(${sql.param(targetIds)}::uuid[])`,
  );
  return new Set(rows.map((r) => r.target_id));
}

export interface NewHomeShare {
  sharerId: string;
  subject: 'resource' | 'insight';
  resourceId: string | null;
  postId: string | null;
  threadId: string | null;
  fromCommunityId: string | null;
  targetKind: HomeTargetKind;
  targetId: string;
  note: string;
  statementId: string;
}

/**
 * Writes the home share. Its time is its statement's, exactly: the feed pages through home shares
 * by (created_at, statement_id) and through the stream by (stored, id), and the two must agree.
 */
export async function insertHomeShare(tx: Tx, share: NewHomeShare) {
  const id = uuidv7();
  const { rows } = await tx.execute<{ id: string; created_at: Date }>(sql`
    insert into home_shares (id, sharer_id, subject, resource_id, post_id, thread_id, from_community_id,
                             target_kind, target_id, note, statement_id, created_at)
    select ${id}, ${share.sharerId}, ${share.subject}, ${share.resourceId}, ${share.postId}, ${share.threadId},
           ${share.fromCommunityId}, ${share.targetKind}, ${share.targetId}, ${share.note}, s.id, s.stored
      from statements s where s.id = ${share.statementId}
    returning id, created_at`);
  return rows[0];
}

export type InsightRow = {
  id: string;
  deleted_at: Date | null;
  hidden_at: Date | null;
};

export async function findPostState(tx: Tx, postId: string) {
  const { rows } = await tx.execute<InsightRow>(
    sql`select id, deleted_at, hidden_at from posts where id = ${postId}`,
  );
  return rows[0];
}

/**
 * Activity on a resource from the stream, by district, school, kind and month (UTC). A reviewer
 * who edits their review records `reviewed` again; only their first counts, as one review.
 */
export async function spreadEvents(
  tx: Tx,
  resourceId: string,
  verbs: Record<SpreadKind, string>,
): Promise<SpreadEvent[]> {
  const kindOf = new Map(Object.entries(verbs).map(([kind, iri]) => [iri, kind as SpreadKind]));
  const { rows } = await tx.execute<{
    district_id: string | null;
    school_id: string | null;
    verb: string;
    month: string;
    count: number;
    first: Date | string;
    last: Date | string;
  }>(sql`
    select s.district_id, s.school_id, s.verb,
           to_char(s.stored at time zone 'UTC', 'YYYY-MM') as month,
           count(*)::int as count, min(s.stored) as first, max(s.stored) as last
      from statements s
     where s.object_type = 'resource' and s.object_id = ${resourceId}
       and s.verb = any(${sql.param(Object.values(verbs))}::text[])
       and not (s.verb = ${verbs.reviewed} and exists (
             select 1 from statements e
              where e.object_type = 'resource' and e.object_id = s.object_id and e.verb = s.verb
                and e.actor_id = s.actor_id and (e.stored, e.id) < (s.stored, s.id)))
     group by 1, 2, 3, 4`);
  return rows.map((r) => ({
    districtId: r.district_id,
    schoolId: r.school_id,
    kind: kindOf.get(r.verb) as SpreadKind,
    month: r.month,
    count: r.count,
    first: new Date(r.first),
    last: new Date(r.last),
  }));
}

/** Districts that share a network with the viewer's own, it excluded. */
export async function partnerDistrictIds(tx: Tx, viewer: Viewer): Promise<Set<string>> {
  if (viewer.networkIds.length === 0) return new Set();
  const { rows } = await tx.execute<{ district_id: string }>(sql`
    select distinct nd.district_id from network_districts nd
     where nd.network_id = any(${sql.param(viewer.networkIds)}::uuid[]) and nd.district_id <> ${viewer.districtId}`);
  return new Set(rows.map((r) => r.district_id));
}
