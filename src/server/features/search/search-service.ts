import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import { readableBy, viewerKeys } from '#server/platform/search-documents.ts';
import type {
  CommunityHit,
  PostHit,
  SearchQuery,
  SearchResponse,
  ThreadHit,
} from '#shared/contracts/search.ts';
import { type CollectionRow, collectionColumns, presentCollectionSummary } from '../collections/index.ts';
import { readableCommunityIds } from '../communities/index.ts';
import { cachedDirectoryPage, prefixQuery, presentProfile } from '../profiles/index.ts';
import { type ResourceSummaryRow, resourceSummaryColumns, toResourceSummary } from '../resources/index.ts';
import { headline, htmlText, markHtml } from './snippet.ts';

/** How many of each kind a search of every kind shows ("see all" pages through one kind). */
const PER_KIND = 5;
/**
 * How many matching threads or posts are ranked at most: the most recent POOL matches in the
 * communities the viewer may read. A common word can match a large share of millions of posts, and
 * ranking (and sorting) costs in proportion to what is ranked; recency bounds the work and keeps
 * what is found current. Pages go no deeper than the pool.
 *
 * Recency is the order of document ids (a post's uuidv7: time-ordered), so for a common word
 * PostgreSQL walks the documents' (kind, id) index backwards and stops at the POOL-th match the
 * viewer may read, while for a rare word it takes the few matches from the GIN index on readers and
 * words and sorts them; the planner picks by how common the words are and how much the viewer may
 * read (decision 015).
 */
export const POOL = 200;
/** The pool of a search of every kind, which shows only the best few of each. */
const ALL_POOL = 50;

type OffsetCursor = { o: number };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('/querystring/cursor', 'is not a cursor from this search');
  }
}

function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const c = decode(cursor) as OffsetCursor;
  if (!c || typeof c !== 'object' || !Number.isInteger(c.o) || c.o < 0 || c.o > POOL)
    throw invalidField('/querystring/cursor', 'is not a cursor from this search');
  return c.o;
}

/** People are a keyset list (the directory's rank, then id), paged like every other keyset list. */
function decodePerson(cursor: string | undefined): { key: number; id: string } | undefined {
  if (!cursor) return undefined;
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor from this search');
  const [key, id] = decodeCursor(cursor, 2, bad) as [unknown, string];
  if (typeof key !== 'number' || !Number.isFinite(key)) throw bad();
  return { key, id };
}

const iso = (v: string | Date) => new Date(v).toISOString();

/**
 * The filters on thread and reply documents (resources: `facetsOnly`), as SQL on a search_documents
 * alias `d`. With `unindexed`, each is written so that no index can answer it, which leaves walking
 * the documents newest first as the only plan (`adaptivePool`). The text is the same whatever is
 * asked but whether facets are (`hasFacets`), so the search is one prepared statement per set of
 * kinds and that: the facets are one array, and a community or date not asked for is a null that
 * passes every document. No facets is no condition rather than an empty array: `facets @> '{}'`
 * made a kind's GIN index read every entry of its facets column (1.5 s for replies on the state
 * network).
 */
function contentFilters(
  query: SearchQuery,
  options: { facetsOnly?: boolean; unindexed?: boolean } = {},
): SQL {
  const facets: string[] = [];
  if (query.subject) facets.push(`subject:${query.subject}`);
  if (query.gradeBand) facets.push(`grade:${query.gradeBand}`);
  const parts: SQL[] = [];
  if (facets.length)
    parts.push(
      options.unindexed
        ? sql`and (d.facets @> ${sql.param(facets)}::text[]) is true`
        : sql`and d.facets @> ${sql.param(facets)}::text[]`,
    );
  if (!options.facetsOnly) {
    parts.push(sql`and (${query.communityId ?? null}::uuid is null or d.community_id = ${query.communityId ?? null}::uuid)
      and (${query.from ?? null}::date is null or d.created_at >= ${query.from ?? null}::date)
      and (${query.to ?? null}::date is null or d.created_at < (${query.to ?? null}::date + 1))`);
  }
  return sql.join(parts, sql` `);
}

const hasFacets = (query: SearchQuery) => Boolean(query.subject || query.gradeBand);

