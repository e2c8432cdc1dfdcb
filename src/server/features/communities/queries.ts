/**
 * All SQL of the communities feature. Lists apply the community policy in SQL (policy.ts mirrors),
 * so no community a viewer may not see ever leaves the database.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { CommunityAccess } from './policy.ts';
import { visibleCommunitySql } from './policy.ts';

type Viewer = Pick<Actor, 'userId' | 'districtId' | 'networkIds'>;

/** A community row with its owner's name and the viewer's own membership row. */
export type CommunityRow = {
  id: string;
  kind: 'plc' | 'learning_network' | 'improvement_community' | 'lesson_study' | 'cohort';
  owner_kind: 'school' | 'district' | 'network';
  owner_id: string;
  owner_name: string;
  district_id: string | null;
  name: string;
  purpose: string;
  student_focus: string;
  subjects: string[];
  grade_bands: string[];
  join_policy: 'open' | 'request' | 'invitation';
  member_count: number;
  thread_count: number;
  last_activity_at: Date;
  created_at: Date;
  archived_at: Date | null;
  my_status: string | null;
  my_role: 'facilitator' | 'member' | null;
};

export function toAccess(row: CommunityRow): CommunityAccess {
  return {
    joinPolicy: row.join_policy,
    ownerKind: row.owner_kind,
    ownerId: row.owner_id,
    districtId: row.district_id,
    archivedAt: row.archived_at,
    membership: row.my_status ? { status: row.my_status, role: row.my_role ?? 'member' } : null,
  };
}

/**
 * One community with the viewer's membership, or null. With `lock`, the community row is locked
 * for the transaction, so membership changes of one community happen one at a time (member counts
 * and the last-facilitator rule stay right under concurrent requests).
 */
export async function findCommunityRow(
  tx: Tx,
  communityId: string,
  viewerId: string,
  lock = false,
): Promise<CommunityRow | null> {
  if (lock) await tx.execute(sql`select 1 from communities where id = ${communityId} for no key update`);
  const { rows } = await tx.execute<CommunityRow>(sql`
    select c.id, c.kind, c.owner_kind, c.owner_id, o.name as owner_name, c.district_id, c.name, c.purpose,
           c.student_focus, c.subjects, c.grade_bands, c.join_policy, c.member_count, c.thread_count,
           c.last_activity_at, c.created_at, c.archived_at, m.status as my_status, m.role as my_role
      from communities c
      join organizations o on o.id = c.owner_id
      left join community_members m on m.community_id = c.id and m.user_id = ${viewerId}
     where c.id = ${communityId}`);
  return rows[0] ?? null;
}

/** The active facilitators of a community, by name. */
export async function listFacilitators(
  tx: Tx,
  communityId: string,
): Promise<Array<{ id: string; name: string }>> {
  const { rows } = await tx.execute<{ id: string; name: string }>(sql`
    select u.id, u.name from community_members m join users u on u.id = m.user_id
     where m.community_id = ${communityId} and m.status = 'active' and m.role = 'facilitator' and u.status = 'active'
     order by lower(u.name), u.id`);
  return rows;
}

/** How many active facilitators a community has (deactivated accounts included: they still hold the role). */
export async function countFacilitators(tx: Tx, communityId: string): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from community_members
     where community_id = ${communityId} and status = 'active' and role = 'facilitator'`);
  return rows[0]?.n ?? 0;
}

export async function countPendingRequests(tx: Tx, communityId: string): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from community_members where community_id = ${communityId} and status = 'requested'`);
  return rows[0]?.n ?? 0;
}

/** Recomputes a community's search vector from its name (A), purpose and focus (B) and subjects (C). */
export async function refreshCommunitySearch(tx: Tx, communityId: string): Promise<void> {
  await tx.execute(sql`
    update communities set search =
        setweight(to_tsvector('english', name), 'A')
     || setweight(to_tsvector('simple', name), 'A')
     || setweight(to_tsvector('english', purpose || ' ' || student_focus), 'B')
     || setweight(to_tsvector('english', array_to_string(subjects, ' ')), 'C')
     where id = ${communityId}`);
}

