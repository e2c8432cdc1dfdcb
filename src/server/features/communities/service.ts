import { sql } from 'drizzle-orm';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type {
  CommunityDetail,
  CommunityListQuery,
  CommunityListResponse,
  CommunitySummary,
  CreateCommunityBody,
  Owner,
  UpdateCommunityBody,
} from '#shared/contracts/communities.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import {
  canFacilitate,
  canJoinNow,
  canParticipate,
  canReadContent,
  canRequestToJoin,
  canSeeCommunity,
  isArchived,
  isFacilitator,
  isMember,
} from './policy.ts';
import {
  type CommunityContext,
  type CommunityListRow,
  type CommunityRow,
  countFacilitators,
  countPendingRequests,
  findCommunity,
  findCommunityRow,
  type KnownLikeness,
  listFacilitators,
  listOwnerOptions,
  pageOfRankedMatches,
  type RankedMatches,
  rankScopeMatches,
  refreshCommunitySearch,
  searchCommunities,
  toAccess,
} from './queries.ts';

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** Keeps the fixed lists in their canonical order, without repeats. */
const canonicalSubjects = (list: readonly string[]) => SUBJECTS.filter((s) => list.includes(s));
const canonicalGradeBands = (list: readonly string[]) => GRADE_BANDS.filter((g) => list.includes(g));

/**
 * Loads a community the actor may see, or 404. With `lock`, the community row stays locked until the
 * transaction ends (see findCommunityRow).
 */
export async function loadVisibleCommunity(
  tx: Tx,
  actor: Actor,
  communityId: string,
  lock = false,
): Promise<CommunityRow> {
  const row = await findCommunityRow(tx, communityId, actor.userId, lock);
  if (!row || !canSeeCommunity(actor, toAccess(row))) throw new NotFoundError('No such community.');
  return row;
}

/** Loads a community the actor facilitates: 404 when they may not see it, 403 when they only see it. */
export async function loadFacilitatedCommunity(
  tx: Tx,
  actor: Actor,
  communityId: string,
  lock = false,
): Promise<CommunityRow> {
  const row = await loadVisibleCommunity(tx, actor, communityId, lock);
  if (!canFacilitate(toAccess(row)))
    throw new ForbiddenError('Only the facilitators of this community may do this.');
  return row;
}

/** Whether an organization may own a community the actor creates: their school, district or network. */
async function resolveOwner(
  tx: Tx,
  actor: Actor,
  ownerId: string,
): Promise<Owner & { districtId: string | null }> {
  const { rows } = await tx.execute<{
    kind: Owner['kind'];
    id: string;
    name: string;
    district_id: string | null;
  }>(sql`
    select kind, id, name, district_id from organizations where id = ${ownerId} and archived_at is null`);
  const org = rows[0];
  const allowed =
    org &&
    ((org.kind === 'district' && org.id === actor.districtId) ||
      (org.kind === 'school' && org.district_id === actor.districtId) ||
      (org.kind === 'network' && actor.networkIds.includes(org.id)));
  if (!org || !allowed)
    throw invalidField(
      '/body/ownerId',
      'must be a school of your district, your district or one of its networks',
    );
  return {
    kind: org.kind,
    id: org.id,
    name: org.name,
    districtId: org.kind === 'network' ? null : org.kind === 'district' ? org.id : org.district_id,
  };
}

/** Creates a community; its creator is its first facilitator. */
export async function createCommunity(args: {
  db: Db;
  actor: Actor;
  body: CreateCommunityBody;
}): Promise<CommunityDetail> {
  const { actor, body } = args;
  const id = await args.db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, actor, body.ownerId);
    const communityId = uuidv7();
    await tx.execute(sql`
      insert into communities (id, kind, owner_kind, owner_id, district_id, name, purpose, student_focus,
                               subjects, grade_bands, join_policy, created_by, member_count)
      values (${communityId}, ${body.kind}, ${owner.kind}, ${owner.id}, ${owner.districtId}, ${body.name},
              ${body.purpose}, ${body.studentFocus}, ${sql.param(canonicalSubjects(body.subjects))}::text[],
              ${sql.param(canonicalGradeBands(body.gradeBands))}::text[], ${body.joinPolicy}, ${actor.userId}, 1)`);
    await tx.execute(sql`
      insert into community_members (community_id, user_id, role, status, joined_at)
      values (${communityId}, ${actor.userId}, 'facilitator', 'active', now())`);
    await refreshCommunitySearch(tx, communityId);
    const object = { type: 'community', id: communityId, name: body.name };
    await recordActivity(tx, { actor, verb: 'created', object, context: { communityId } });
    await recordActivity(tx, { actor, verb: 'joined', object, context: { communityId } });
    return communityId;
  });
  return getCommunity({ db: args.db, actor, communityId: id });
}