/**
 * Overrides of how many of a kind's newest documents a search reads first, before choosing how to
 * go on (`adaptivePool`), and of below how many matches in it the rest are sparse (`SPARSE`). Tests
 * narrow both to take every path on a few documents.
 */
export const searchTuning: { window?: number; sparse?: number } = {};

/**
 * How each kind reads past its window of 1,000 newest documents (`adaptivePool`): below how many
 * matches found in it the rest are sparse. Resources: a tenth of the pool (decision 025). Threads and
 * replies: reading every match from the GIN index costs in proportion to share × documents, walking
 * on to pool / share, so the GIN index wins below a share of about √(pool / documents), with documents
 * as a large network holds them (the state network: 1,000,000 threads, 4,000,000 replies). Measured
 * there, this balance held the slowest searches lowest of those tried: weighing in that a walked reply
 * costs a twelfth of a reply read from the GIN index sent more searches walking, and a viewer who may
 * read little then walked 1.3 s for `lesson` (decision 032). A wrong guess of the size moves the
 * choice by its square root; a small network is cheap either way.
 */
const WINDOW = 1000;
const SPARSE = {
  resource: (pool: number) => Math.ceil(pool / 10),
  thread: (pool: number) => Math.ceil(WINDOW * Math.sqrt(pool / 1_000_000)),
  post: (pool: number) => Math.ceil(WINDOW * Math.sqrt(pool / 4_000_000)),
};

/**
 * SQL: CTEs naming `<kind>_pool`, the `pool` newest documents of a kind (threads, replies,
 * resources) that the viewer may find and that match, chosen by what the newest documents hold
 * rather than by the planner's guess. The planner guesses how common words are, how much a viewer may
 * read and how many documents a subject or grade band leaves from the whole table, as if they were
 * independent: it read a bitmap of 46,309 resources for `lesson` where walking 600 would have done
 * (decision 025), and walked millions of replies newest first for a subject none of the viewer's
 * communities has (decision 032).
 *
 * 1. Walk the window (`WINDOW`) of the newest documents of the kind, keeping the matches
 *    the viewer may find (it stops as soon as `pool` are found).
 * 2. If fewer than `pool` were found, go on past the window: where the window held fewer matches
 *    than `SPARSE` says, they are sparse and the kind's GIN index
 *    (who may find it, facets, words) reads them all for less than a walk would (ordered by
 *    creation, which no index gives, so the planner cannot walk instead); otherwise they are dense
 *    enough that walking on (with conditions no index can answer) stops soon.
 *
 * Which way is taken never changes what is found, only what it costs.
 */
function adaptivePool(
  kind: 'resource' | 'thread' | 'post',
  readable: SQL,
  unindexedReadable: SQL,
  tsq: SQL,
  filters: SQL,
  unindexedFilters: SQL,
  pool: number,
): SQL {
  const name = (part: string) => sql.raw(`${kind}_${part}`);
  // A literal, not a parameter: each kind's GIN index is partial on it, which a generic plan of a
  // parameter could not use.
  const kindSql = sql.raw(`'${kind}'`);
  const window = searchTuning.window ?? WINDOW;
  const sparse = searchTuning.sparse ?? SPARSE[kind](pool);
  return sql`
    ${name('recent')} as materialized (
      select d.id, d.search, d.created_at from (
        select d.id, d.search, d.created_at, d.readers, d.facets, d.community_id from search_documents d
         where d.kind = ${kindSql} order by d.id desc limit ${window}) d
       where ${readable} and d.search @@ ${tsq} ${filters}
       order by d.id desc limit ${pool}),
    ${name('bound')} as materialized (
      select x.id from search_documents x where x.kind = ${kindSql} order by x.id desc offset ${window - 1} limit 1),
    ${name('pool')} as materialized (
      select * from ${name('recent')}
      union all
      (select d.id, d.search, d.created_at from search_documents d
        where (select count(*) from ${name('recent')}) < ${sparse}
          and d.kind = ${kindSql} and (d.id < (select b.id from ${name('bound')} b)) is true
          and ${readable} and d.search @@ ${tsq} ${filters}
        order by d.created_at desc, d.id desc limit ${pool})
      union all
      (select d.id, d.search, d.created_at from search_documents d
        where (select count(*) from ${name('recent')}) between ${sparse} and ${pool - 1}
          and d.kind = ${kindSql} and d.id < (select b.id from ${name('bound')} b)
          and ${unindexedReadable} and (d.search @@ ${tsq}) is true ${unindexedFilters}
        order by d.id desc limit ${pool}))`;
}