/** The organizations a person may create a community for: their district's schools, the district, its networks. */
export async function listOwnerOptions(
  tx: Tx,
  actor: Viewer,
): Promise<Array<{ kind: 'school' | 'district' | 'network'; id: string; name: string }>> {
  const { rows } = await tx.execute<{
    kind: 'school' | 'district' | 'network';
    id: string;
    name: string;
  }>(sql`
    select kind, id, name from organizations
     where archived_at is null and (
           (kind = 'district' and id = ${actor.districtId})
        or (kind = 'school' and district_id = ${actor.districtId})
        or (kind = 'network' and id = any(${sql.param(actor.networkIds)}::uuid[])))
     order by case kind when 'district' then 0 when 'school' then 1 else 2 end, name`);
  return rows;
}

/** A person as one of a community's members, requests or invitations. */
export type MemberRow = {
  id: string;
  name: string;
  role_title: string | null;
  school_id: string | null;
  school_name: string | null;
  district_id: string;
  district_name: string;
  role: 'facilitator' | 'member';
  status: 'active' | 'requested' | 'invited' | 'declined' | 'removed' | 'left';
  joined_at: Date | null;
  request_message: string | null;
  sort_rank: number;
  sort_name: string;
};

const MEMBER_COLUMNS = sql`u.id, u.name, p.role_title, p.school_id, s.name as school_name, u.district_id,
  d.name as district_name, m.role, m.status, m.joined_at, m.request_message,
  (m.role <> 'facilitator')::int as sort_rank, lower(u.name) as sort_name`;
const MEMBER_FROM = sql`community_members m
  join users u on u.id = m.user_id
  join organizations d on d.id = u.district_id
  left join profiles p on p.user_id = u.id
  left join organizations s on s.id = p.school_id`;

/** Facilitators first, then by name; the cursor is the last row's (rank, name, id). */
export async function listMembers(
  tx: Tx,
  args: {
    communityId: string;
    status: 'active' | 'requested' | 'invited';
    after?: { rank: number; name: string; id: string };
    limit: number;
  },
): Promise<MemberRow[]> {
  const { rows } = await tx.execute<MemberRow>(sql`
    select ${MEMBER_COLUMNS} from ${MEMBER_FROM}
     where m.community_id = ${args.communityId} and m.status = ${args.status} and u.status = 'active'
       ${args.after ? sql`and ((m.role <> 'facilitator')::int, lower(u.name), u.id) > (${args.after.rank}::int, ${args.after.name}::text, ${args.after.id}::uuid)` : sql``}
     order by sort_rank, sort_name, u.id
     limit ${args.limit + 1}`);
  return rows;
}

export async function findMember(tx: Tx, communityId: string, userId: string): Promise<MemberRow | null> {
  const { rows } = await tx.execute<MemberRow>(sql`
    select ${MEMBER_COLUMNS} from ${MEMBER_FROM} where m.community_id = ${communityId} and m.user_id = ${userId}`);
  return rows[0] ?? null;
}

/** A person the viewer might invite: active, with their home district. */
export async function findPerson(
  tx: Tx,
  userId: string,
): Promise<{ id: string; name: string; district_id: string } | null> {
  const { rows } = await tx.execute<{ id: string; name: string; district_id: string }>(sql`
    select id, name, district_id from users where id = ${userId} and status = 'active'`);
  return rows[0] ?? null;
}