function presentOwner(row: CommunityRow): Owner {
  return { kind: row.owner_kind, id: row.owner_id, name: row.owner_name };
}

function presentMembership(row: CommunityRow): CommunityDetail['membership'] {
  return row.my_status
    ? {
        status: row.my_status as NonNullable<CommunityDetail['membership']>['status'],
        role: row.my_role ?? 'member',
      }
    : null;
}

/** A community's page data as the actor may see it; 404 when they may not. */
export async function getCommunity(args: {
  db: Tx;
  actor: Actor;
  communityId: string;
}): Promise<CommunityDetail> {
  const { actor } = args;
  const row = await loadVisibleCommunity(args.db, actor, args.communityId);
  const access = toAccess(row);
  const facilitating = canFacilitate(access);
  const [facilitators, facilitatorCount, pending] = await Promise.all([
    listFacilitators(args.db, row.id),
    isFacilitator(access) ? countFacilitators(args.db, row.id) : Promise.resolve(0),
    facilitating ? countPendingRequests(args.db, row.id) : Promise.resolve(0),
  ]);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    purpose: row.purpose,
    studentFocus: row.student_focus,
    subjects: row.subjects,
    gradeBands: row.grade_bands,
    joinPolicy: row.join_policy,
    owner: presentOwner(row),
    facilitators,
    counts: { members: row.member_count, threads: row.thread_count, pendingRequests: pending },
    createdAt: iso(row.created_at),
    lastActivityAt: iso(row.last_activity_at),
    archived: row.archived_at !== null,
    archivedAt: row.archived_at ? iso(row.archived_at) : null,
    membership: presentMembership(row),
    permissions: {
      canRead: canReadContent(actor, access),
      canParticipate: canParticipate(access),
      canFacilitate: facilitating,
      canJoin: canJoinNow(actor, access),
      canRequest: canRequestToJoin(actor, access),
      canLeave: isMember(access) && !(isFacilitator(access) && facilitatorCount <= 1),
    },
  };
}