type ContentRow = {
  id: string;
  thread_id: string;
  title: string;
  title_headline: string;
  type: string;
  community_id: string;
  community_name: string;
  author_id: string;
  author_name: string;
  created_at: string;
  body_headline: string;
};

type CommunityRow = {
  id: string;
  name: string;
  name_headline: string;
  kind: string;
  join_policy: string;
  member_count: number;
  subjects: string[];
  grade_bands: string[];
  purpose_headline: string;
};

/** The kinds search finds in its documents (people stay with the directory: decision 004). */
const DOCUMENT_KINDS = ['thread', 'post', 'community', 'resource', 'collection'] as const;
type DocumentKind = (typeof DOCUMENT_KINDS)[number];

type Found = {
  thread: ContentRow[] | null;
  post: ContentRow[] | null;
  community: CommunityRow[] | null;
  resource: ResourceSummaryRow[] | null;
  collection: CollectionRow[] | null;
};

/**
 * Every kind asked for, from the search documents, in one statement (decision 025): per kind, the
 * `pool` newest documents the viewer may find (`readers && keys`) that match the words (an index
 * range walked backwards for a common word, or a GIN index for a rare one, as the planner sees from
 * the keys and words in hand), ranked, one page of `limit + 1`, then joined to the rows it shows.
 * Ranking reads at most `pool` documents per kind however common the words are. Hidden, deleted or
 * withdrawn rows have no document, and a changed audience changed the document's readers, in the
 * transaction that made the change.
 */