export async function isDistrictInNetwork(tx: Tx, districtId: string, networkId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    select 1 from network_districts where network_id = ${networkId} and district_id = ${districtId}`);
  return rows.length > 0;
}

/** Adds delta to a community's member count. */
export async function adjustMemberCount(tx: Tx, communityId: string, delta: number): Promise<void> {
  await tx.execute(sql`
    update communities set member_count = greatest(0, member_count + ${delta}), updated_at = now()
     where id = ${communityId}`);
}

// ─── Browsing ───────────────────────────────────────────────────────────────────────────────────

export type CommunityListRow = CommunityRow & {
  people_like_you: number;
  /** The likeness key the count was taken for, and the community's membership version it was read at. */
  like_key: string;
  like_version: string;
  /** The sort key: the rank of a search, or the last activity as exact text. */
  sort_key: number | string;
};

export interface CommunityFilters {
  q?: { text: string; prefix: string | null };
  kind?: string;
  subject?: string;
  gradeBand?: string;
  mine: boolean;
  after?: { key: number | string; id: string };
  limit: number;
  /** "People like you" counts already held (service.ts). */
  known?: KnownLikeness;
}

/** How many full-text matches a ranked search ranks at most, so a common word stays cheap. */
export const RANK_POOL = 500;

/** A search's words: the text as typed and its words as prefix terms (`grad:* & mat:*`), if any. */
type SearchWords = NonNullable<CommunityFilters['q']>;

/**
 * How well community `c` matches: its rank for the words, plus 1 when its words start with the typed
 * ones. One expression for every statement that ranks, so the pool remembered for a scope and the
 * viewer's own communities ranked afresh compare equal.
 */
function rankSql(q: SearchWords): { matches: SQL; rank: SQL } {
  const web = sql`websearch_to_tsquery('english', ${q.text}::text)`;
  const prefix = sql`to_tsquery('simple', ${q.prefix}::text)`;
  return {
    matches: sql`(c.search @@ ${web} or coalesce(c.search @@ ${prefix}, false))`,
    rank: sql`(ts_rank(c.search, ${web}) + coalesce((c.search @@ ${prefix})::int, 0))::real`,
  };
}

/**
 * The facets of a search or browse, each left out when null: fixed text, so a prepared statement can
 * hold it. `= any`, which the arrays' GIN indexes do not answer: browsing walks the scope's
 * communities newest first from communities_*_walk_idx alone (migration 0036) and stops at a page,
 * where PostgreSQL would otherwise read and sort every community of a network with the subject.
 */
function facetSql(f: Pick<CommunityFilters, 'kind' | 'subject' | 'gradeBand'>): SQL {
  return sql`c.listed and (${f.kind ?? null}::text is null or c.kind = ${f.kind ?? null}::text)
    and (${f.subject ?? null}::text is null or ${f.subject ?? null}::text = any(c.subjects))
    and (${f.gradeBand ?? null}::text is null or ${f.gradeBand ?? null}::text = any(c.grade_bands))`;
}

/**
 * "People like you" counts a viewer already holds (service.ts), each with the version of its
 * community's memberships it was counted at, under the likeness key they were counted for: the
 * viewer's district, their networks' districts, subjects and grade bands, which is all the count
 * asks of the viewer. The page statement takes a count only when the key it computes for the viewer
 * now is the same and the community's version read in the same statement is the count's.
 */
export interface KnownLikeness {
  key: string | null;
  ids: string[];
  versions: string[];
  counts: number[];
}

export const NO_LIKENESS: KnownLikeness = { key: null, ids: [], versions: [], counts: [] };

/**
 * One statement for a page of communities: each row with its owner's name, the viewer's own
 * membership and the "people like you" among its active members: people of other districts whose
 * subjects and grade bands (only where shown to the viewer) share one with the viewer's own profile.
 * `page` selects the page's `id`s and `sort_key`s, in order; the policy is asked of each row again.
 * A count the viewer already holds at the community's current membership version (`known`, under
 * the likeness key the statement computes, returned as `like_key`) is taken instead of counted.
 */
function communityPageSql(viewer: Viewer, page: SQL, ranked: boolean, known: KnownLikeness): SQL {
  const networks = viewer.networkIds.length ? viewer.networkIds : [NO_NETWORK];
  return sql`
    -- The viewer's profile and network districts, read once for the page (left inline, the
    -- planner would read them again for every member "people like you" looks at).
    with me as materialized (
      select coalesce(p.subjects, '{}') as subjects, coalesce(p.grade_bands, '{}') as grade_bands
        from users u left join profiles p on p.user_id = u.id where u.id = ${viewer.userId}
    ), network_district_ids as materialized (
      select array_agg(distinct nd.district_id) as ids from network_districts nd
       where nd.network_id = any(${sql.param(networks)}::uuid[])
    ), likeness as materialized (
      -- Everything the count asks of the viewer; a count held under another key is not taken.
      select md5(${viewer.districtId}::text || '/' || coalesce(nd.ids::text, '') || '/' || me.subjects::text
                 || '/' || me.grade_bands::text) as key,
             cardinality(me.subjects) > 0 and cardinality(me.grade_bands) > 0 as anyone
        from me cross join network_district_ids nd
    ), known as materialized (
      select k.id, k.version, k.n
        from unnest(${sql.param(known.ids)}::uuid[], ${sql.param(known.versions)}::bigint[],
                    ${sql.param(known.counts)}::int[]) k(id, version, n)
       where (select l.key from likeness l) = ${known.key}::text
    ), page as materialized (${page})
    select c.id, c.kind, c.owner_kind, c.owner_id, o.name as owner_name, c.district_id, c.name, c.purpose,
           c.student_focus, c.subjects, c.grade_bands, c.join_policy, c.member_count, c.thread_count,
           c.last_activity_at, c.created_at, c.archived_at, m.status as my_status, m.role as my_role,
           page.sort_key, l.key as like_key, coalesce(v.version, 0)::text as like_version,
           case when not l.anyone then 0
                -- Counted before at this version of the community's memberships (migration 0041).
                when kn.version = coalesce(v.version, 0) then kn.n
                else (select count(*)::int
              -- From community_members_like_idx alone: each row carries its member's account and
              -- profile fields, kept by triggers (migration 0022).
              from community_members pm cross join me cross join network_district_ids nd
             where pm.community_id = c.id and pm.status = 'active' and pm.member_active
               and pm.member_district_id <> ${viewer.districtId}
               and pm.member_subjects && me.subjects and pm.member_grade_bands && me.grade_bands
               -- Cases rather than ors: PostgreSQL would otherwise probe the index once per
               -- network district instead of reading the community's members in one range.
               and case pm.member_subjects_shown when 'public' then true
                     when 'network' then pm.member_district_id = any(nd.ids) else false end
               and case pm.member_grade_bands_shown when 'public' then true
                     when 'network' then pm.member_district_id = any(nd.ids) else false end
           ) end as people_like_you
      from page
      cross join likeness l
      join communities c on c.id = page.id
      join organizations o on o.id = c.owner_id
      left join community_members m on m.community_id = c.id and m.user_id = ${viewer.userId}
      left join community_member_versions v on v.community_id = c.id
      left join known kn on kn.id = c.id
     where ${visibleCommunitySql(viewer, 'c')}
     order by ${ranked ? sql`page.sort_key desc, c.id` : sql`c.last_activity_at desc, c.id desc`}`;
}

const NO_NETWORK = '00000000-0000-0000-0000-000000000000';

/**
 * A page of the communities a viewer may see, newest activity first, or best match first when a
 * query is given (ranked from a pool of at most RANK_POOL matches of the viewer's scope and their
 * own communities). Ranked searches of one's scope are better answered by `rankScopeMatches` and
 * `pageOfRankedMatches`, which remember the ranking; this is for browsing and for one's own.
 */
export async function searchCommunities(
  db: Db,
  viewer: Viewer,
  f: CommunityFilters,
): Promise<CommunityListRow[]> {
  const networks = viewer.networkIds.length ? viewer.networkIds : [NO_NETWORK];
  // A superset of what the viewer may see that indexes answer (district, owner, own rows), so the
  // policy below is tested on the viewer's scope rather than on every community of the state.
  const district = sql`c.district_id = ${viewer.districtId}`;
  const ownRows = sql`c.id = any(array(select mm.community_id from community_members mm
                           where mm.user_id = ${viewer.userId} and mm.status in ('active', 'invited')))`;
  // Facets as fixed text whatever is chosen, so browsing is one prepared statement per shape.
  const where: SQL[] = [visibleCommunitySql(viewer, 'c'), facetSql(f)];
  const ranking = f.q ? rankSql(f.q) : null;
  if (ranking) where.push(ranking.matches);
  const filter = sql.join(where, sql` and `);
  const after = f.after
    ? ranking
      ? sql`and (sort_key < ${f.after.key}::real or (sort_key = ${f.after.key}::real and id > ${f.after.id}::uuid))`
      : sql`and (c.last_activity_at, c.id) < (${f.after.key}::timestamptz, ${f.after.id}::uuid)`
    : sql``;
  // One's own communities (member, invited, asked to join) are found from one's membership rows alone.
  const mine = sql`c.id = any(array(select mx.community_id from community_members mx
                     where mx.user_id = ${viewer.userId} and mx.status in ('active', 'invited', 'requested')))`;
  // Matches ranked from a bounded pool of the viewer's scope; browsing walks the district's, each
  // network's and the viewer's own communities newest activity first on their indexes, a page of
  // each, so it never sorts every community of a network.
  const matches = ranking
    ? sql`select * from (
        select c.id, c.last_activity_at, ${ranking.rank} as sort_key
          from communities c
         where ${f.mine ? mine : sql`(${district} or c.owner_id = any(${sql.param(networks)}::uuid[]) or ${ownRows})`}
           and ${filter}
         limit ${RANK_POOL}
      ) ranked where true ${after}`
    : f.mine
      ? sql`select c.id, c.last_activity_at, c.last_activity_at::text as sort_key
              from communities c where ${mine} and ${filter} ${after}`
      : sql`select c.id, c.last_activity_at, c.last_activity_at::text as sort_key from (
          (select c.id from communities c where ${district} and ${filter} ${after}
            order by c.last_activity_at desc, c.id desc limit ${f.limit + 1})
          union
          (select c.id from unnest(${sql.param(networks)}::uuid[]) n(id)
             cross join lateral (select c.id from communities c where c.owner_id = n.id and ${filter} ${after}
                                  order by c.last_activity_at desc, c.id desc limit ${f.limit + 1}) c)
          union
          (select c.id from communities c where ${ownRows} and ${filter} ${after})
        ) page join communities c on c.id = page.id`;
  const order = ranking ? sql`sort_key desc, id` : sql`last_activity_at desc, id desc`;
  const page = sql`select * from (${matches}) matches order by ${order} limit ${f.limit + 1}`;
  const statement = communityPageSql(viewer, page, !!ranking, f.known ?? NO_LIKENESS);
  if (ranking) return (await db.execute<CommunityListRow>(statement)).rows;
  // Browsing: planned once per connection per shape (one's own or the scope's, with or without a
  // cursor), as its plan is the same whatever the facets: walks of communities_*_walk_idx (migration
  // 0036), or one's membership rows.
  return namedQuery<CommunityListRow>(
    db,
    `communities-browse${f.mine ? '-mine' : ''}${f.after ? '-after' : ''}`,
    statement,
  );
}

/** The ranked matches of a scope, best first, and the community search version they were read at. */
export interface RankedMatches {
  /** Null before migration 0035: nothing may be remembered. */
  version: string | null;
  ids: string[];
  keys: number[];
}

/**
 * The communities of a scope (a district and its networks) that anyone there may find, which match
 * the words and facets, ranked best first: the same for everyone of the scope, so it is remembered
 * (service.ts) under the version read in the same statement. Up to RANK_POOL matches are ranked.
 * Communities by invitation, and those outside the scope, are found only by their members and
 * invitees, per request (`pageOfRankedMatches`).
 */
export async function rankScopeMatches(
  tx: Tx,
  scope: Pick<Viewer, 'districtId' | 'networkIds'>,
  f: { q: SearchWords; kind?: string; subject?: string; gradeBand?: string },
): Promise<RankedMatches> {
  const networks = scope.networkIds.length ? scope.networkIds : [NO_NETWORK];
  const { rank } = rankSql(f.q);
  // The same matches as rankSql's, written so the search index answers both halves of the "or":
  // its coalesce (for a query with no prefix words, whose tsquery is null) made PostgreSQL read every
  // community of the scope and test its vector (1,671 buffers for 'reading' on the state network,
  // against 537 from the index).
  const web = sql`websearch_to_tsquery('english', ${f.q.text}::text)`;
  const matches = f.q.prefix
    ? sql`(c.search @@ ${web} or c.search @@ to_tsquery('simple', ${f.q.prefix}::text))`
    : sql`c.search @@ ${web}`;
  const { rows } = await tx.execute<{
    version: string | null;
    id: string | null;
    sort_key: number | null;
  }>(sql`
    select v.version, m.id, m.sort_key
      from (select (select s.value::text from settings s where s.key = 'community_search_version') as version) v
      left join lateral (
        select c.id, ${rank} as sort_key from communities c
         where (c.district_id = ${scope.districtId} or c.owner_id = any(${sql.param(networks)}::uuid[]))
           and c.join_policy <> 'invitation'
           and ((c.owner_kind = 'network' and c.owner_id = any(${sql.param(networks)}::uuid[]))
             or (c.owner_kind <> 'network' and c.district_id = ${scope.districtId}))
           and ${matches} and ${facetSql(f)}
         limit ${RANK_POOL}
      ) m on true
     order by m.sort_key desc, m.id`);
  const found = rows.filter((r) => r.id !== null) as Array<{ id: string; sort_key: number }>;
  return {
    version: rows[0]?.version ?? null,
    ids: found.map((r) => r.id),
    keys: found.map((r) => Number(r.sort_key)),
  };
}

/**
 * A page of a ranked search from candidates already ranked (the first of a scope's remembered
 * matches after the cursor) and the viewer's own communities (those they belong to or are invited
 * to) ranked afresh, with the community search version read in the same statement. One prepared
 * statement: the same text whatever the words, facets and cursor.
 */
export async function pageOfRankedMatches(
  db: Db,
  viewer: Viewer,
  args: {
    q: SearchWords;
    kind?: string;
    subject?: string;
    gradeBand?: string;
    candidates: { ids: string[]; keys: number[] };
    after?: { key: number; id: string };
    limit: number;
    known?: KnownLikeness;
  },
): Promise<{ version: string | null; rows: CommunityListRow[] }> {
  const { matches, rank } = rankSql(args.q);
  const afterKey = args.after?.key ?? null;
  const afterId = args.after?.id ?? null;
  const page = sql`
      select id, max(sort_key) as sort_key from (
        select x.id, x.sort_key
          from unnest(${sql.param(args.candidates.ids)}::uuid[], ${sql.param(args.candidates.keys)}::real[]) x(id, sort_key)
        union all
        select c.id, ${rank} as sort_key
          from community_members om join communities c on c.id = om.community_id
         where om.user_id = ${viewer.userId} and om.status in ('active', 'invited')
           and ${matches} and ${facetSql(args)}
           and (${afterKey}::real is null or ${rank} < ${afterKey}::real
                or (${rank} = ${afterKey}::real and c.id > ${afterId}::uuid))
      ) candidates
      group by id order by sort_key desc, id limit ${args.limit + 1}`;
  // The version beside the page, and alone when the page is empty.
  const rows = await namedQuery<
    { search_version: string | null } & (({ id: string } & CommunityListRow) | { id: null })
  >(
    db,
    'communities-ranked-page',
    sql`select v.search_version, r.*
          from (select (select s.value::text from settings s where s.key = 'community_search_version') as search_version) v
          left join lateral (${communityPageSql(viewer, page, true, args.known ?? NO_LIKENESS)}) r on true
         order by r.sort_key desc, r.id`,
  );
  return {
    version: rows[0]?.search_version ?? null,
    rows: rows.filter((r): r is { search_version: string | null } & CommunityListRow => r.id !== null),
  };
}

// ─── A community and the viewer's standing, for the features inside communities ──────────────

/** A community as access checks need it: its name and the viewer's standing in it. */
export type CommunityContext = CommunityAccess & {
  id: string;
  name: string;
};

type CommunityContextRow = {
  id: string;
  name: string;
  join_policy: CommunityAccess['joinPolicy'];
  owner_kind: CommunityAccess['ownerKind'];
  owner_id: string;
  district_id: string | null;
  archived_at: Date | null;
  member_status: string | null;
  member_role: 'facilitator' | 'member' | null;
};

const toContext = (row: CommunityContextRow): CommunityContext => ({
  id: row.id,
  name: row.name,
  joinPolicy: row.join_policy,
  ownerKind: row.owner_kind,
  ownerId: row.owner_id,
  districtId: row.district_id,
  archivedAt: row.archived_at,
  membership: row.member_status ? { status: row.member_status, role: row.member_role ?? 'member' } : null,
});

const communityColumns = (actor: Actor) => sql`c.id, c.name, c.join_policy, c.owner_kind, c.owner_id,
  c.district_id, c.archived_at, m.status as member_status, m.role as member_role
  from communities c
  left join community_members m on m.community_id = c.id and m.user_id = ${actor.userId}`;

/**
 * The community and the viewer's standing, or null when there is none. Rows here are locked `for no
 * key update`: writes of one thing wait for each other, but never for a reply or thread being saved
 * under it (whose foreign keys take key-share locks), so a reply and an edit of its parent never deadlock.
 */
export async function findCommunity(tx: Tx, actor: Actor, communityId: string, lock = false) {
  const { rows } = await tx.execute<CommunityContextRow>(
    sql`select ${communityColumns(actor)} where c.id = ${communityId} ${lock ? sql`for no key update of c` : sql``}`,
  );
  return rows[0] ? toContext(rows[0]) : null;
}

/** What a reply needs of its thread, read with the thread's community by `findThreadCommunity`. */
export interface ThreadOfCommunity {
  id: string;
  community_id: string;
  author_id: string;
  title: string;
  locked_at: Date | null;
  insight_post_id: string | null;
}

/**
 * A thread with its community and the viewer's standing in it, in one read (a reply reads both
 * before it writes), or null when there is no such thread.
 */
export async function findThreadCommunity(
  db: Db,
  actor: Actor,
  threadId: string,
): Promise<{ thread: ThreadOfCommunity; community: CommunityContext } | null> {
  const rows = await namedQuery<
    CommunityContextRow & {
      thread_id: string;
      thread_author_id: string;
      thread_title: string;
      thread_locked_at: Date | null;
      thread_insight_post_id: string | null;
    }
  >(
    db,
    // Named, planned once per connection: every reply reads it (decision 043).
    'communities-thread-community',
    sql`select t.id as thread_id, t.author_id as thread_author_id, t.title as thread_title,
               t.locked_at as thread_locked_at, t.insight_post_id as thread_insight_post_id,
               ${communityColumns(actor)}
          join threads t on t.community_id = c.id
         where t.id = ${threadId}`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    thread: {
      id: row.thread_id,
      community_id: row.id,
      author_id: row.thread_author_id,
      title: row.thread_title,
      locked_at: row.thread_locked_at,
      insight_post_id: row.thread_insight_post_id,
    },
    community: toContext(row),
  };
}

/** The open communities the viewer facilitates, by name: where a thread may move, what they may endorse for. */
export async function facilitatedCommunities(tx: Tx, actor: Actor) {
  const { rows } = await tx.execute<{ id: string; name: string }>(
    sql`select c.id, c.name from community_members m join communities c on c.id = m.community_id
        where m.user_id = ${actor.userId} and m.status = 'active' and m.role = 'facilitator'
          and c.archived_at is null
        order by c.name`,
  );
  return rows;
}

// ─── Community access, for who may hear realtime topics ────────────────────────────────────────

interface AccessRow extends Record<string, unknown> {
  join_policy: CommunityAccess['joinPolicy'];
  owner_kind: CommunityAccess['ownerKind'];
  owner_id: string;
  district_id: string | null;
  archived_at: Date | null;
  status: string | null;
  role: 'facilitator' | 'member' | null;
}

const toAccessOrNull = (row: AccessRow | undefined): CommunityAccess | null =>
  row
    ? {
        joinPolicy: row.join_policy,
        ownerKind: row.owner_kind,
        ownerId: row.owner_id,
        districtId: row.district_id,
        archivedAt: row.archived_at,
        membership: row.status && row.role ? { status: row.status, role: row.role } : null,
      }
    : null;

/** A community (or a thread's community) as the policy needs it, with the viewer's membership. */
export async function loadCommunityAccess(
  tx: Tx,
  userId: string,
  target: { communityId: string } | { threadId: string },
): Promise<CommunityAccess | null> {
  const where =
    'communityId' in target
      ? sql`c.id = ${target.communityId}`
      : sql`c.id = (select t.community_id from threads t where t.id = ${target.threadId})`;
  const { rows } = await tx.execute<AccessRow>(sql`
    select c.join_policy, c.owner_kind, c.owner_id, c.district_id, c.archived_at, m.status, m.role
      from communities c
      left join community_members m on m.community_id = c.id and m.user_id = ${userId}
     where ${where}`);
  return toAccessOrNull(rows[0]);
}