function readListCursor(cursor: string, ranked: boolean): { key: string | number; id: string } {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor from this list');
  const [key, id] = decodeCursor(cursor, 2, bad) as [unknown, string];
  if (ranked) {
    if (typeof key !== 'number' || !Number.isFinite(key)) throw bad();
    return { key, id };
  }
  if (
    typeof key !== 'string' ||
    Number.isNaN(Date.parse(key.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')))
  )
    throw bad();
  return { key, id };
}

/** The words of a query as prefix terms (`grad:* & mat:*`), so communities are found as names are typed. */
function prefixQuery(q: string): string | null {
  const words =
    q
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * What a ranked search of a scope found: its matches' ids and ranks, best first. The same for everyone
 * of the scope (a district and its networks), so it is remembered per (scope, words, facets) under
 * the community search version, which every change to what the ranking reads bumps at commit
 * (migration 0035, decision 031). The version is read with each page, in its one statement, so a
 * remembered ranking is used only while nothing it read has changed, on any instance; the page's
 * rows, the viewer's own communities and the policy are read afresh on every request.
 */
type RememberedMatches = RankedMatches & { version: string };

/** About this much is remembered per instance, least recently used rankings forgotten first. */
const RANKINGS_BYTES = 16 * 1024 * 1024;

// A uuid and a number each, and the key.
const rankingCache = cachePerDatabase<RememberedMatches>(
  RANKINGS_BYTES,
  (entry) => entry.ids.length * 60 + 300,
);

/** The first matches of a remembered ranking after the cursor: as many as a page needs. */
function candidatesAfter(found: RankedMatches, after: { key: number; id: string } | undefined, n: number) {
  let from = 0;
  if (after)
    while (
      from < found.ids.length &&
      !(found.keys[from] < after.key || (found.keys[from] === after.key && found.ids[from] > after.id))
    )
      from++;
  return { ids: found.ids.slice(from, from + n), keys: found.keys.slice(from, from + n) };
}

/**
 * "People like you" counts, remembered per likeness key (what the count asks of a viewer: their
 * district, their networks' districts, subjects and grade bands, hashed by the page statement) and
 * community, each with the version of the community's memberships it was counted at. Triggers bump
 * that version at commit whenever a membership row is added or removed or changes its status or the
 * account and profile fields it copies (migration 0041), so the page statement, which reads the
 * version of each card's community and the viewer's key afresh, takes a count only while nothing
 * under it has changed, on any instance; otherwise it counts again. Each key keeps its most recently
 * shown communities, and a viewer's last key is remembered to offer them.
 */
interface LikeCounts {
  entries: Map<string, { version: bigint; n: number }>;
}

/** Counts kept per likeness key, the most recently shown first kept. */
const LIKE_COUNTS_PER_KEY = 128;
const likeCounts = cachePerDatabase<LikeCounts>(8 * 1024 * 1024, (v) => v.entries.size * 100 + 100);
const likeKeys = cachePerDatabase<{ key: string }>(2 * 1024 * 1024, () => 150);

/** The counts remembered under the viewer's last likeness key, for the page statement to take or ignore. */
function knownLikeness(db: Db, viewerId: string): KnownLikeness {
  const key = likeKeys(db).get(viewerId)?.key;
  const entries = key ? likeCounts(db).get(key)?.entries : undefined;
  if (!key || !entries) return { key: null, ids: [], versions: [], counts: [] };
  const known: KnownLikeness = { key, ids: [], versions: [], counts: [] };
  for (const [id, { version, n }] of entries) {
    known.ids.push(id);
    known.versions.push(String(version));
    known.counts.push(n);
  }
  return known;
}

/** Remembers the counts a page statement returned, under the key it computed for the viewer. */
function rememberLikeness(db: Db, viewerId: string, rows: CommunityListRow[]): void {
  const key = rows[0]?.like_key;
  if (!key) return;
  if (likeKeys(db).get(viewerId)?.key !== key) likeKeys(db).set(viewerId, { key });
  const cache = likeCounts(db);
  const held = cache.get(key) ?? { entries: new Map() };
  for (const row of rows) {
    const version = BigInt(row.like_version);
    const before = held.entries.get(row.id);
    // A statement that started earlier may answer later: never go back to an older version.
    if (before && before.version > version) continue;
    held.entries.delete(row.id);
    held.entries.set(row.id, { version, n: row.people_like_you });
  }
  for (const id of held.entries.keys()) {
    if (held.entries.size <= LIKE_COUNTS_PER_KEY) break;
    held.entries.delete(id);
  }
  cache.set(key, held);
}

/** A ranked search of what the actor may see: the scope's ranking, remembered, and their own communities. */
async function rankedPage(
  db: Db,
  actor: Actor,
  filters: {
    q: { text: string; prefix: string | null };
    kind?: string;
    subject?: string;
    gradeBand?: string;
    after?: { key: number; id: string };
    limit: number;
  },
) {
  const cache = rankingCache(db);
  const key = JSON.stringify([
    actor.districtId,
    [...actor.networkIds].sort(),
    filters.q.text,
    filters.q.prefix,
    filters.kind ?? null,
    filters.subject ?? null,
    filters.gradeBand ?? null,
  ]);
  const known = knownLikeness(db, actor.userId);
  const read = async (found: RankedMatches) => {
    const page = await pageOfRankedMatches(db, actor, {
      ...filters,
      candidates: candidatesAfter(found, filters.after, filters.limit + 1),
      known,
    });
    rememberLikeness(db, actor.userId, page.rows);
    return page;
  };
  const remembered = cache.get(key);
  if (remembered) {
    const page = await read(remembered);
    // Anything the ranking read changed since: rank again (a row the viewer may no longer see
    // never shows: the policy is asked of every row of the page).
    if (page.version === remembered.version) return page.rows;
    cache.delete(key);
  }
  const found = await rankScopeMatches(db, actor, filters);
  if (found.version !== null) cache.set(key, { ...found, version: found.version });
  return (await read(found)).rows;
}

/** Browsing and one's own communities, read afresh but for the "people like you" counts held. */
async function browse(db: Db, actor: Actor, filters: Omit<Parameters<typeof searchCommunities>[2], 'known'>) {
  const rows = await searchCommunities(db, actor, { ...filters, known: knownLikeness(db, actor.userId) });
  rememberLikeness(db, actor.userId, rows);
  return rows;
}

/** Browse and search the communities the actor may see. */
export async function listCommunities(args: {
  db: Db;
  actor: Actor;
  query: CommunityListQuery;
}): Promise<CommunityListResponse> {
  const { actor, query } = args;
  const q = query.q?.trim() ? { text: query.q.trim(), prefix: prefixQuery(query.q) } : undefined;
  const after = query.cursor ? readListCursor(query.cursor, !!q) : undefined;
  const filters = {
    kind: query.kind,
    subject: query.subject,
    gradeBand: query.gradeBand,
    limit: query.limit,
  };
  // A ranked search of one's scope is remembered; browsing and one's own communities are read afresh.
  const rows =
    q && !query.mine
      ? await rankedPage(args.db, actor, {
          ...filters,
          q,
          after: after as { key: number; id: string } | undefined,
        })
      : await browse(args.db, actor, { ...filters, q, mine: query.mine, after });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (c) => [c.sort_key, c.id]);
  return {
    data: shown.map(
      (row): CommunitySummary => ({
        id: row.id,
        kind: row.kind,
        name: row.name,
        purpose: row.purpose,
        subjects: row.subjects,
        gradeBands: row.grade_bands,
        joinPolicy: row.join_policy,
        owner: presentOwner(row),
        memberCount: row.member_count,
        threadCount: row.thread_count,
        lastActivityAt: iso(row.last_activity_at),
        archived: row.archived_at !== null,
        membership: presentMembership(row),
        peopleLikeYou: row.people_like_you,
      }),
    ),
    nextCursor,
  };
}

/** The organizations the actor may create a community for. */
export async function getOwnerOptions(args: { db: Db; actor: Actor }): Promise<Owner[]> {
  return listOwnerOptions(args.db, args.actor);
}

/** Facilitators edit a community's details; its search data changes in the same transaction. */
export async function updateCommunity(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  body: UpdateCommunityBody;
}): Promise<CommunityDetail> {
  const { actor, body } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadFacilitatedCommunity(tx, actor, args.communityId, true);
    const sets = [sql`updated_at = now()`];
    if (body.kind !== undefined) sets.push(sql`kind = ${body.kind}`);
    if (body.name !== undefined) sets.push(sql`name = ${body.name}`);
    if (body.purpose !== undefined) sets.push(sql`purpose = ${body.purpose}`);
    if (body.studentFocus !== undefined) sets.push(sql`student_focus = ${body.studentFocus}`);
    if (body.subjects !== undefined)
      sets.push(sql`subjects = ${sql.param(canonicalSubjects(body.subjects))}::text[]`);
    if (body.gradeBands !== undefined)
      sets.push(sql`grade_bands = ${sql.param(canonicalGradeBands(body.gradeBands))}::text[]`);
    if (body.joinPolicy !== undefined) sets.push(sql`join_policy = ${body.joinPolicy}`);
    await tx.execute(sql`update communities set ${sql.join(sets, sql`, `)} where id = ${row.id}`);
    await refreshCommunitySearch(tx, row.id);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'community.updated',
      target: { type: 'community', id: row.id },
      districtId: row.district_id ?? actor.districtId,
      details: { fields: Object.keys(body) },
    });
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'community', id: row.id, name: body.name ?? row.name },
      context: { communityId: row.id },
      result: { extensions: { 'https://trellis.dev/xapi/extensions/fields': Object.keys(body) } },
      signals: [{ topic: `community:${row.id}`, type: 'community', id: row.id }],
    });
  });
  return getCommunity({ db: args.db, actor, communityId: args.communityId });
}