async function searchDocuments(
  db: Db,
  actor: Actor,
  keys: string[],
  query: SearchQuery,
  kinds: readonly DocumentKind[],
  offset: number,
  limit: number,
  pool: number,
): Promise<Found> {
  const found: Found = { thread: null, post: null, community: null, resource: null, collection: null };
  if (!kinds.length) return found;
  const tsq = sql`websearch_to_tsquery('english', ${query.q})`;
  const readable = readableBy('d', keys);
  const unindexedReadable = sql`(${readable}) is true`;
  const facetFilter = contentFilters(query, { facetsOnly: true });
  const page = sql`offset ${offset} limit ${limit + 1}`;
  const ctes: SQL[] = [];
  const columns: SQL[] = [];
  const named = (kind: DocumentKind, part: string) => sql.raw(`${kind}_${part}`);

  for (const kind of kinds) {
    if (kind === 'thread' || kind === 'post') {
      ctes.push(
        adaptivePool(
          kind,
          readable,
          unindexedReadable,
          tsq,
          contentFilters(query),
          contentFilters(query, { unindexed: true }),
          pool,
        ),
      );
      ctes.push(sql`
        ${named(kind, 'ranked')} as materialized (
          select k.id, ts_rank(k.search, ${tsq}) as rank, k.created_at from (
            select * from ${named(kind, 'pool')} p order by p.id desc limit ${pool}) k
           order by rank desc, k.created_at desc, k.id ${page}),
        ${named(kind, 'hits')} as (
          select p.id, t.id as thread_id, t.title, t.type, c.id as community_id, c.name as community_name,
                 u.id as author_id, u.name as author_name, p.created_at, r.rank,
                 ${headline(sql`t.title`, tsq, 'HighlightAll=true')} as title_headline,
                 ${headline(htmlText(sql`p.body_html`), tsq)} as body_headline
            from ${named(kind, 'ranked')} r
            join posts p on p.id = r.id
            join threads t on t.id = p.thread_id
            join communities c on c.id = p.community_id
            join users u on u.id = p.author_id)`);
      columns.push(sql`(select json_agg(h order by h.rank desc, h.created_at desc, h.id)
                          from ${named(kind, 'hits')} h) as ${sql.raw(kind)}`);
    } else if (kind === 'community') {
      // Communities are few (tens of thousands at most): any POOL matches, from their own index.
      ctes.push(sql`
        community_ranked as materialized (
          select k.id, k.rank from (
            select d.id, ts_rank(d.search, ${tsq}) as rank from search_documents d
             where ${readable} and d.search @@ ${tsq} and d.kind = 'community' ${facetFilter}
             limit ${POOL}) k
           order by k.rank desc, k.id ${page}),
        community_hits as (
          select c.id, c.name, c.kind, c.join_policy, c.member_count, c.subjects, c.grade_bands, r.rank,
                 ${headline(sql`c.name`, tsq, 'HighlightAll=true')} as name_headline,
                 ${headline(sql`c.purpose || ' ' || c.student_focus`, tsq)} as purpose_headline
            from community_ranked r join communities c on c.id = r.id)`);
      columns.push(sql`(select json_agg(h order by h.rank desc, h.id) from community_hits h) as community`);
    } else {
      // Resources and collections: the newest matches, ranked, each shown as its own feature shows it.
      // Collections are few and their words are not the posts' words, which decide the planner's
      // guess of how common a word is: in creation order, which no index gives, so their own GIN
      // index is asked instead of walking every collection for a word that is common only in posts.
      const resource = kind === 'resource';
      const candidates = resource
        ? sql`select * from ${named(kind, 'pool')} p order by p.id desc limit ${pool}`
        : sql`select d.id, d.search from search_documents d
               where ${readable} and d.search @@ ${tsq} and d.kind = ${sql.raw(`'${kind}'`)}
               order by d.created_at desc, d.id desc limit ${pool}`;
      if (resource)
        ctes.push(
          adaptivePool(
            'resource',
            readable,
            unindexedReadable,
            tsq,
            facetFilter,
            contentFilters(query, { facetsOnly: true, unindexed: true }),
            pool,
          ),
        );
      ctes.push(sql`
        ${named(kind, 'ranked')} as materialized (
          select k.id, ts_rank(k.search, ${tsq}) as rank from (${candidates}) k
           order by rank desc, k.id desc ${page}),
        ${named(kind, 'hits')} as (
          select ${resource ? resourceSummaryColumns(actor, 'r') : collectionColumns(actor)}, k.rank
            from ${named(kind, 'ranked')} k
            join ${resource ? sql`resources r on r.id = k.id` : sql`collections c on c.id = k.id`})`);
      columns.push(sql`(select json_agg(h order by h.rank desc, h.id desc)
                          from ${named(kind, 'hits')} h) as ${sql.raw(kind)}`);
    }
  }

  // current_schema() is one of the functions PostgreSQL runs only in the process that plans the
  // statement, so no part of a search is handed to parallel workers: a walk past the window was
  // planned as a parallel scan, and starting its workers cost 60 ms even when a one-time filter then
  // skipped it (decision 032); under many searches at once the workers would take the cores that the
  // other searches need.
  //
  // Its text is fixed per set of kinds and facets (everything asked is a parameter), so it is a named
  // prepared statement, built once per process. PostgreSQL still plans it for the values in hand: a
  // plan forced generic ran slower on the state network at low load (decision 032).
  const rows = await namedQuery<Record<DocumentKind, unknown[] | null>>(
    db,
    `search-${kinds.length === DOCUMENT_KINDS.length ? 'every' : kinds.join('-')}${hasFacets(query) ? '-faceted' : ''}`,
    sql`
    with ${sql.join(ctes, sql`, `)}
    select ${sql.join(columns, sql`, `)} where current_schema() is not null`,
  );
  const row = rows[0];
  for (const kind of kinds) (found as Record<DocumentKind, unknown[]>)[kind] = row?.[kind] ?? [];
  return found;
}

const presentThread = (r: ContentRow): ThreadHit => ({
  id: r.thread_id,
  title: r.title,
  titleHtml: markHtml(r.title_headline),
  type: r.type,
  community: { id: r.community_id, name: r.community_name },
  author: { id: r.author_id, name: r.author_name },
  createdAt: iso(r.created_at),
  snippetHtml: markHtml(r.body_headline, { fromHtml: true }),
});

const presentPost = (r: ContentRow): PostHit => ({
  id: r.id,
  thread: { id: r.thread_id, title: r.title },
  community: { id: r.community_id, name: r.community_name },
  author: { id: r.author_id, name: r.author_name },
  createdAt: iso(r.created_at),
  snippetHtml: markHtml(r.body_headline, { fromHtml: true }),
});

