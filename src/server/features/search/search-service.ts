import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { InvalidError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { readableBy, viewerKeys } from '#server/platform/search-documents.ts';
import type {
  CommunityHit,
  PostHit,
  SearchQuery,
  SearchResponse,
  ThreadHit,
} from '#shared/contracts/search.ts';
import { listCollections } from '../collections/index.ts';
import { readableCommunityIds } from '../communities/index.ts';
import { prefixQuery, presentProfile, searchDirectory } from '../profiles/index.ts';
import { searchLibrary } from '../resources/index.ts';
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

/** The filters on thread and reply documents, as SQL on a search_documents alias `d`. */
function contentFilters(query: SearchQuery): SQL {
  const parts: SQL[] = [];
  if (query.communityId) parts.push(sql`and d.community_id = ${query.communityId}`);
  if (query.subject) parts.push(sql`and d.facets @> array[${`subject:${query.subject}`}]::text[]`);
  if (query.gradeBand) parts.push(sql`and d.facets @> array[${`grade:${query.gradeBand}`}]::text[]`);
  if (query.from) parts.push(sql`and d.created_at >= ${query.from}::date`);
  if (query.to) parts.push(sql`and d.created_at < (${query.to}::date + 1)`);
  return sql.join(parts, sql` `);
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

/**
 * Threads (their opening posts: title and words) or replies matching the query that the viewer may
 * read, from their search documents: the POOL most recent matches, ranked, one page. Hidden and
 * deleted posts have no document; who may read is the documents' readers against the viewer's keys.
 */
async function searchContent(
  db: Db,
  keys: string[],
  query: SearchQuery,
  opening: boolean,
  offset: number,
  limit: number,
  pool: number,
): Promise<{ rows: ContentRow[]; more: boolean }> {
  const tsq = sql`websearch_to_tsquery('english', ${query.q})`;
  const { rows } = await db.execute<ContentRow & { rank: number }>(sql`
    with pool as materialized (
      select d.id, d.search, d.created_at from search_documents d
       where ${readableBy('d', keys)}
         and d.search @@ ${tsq}
         and d.kind = ${opening ? 'thread' : 'post'}
         ${contentFilters(query)}
       order by d.id desc
       limit ${pool}
    ),
    ranked as (
      select pool.id, ts_rank(pool.search, ${tsq}) as rank, pool.created_at from pool
       order by rank desc, pool.created_at desc, pool.id
       offset ${offset} limit ${limit + 1}
    )
    select p.id, t.id as thread_id, t.title, t.type, c.id as community_id, c.name as community_name,
           u.id as author_id, u.name as author_name, p.created_at, r.rank,
           ${headline(sql`t.title`, tsq, 'HighlightAll=true')} as title_headline,
           ${headline(htmlText(sql`p.body_html`), tsq)} as body_headline
      from ranked r
      join posts p on p.id = r.id
      join threads t on t.id = p.thread_id
      join communities c on c.id = p.community_id
      join users u on u.id = p.author_id
     order by r.rank desc, r.created_at desc, r.id`);
  return { rows: rows.slice(0, limit), more: rows.length > limit && offset + limit < pool };
}

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

/** Communities the viewer may see whose name, purpose, focus or subjects match, best first. */
async function searchCommunityHits(
  db: Db,
  keys: string[],
  query: SearchQuery,
  offset: number,
  limit: number,
): Promise<{ rows: CommunityRow[]; more: boolean }> {
  const tsq = sql`websearch_to_tsquery('english', ${query.q})`;
  const filters: SQL[] = [];
  if (query.subject) filters.push(sql`and d.facets @> array[${`subject:${query.subject}`}]::text[]`);
  if (query.gradeBand) filters.push(sql`and d.facets @> array[${`grade:${query.gradeBand}`}]::text[]`);
  const { rows } = await db.execute<CommunityRow>(sql`
    with pool as materialized (
      select d.id, ts_rank(d.search, ${tsq}) as rank from search_documents d
       where ${readableBy('d', keys)} and d.search @@ ${tsq} and d.kind = 'community'
             ${sql.join(filters, sql` `)}
       limit ${POOL}
    ),
    ranked as (select id, rank from pool order by rank desc, id offset ${offset} limit ${limit + 1})
    select c.id, c.name, c.kind, c.join_policy, c.member_count, c.subjects, c.grade_bands,
           ${headline(sql`c.name`, tsq, 'HighlightAll=true')} as name_headline,
           ${headline(sql`c.purpose || ' ' || c.student_focus`, tsq)} as purpose_headline
      from ranked r join communities c on c.id = r.id
     order by r.rank desc, r.id`);
  return { rows: rows.slice(0, limit), more: rows.length > limit && offset + limit < POOL };
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
 * as the viewer may see them. With kind "all", the first few of each kind; with one kind, a page of it.
 */
export async function search(args: { db: Db; actor: Actor; query: SearchQuery }): Promise<SearchResponse> {
  const { db, actor, query } = args;
  if (query.from && query.to && query.from > query.to)
    throw invalidField('/querystring/to', 'must not be before from');
  if (query.communityId) await assertReadable(db, actor, query.communityId);
  const all = query.kind === 'all';
  const limit = all ? PER_KIND : query.limit;
  const pool = all ? ALL_POOL : POOL;
  if (all && query.cursor) throw invalidField('/querystring/cursor', 'pages through one kind only');
  // People, resources and collections page with their own keyset cursors; the rest by offset.
  const keyset = query.kind === 'person' || query.kind === 'resource' || query.kind === 'collection';
  const offset = all || keyset ? 0 : decodeOffset(query.cursor);
  const wants = (kind: SearchQuery['kind']) => all || query.kind === kind;
  // Searching within a community, or by date, is about what people wrote: not communities or people.
  const contentOnly = Boolean(query.communityId || query.from || query.to);
  const next = (more: boolean) => (more ? encode({ o: offset + limit }) : null);
  const data: SearchResponse['data'] = {};

  const cursor = all ? undefined : query.cursor;
  const keys = await viewerKeys(db, actor);
  const [threads, posts, communities, people, resources, collections] = await Promise.all([
    wants('thread') ? searchContent(db, keys, query, true, offset, limit, pool) : null,
    wants('post') ? searchContent(db, keys, query, false, offset, limit, pool) : null,
    wants('community') && !contentOnly ? searchCommunityHits(db, keys, query, offset, limit) : null,
    wants('person') && !contentOnly ? searchPeople(db, actor, query, limit) : null,
    wants('resource') && !contentOnly ? searchResources(db, actor, query, cursor, limit) : null,
    wants('collection') && !contentOnly
      ? listCollections({ db, actor, query: { q: query.q, mine: false, cursor, limit } }).catch(
          badCursor('collection'),
        )
      : null,
  ]);
  if (threads) data.threads = { items: threads.rows.map(presentThread), nextCursor: next(threads.more) };
  if (posts) data.posts = { items: posts.rows.map(presentPost), nextCursor: next(posts.more) };
  if (communities)
    data.communities = {
      items: communities.rows.map(presentCommunity),
      nextCursor: next(communities.more),
    };
  if (wants('community') && contentOnly) data.communities = { items: [], nextCursor: null };
  if (people) data.people = people;
  if (wants('person') && contentOnly) data.people = { items: [], nextCursor: null };
  if (wants('resource')) data.resources = resources ?? { items: [], nextCursor: null };
  if (wants('collection'))
    data.collections = collections
      ? { items: collections.data, nextCursor: collections.nextCursor }
      : { items: [], nextCursor: null };
  return { data };
}

/** A cursor another kind's list could not read is this search's bad cursor, named as such. */
const badCursor = (kind: string) => (error: unknown) => {
  if (error instanceof InvalidError)
    throw invalidField('/querystring/cursor', `is not a cursor from this search of ${kind}s`);
  throw error;
};

/**
 * Resources through the library's own search (full text, visibility, ranking), subject and grade
 * band carried over as its facets; the facet counts it also computes are not shown here.
 */
async function searchResources(
  db: Db,
  actor: Actor,
  query: SearchQuery,
  cursor: string | undefined,
  limit: number,
): Promise<NonNullable<SearchResponse['data']['resources']>> {
  const found = await searchLibrary({
    db,
    actor,
    query: {
      q: query.q,
      kind: [],
      subject: query.subject ? [query.subject] : [],
      gradeBand: query.gradeBand ? [query.gradeBand] : [],
      alignment: [],
      licence: [],
      rating: undefined,
      hasTries: false,
      mine: false,
      sort: 'relevance',
      cursor,
      limit,
    },
  }).catch(badCursor('resource'));
  return { items: found.data, nextCursor: found.nextCursor };
}

/** People, through the directory's own search, so each field is matched only where it may be seen. */
async function searchPeople(
  db: Db,
  actor: Actor,
  query: SearchQuery,
  limit: number,
): Promise<NonNullable<SearchResponse['data']['people']>> {
  const after = query.kind === 'person' ? decodePerson(query.cursor) : undefined;
  const rows = await searchDirectory(db, {
    viewerDistrictId: actor.districtId,
    viewerNetworkIds: actor.networkIds,
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