/** Facilitators archive a community (readable, but no new posts or members) or bring it back. */
export async function setCommunityArchived(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  archived: boolean;
}): Promise<CommunityDetail> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadFacilitatedCommunity(tx, actor, args.communityId, true);
    if ((row.archived_at !== null) === args.archived)
      throw new ConflictError(
        args.archived ? 'This community is already archived.' : 'This community is not archived.',
      );
    await tx.execute(sql`
      update communities set archived_at = ${args.archived ? sql`now()` : sql`null`}, updated_at = now()
       where id = ${row.id}`);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: args.archived ? 'community.archived' : 'community.unarchived',
      target: { type: 'community', id: row.id },
      districtId: row.district_id ?? actor.districtId,
      details: { name: row.name },
    });
    await recordActivity(tx, {
      actor,
      verb: args.archived ? 'archived' : 'updated',
      object: { type: 'community', id: row.id, name: row.name },
      context: { communityId: row.id },
      ...(args.archived
        ? {}
        : { result: { extensions: { 'https://trellis.dev/xapi/extensions/fields': ['archived'] } } }),
      signals: [{ topic: `community:${row.id}`, type: 'community', id: row.id }],
    });
  });
  return getCommunity({ db: args.db, actor, communityId: args.communityId });
}

/** The community whose content the viewer may read, or 404 (it does not exist for them). */
export async function readableCommunity(tx: Tx, actor: Actor, communityId: string, lock = false) {
  const community = await findCommunity(tx, actor, communityId, lock);
  if (!community || !canReadContent(actor, community)) throw new NotFoundError('No such community.');
  return community;
}

/**
 * Refuses a write by someone who may read but not take part: archived communities are read-only
 * for everyone (409), and readers of an open community must join first (403).
 */
export function assertParticipant(community: CommunityContext): void {
  if (isArchived(community))
    throw new ConflictError('This community is archived; its conversations are read-only.');
  if (community.membership?.status === 'removed')
    throw new ForbiddenError(
      'A facilitator removed you from this community; you may no longer take part in it.',
    );
  if (!isMember(community)) throw new ForbiddenError('Join this community to take part.');
}

export function assertFacilitator(community: CommunityContext): void {
  if (!canFacilitate(community)) throw new ForbiddenError('Only facilitators of this community may do this.');
}