const presentCommunity = (r: CommunityRow): CommunityHit => ({
  id: r.id,
  name: r.name,
  nameHtml: markHtml(r.name_headline),
  kind: r.kind,
  joinPolicy: r.join_policy,
  memberCount: r.member_count,
  subjects: r.subjects ?? [],
  gradeBands: r.grade_bands ?? [],
  snippetHtml: markHtml(r.purpose_headline),
});

/** Whether the viewer may read the community's content; 404 otherwise, whether or not it exists. */
async function assertReadable(db: Db, actor: Actor, communityId: string): Promise<void> {
  const { rows } = await db.execute(sql`
    select 1 from communities c where c.id = ${communityId} and c.id in (${readableCommunityIds(actor)})`);
  if (rows.length === 0) throw new NotFoundError('No such community.');
}

/**
 * One search box over threads, replies, communities, people, resources and collections, each only
 * as the viewer may see them. With kind "all", the first few of each kind; with one kind, a page of
 * it. Every kind but people is one statement over the search documents (decision 025); people are
 * the directory's search, asked at the same time.
 */
export async function search(args: { db: Db; actor: Actor; query: SearchQuery }): Promise<SearchResponse> {
  const { db, actor, query } = args;
  if (query.from && query.to && query.from > query.to)
    throw invalidField('/querystring/to', 'must not be before from');
  const all = query.kind === 'all';
  const limit = all ? PER_KIND : query.limit;
  const pool = all ? ALL_POOL : POOL;
  if (all && query.cursor) throw invalidField('/querystring/cursor', 'pages through one kind only');
  // People page with the directory's keyset cursor; the other kinds by offset within their pool.
  const offset = all || query.kind === 'person' ? 0 : decodeOffset(query.cursor);
  const wants = (kind: SearchQuery['kind']) => all || query.kind === kind;
  // Searching within a community, or by date, is about what people wrote: not communities or people.
  const contentOnly = Boolean(query.communityId || query.from || query.to);
  const kinds = DOCUMENT_KINDS.filter(
    (kind) => wants(kind) && (kind === 'thread' || kind === 'post' || !contentOnly),
  );

  const [found, people] = await Promise.all([
    (async () => {
      const [keys] = await Promise.all([
        viewerKeys(db, actor),
        query.communityId ? assertReadable(db, actor, query.communityId) : null,
      ]);
      return searchDocuments(db, actor, keys, query, kinds, offset, limit, pool);
    })(),
    wants('person') && !contentOnly ? searchPeople(db, actor, query, limit) : null,
  ]);

  const page = <R, T>(rows: R[] | null, present: (row: R) => T) =>
    rows
      ? {
          items: rows.slice(0, limit).map(present),
          nextCursor: rows.length > limit && offset + limit < pool ? encode({ o: offset + limit }) : null,
        }
      : { items: [], nextCursor: null };
  const data: SearchResponse['data'] = {};
  if (wants('thread')) data.threads = page(found.thread, presentThread);
  if (wants('post')) data.posts = page(found.post, presentPost);
  if (wants('community')) data.communities = page(found.community, presentCommunity);
  if (wants('person')) data.people = people ?? { items: [], nextCursor: null };
  if (wants('resource')) data.resources = page(found.resource, toResourceSummary);
  if (wants('collection')) data.collections = page(found.collection, presentCollectionSummary);
  return { data };
}

/** People, through the directory's own search, so each field is matched only where it may be seen. */
async function searchPeople(
  db: Db,
  actor: Actor,
  query: SearchQuery,
  limit: number,
): Promise<NonNullable<SearchResponse['data']['people']>> {
  const after = query.kind === 'person' ? decodePerson(query.cursor) : undefined;
  // The directory's cache, kept by its data version (decision 005): a repeated search of people
  // is not searched again until a profile, account, school or network change is committed.
  const rows = await cachedDirectoryPage(db, {
    viewerDistrictId: actor.districtId,
    viewerNetworkIds: [...actor.networkIds].sort(),
    q: { text: query.q, prefix: prefixQuery(query.q) },
    subject: query.subject,
    gradeBand: query.gradeBand,
    after,
    limit,
  });
  const { shown, nextCursor } = keysetPage(rows, limit, (row) => [Number(row.sort_key), row.id]);
  return {
    items: shown.map((row) =>
      presentProfile(
        row,
        row.id === actor.userId ? 'self' : row.district_id === actor.districtId ? 'district' : 'network',
      ),
    ),
    nextCursor,
  };
}
