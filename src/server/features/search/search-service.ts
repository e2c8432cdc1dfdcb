import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import { keysBeyondMemberships, readableBy } from '#server/platform/search-documents.ts';
import type {
  ChangeIdeaHit,
  EventHit,
  CommunityHit,
  PostHit,
  SearchQuery,
  SearchResponse,
  ThreadHit,
} from '#shared/contracts/search.ts';
import { type CollectionRow, collectionColumns, presentCollectionSummary } from '../collections/index.ts';
import { readableCommunityIds } from '../communities/index.ts';
import { visibleEventSql } from '../events/index.ts';
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
 * narrow both to take every path on a few documents. `remember: false` searches afresh every time
 * (measuring tools, to time a search rather than a remembered one).
 */
export const searchTuning: {
  window?: number;
  sparse?: number;
  remember?: boolean;
  /** `false` reads past the window of threads and replies from their GIN index at once, all periods together. */
  periods?: boolean;
  /** How many matches of a kind are ranked at most, for a search of every kind and of one (tests: a few). */
  pool?: number;
  /** How many periods each stage asks (`PERIODS`), for measuring other stages. */
  stages?: number[];
} = {};

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
 * Threads and replies past the window, when their matches are sparse, are asked period by period,
 * newest first, stopping when the pool is full. A period is 14 days of creation time
 * (`search_periods`, migration 0047), and each kind's GIN index holds the period of every document
 * beside who may find it, its facets and its words: asking for a few periods finds only their
 * matches, so a viewer whose communities wrote thousands of matches over the years reads the newest
 * few hundred, not all of them (decision 040). Each stage asks the periods in `PERIODS` (the first
 * also the next one, for a clock a little behind the database's); what is older or newer than them
 * all is read from the same index without periods, only if the stages did not fill the pool.
 */
const PERIOD_SECONDS = 14 * 24 * 3600;
/**
 * Below this many documents (the planner's count of them) periods are not asked: every match of a
 * small network is few, and planning the stages cost more than reading them all (decision 040).
 */
const PERIODS_FROM = 1_000_000;
const PERIODS = [3, 4, 8];

function currentPeriod(): number {
  return Math.floor(Date.now() / 1000 / PERIOD_SECONDS);
}

/** The periods of each stage, newest stage first. */
function periodStages(): number[][] {
  let newest = currentPeriod() + 1;
  return (searchTuning.stages ?? PERIODS).map((count) => {
    const periods = Array.from({ length: count }, (_, n) => newest - n);
    newest -= count;
    return periods;
  });
}

/** The creation times the stages cover, `[from, to)`: the rest is read from the index of every period. */
function periodSpan(): { from: string; to: string } {
  const newest = currentPeriod() + 1;
  const oldest = newest - (searchTuning.stages ?? PERIODS).reduce((a, b) => a + b, 0) + 1;
  const at = (period: number) => new Date(period * PERIOD_SECONDS * 1000).toISOString();
  return { from: at(oldest), to: at(newest + 1) };
}

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
  periods: boolean,
  keys: string[],
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
  const readable = readableBy('d', keys);
  const unindexedReadable = sql`(${readable}) is true`;
  const found = (parts: string[]) =>
    sql.join(
      parts.map((part) => sql`(select count(*) from ${name(part)})`),
      sql` + `,
    );
  // Threads and replies past the window, when sparse: period by period, newest first (`PERIODS`).
  const staging = periods && kind !== 'resource';
  const stages = staging ? periodStages() : [];
  const staged = stages.map((stage, n) => {
    const before = ['recent', ...stages.slice(0, n).map((_, m) => `period_${m}`)];
    return sql`
    ${name(`period_${n}`)} as materialized (
      select d.id, d.search, d.created_at from search_documents d
       where (select count(*) from ${name('recent')}) < ${sparse} and ${found(before)} < ${pool}
         and d.kind = ${kindSql} and (d.id < (select b.id from ${name('bound')} b)) is true
         and ${readable} and search_periods(d.created_at) && ${sql.param(stage)}::int[]
         and d.search @@ ${tsq} ${filters}
       order by d.created_at desc, d.id desc limit ${pool}),`;
  });
  const span = staging ? periodSpan() : null;
  return sql`
    ${name('recent')} as materialized (
      select d.id, d.search, d.created_at from (
        select d.id, d.search, d.created_at, d.readers, d.facets, d.community_id from search_documents d
         where d.kind = ${kindSql} order by d.id desc limit ${window}) d
       where ${readable} and d.search @@ ${tsq} ${filters}
       order by d.id desc limit ${pool}),
    ${name('bound')} as materialized (
      select x.id from search_documents x where x.kind = ${kindSql} order by x.id desc offset ${window - 1} limit 1),
    ${sql.join(staged, sql` `)}
    ${name('pool')} as materialized (
      select * from ${name('recent')}
      ${sql.join(
        stages.map((_, n) => sql`union all select * from ${name(`period_${n}`)}`),
        sql` `,
      )}
      union all
      (select d.id, d.search, d.created_at from search_documents d
        where (select count(*) from ${name('recent')}) < ${sparse}
          ${span ? sql`and ${found(['recent', ...stages.map((_, n) => `period_${n}`)])} < ${pool}` : sql``}
          and d.kind = ${kindSql} and (d.id < (select b.id from ${name('bound')} b)) is true
          ${span ? sql`and (d.created_at < ${span.from}::timestamptz or d.created_at >= ${span.to}::timestamptz)` : sql``}
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

type EventRow = {
  id: string;
  title: string;
  title_headline: string;
  snippet_headline: string;
  starts_at: string | Date;
  ends_at: string | Date;
  time_zone: string;
  place: string;
  created_at: string | Date;
};

type ChangeIdeaRow = {
  id: string;
  change_idea_id: string | null;
  label: string;
  label_headline: string;
  cycle_title: string;
  aim_label: string | null;
  community_id: string;
  community_name: string;
  network_id: string | null;
  created_at: string | Date;
  snippet_headline: string;
};

/** The kinds search finds in its documents (people stay with the directory: decision 004). */
const DOCUMENT_KINDS = [
  'thread',
  'post',
  'community',
  'resource',
  'collection',
  'change_idea',
  'event',
] as const;
type DocumentKind = (typeof DOCUMENT_KINDS)[number];

type Found = {
  thread: ContentRow[] | null;
  post: ContentRow[] | null;
  community: CommunityRow[] | null;
  resource: ResourceSummaryRow[] | null;
  collection: CollectionRow[] | null;
  change_idea: ChangeIdeaRow[] | null;
  event: EventRow[] | null;
};

/** Nothing found yet: every kind asked for an empty list, the others null (not searched). */
function foundNothing(kinds: readonly DocumentKind[]): Found {
  const rows: Found = {
    thread: null,
    post: null,
    community: null,
    resource: null,
    collection: null,
    change_idea: null,
    event: null,
  };
  for (const kind of kinds) rows[kind] = [];
  return rows;
}

/**
 * What a search found of one kind, before any row is read: the ids of one page (`limit + 1`, so the
 * next page is known) in rank order, and how many matches were ranked (at most the pool: when it is
 * full, more may match than were ranked).
 */
type Ranked = { ids: string[]; ranked: number };
type FoundIds = Partial<Record<DocumentKind, Ranked>>;

/** The order of each kind's ranking (and of its page), on an alias `k` with `rank`, `id` (and `created_at`). */
const RANK_ORDER: Record<DocumentKind, SQL> = {
  thread: sql`k.rank desc, k.created_at desc, k.id`,
  post: sql`k.rank desc, k.created_at desc, k.id`,
  community: sql`k.rank desc, k.id`,
  resource: sql`k.rank desc, k.id desc`,
  collection: sql`k.rank desc, k.id desc`,
  change_idea: sql`k.rank desc, k.id desc`,
  event: sql`k.rank desc, k.id desc`,
};

/**
 * Every kind asked for, from the search documents, in one statement (decision 025): per kind, the
 * `pool` newest documents the viewer may find (`readers && keys`) that match the words, chosen by
 * what the newest documents hold (`adaptivePool`), ranked, and the ids of one page of `limit + 1`.
 * Ranking reads at most `pool` documents per kind however common the words are. No row is read
 * here: what is found depends on the documents alone, so it can be remembered under the search
 * version (decision 037), and the rows are read by id afterwards (`showFound`).
 */
async function findDocuments(
  db: Db,
  periods: boolean,
  keys: string[],
  query: SearchQuery,
  kinds: readonly DocumentKind[],
  offset: number,
  limit: number,
  pool: number,
): Promise<FoundIds> {
  if (!kinds.length) return {};
  const tsq = sql`websearch_to_tsquery('english', ${query.q})`;
  const readable = readableBy('d', keys);
  const facetFilter = contentFilters(query, { facetsOnly: true });
  const page = sql`offset ${offset} limit ${limit + 1}`;
  const ctes: SQL[] = [];
  const columns: SQL[] = [];
  const named = (kind: DocumentKind, part: string) => sql.raw(`${kind}_${part}`);

  for (const kind of kinds) {
    let candidates: SQL;
    if (kind === 'thread' || kind === 'post' || kind === 'resource') {
      const content = kind !== 'resource';
      ctes.push(
        adaptivePool(
          kind,
          periods,
          keys,
          tsq,
          content ? contentFilters(query) : facetFilter,
          contentFilters(query, { facetsOnly: !content, unindexed: true }),
          pool,
        ),
      );
      candidates = sql`select p.id, p.search, p.created_at from ${named(kind, 'pool')} p order by p.id desc limit ${pool}`;
    } else if (kind === 'community') {
      // Communities are few (tens of thousands at most): any POOL matches, from their own index.
      candidates = sql`select d.id, d.search, d.created_at from search_documents d
         where ${readable} and d.search @@ ${tsq} and d.kind = 'community' ${facetFilter}
         limit ${POOL}`;
    } else {
      // Collections and adopted change ideas are few and their words are not the posts' words,
      // which decide the planner's guess of how common a word is: in creation order, which no index
      // gives, so their own GIN index is asked instead of walking every one for a word that is
      // common only in posts. A change idea has its cycle's subjects as facets.
      candidates = sql`select d.id, d.search, d.created_at from search_documents d
         where ${readable} and d.search @@ ${tsq} and d.kind = ${sql.raw(`'${kind}'`)}
           ${kind === 'change_idea' || kind === 'event' ? facetFilter : sql``}
         order by d.created_at desc, d.id desc limit ${pool}`;
    }
    ctes.push(sql`
      ${named(kind, 'candidates')} as materialized (${candidates}),
      ${named(kind, 'ranked')} as materialized (
        select k.id, k.rank, k.created_at from (
          select c.id, c.created_at, ts_rank(c.search, ${tsq}) as rank from ${named(kind, 'candidates')} c) k
         order by ${RANK_ORDER[kind]} ${page})`);
    columns.push(sql`json_build_object(
        'ids', (select coalesce(json_agg(k.id order by ${RANK_ORDER[kind]}), '[]') from ${named(kind, 'ranked')} k),
        'ranked', (select count(*) from ${named(kind, 'candidates')})) as ${sql.raw(kind)}`);
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
  const rows = await namedQuery<Record<DocumentKind, Ranked>>(
    db,
    `search-find-${kinds.length === DOCUMENT_KINDS.length ? 'every' : kinds.join('-')}${hasFacets(query) ? '-faceted' : ''}${!periods ? '-unperiodic' : searchTuning.stages ? `-stages-${searchTuning.stages.join('-')}` : ''}`,
    sql`
    with ${sql.join(ctes, sql`, `)}
    select ${sql.join(columns, sql`, `)} where current_schema() is not null`,
  );
  const row = rows[0];
  const found: FoundIds = {};
  for (const kind of kinds) found[kind] = row?.[kind] ?? { ids: [], ranked: 0 };
  return found;
}

/**
 * The rows of what a search found, read afresh by id in one statement of fixed text (every kind's
 * ids an array, empty for a kind not asked): names, titles, counts and headlines as they are now.
 * Each is checked again against the viewer's keys on its document, as the search checked it: a
 * post hidden or a community closed between the version's read and this one (or after the search
 * was remembered) drops out of the page rather than showing, whatever is remembered.
 */
async function showFound(
  db: Db,
  actor: Actor,
  q: string,
  found: FoundIds,
  kinds: readonly DocumentKind[],
  limit: number,
): Promise<{ rows: Found; viewer: SearchViewer }> {
  const result = foundNothing(kinds);
  const tsq = sql`websearch_to_tsquery('english', ${q})`;
  // The page's rows only: the one past it (`limit + 1`) only says whether there is a next page.
  const ids = (kind: DocumentKind) => sql.param((found[kind]?.ids ?? []).slice(0, limit));
  const findable = (kind: DocumentKind) =>
    sql`join search_documents d on d.id = x.id and d.kind = ${sql.raw(`'${kind}'`)}
         and d.readers && (select k.keys from viewer_keys k)`;
  const content = (kind: 'thread' | 'post') => sql`
    ${sql.raw(kind)}_hits as (
      select p.id, t.id as thread_id, t.title, t.type, c.id as community_id, c.name as community_name,
             u.id as author_id, u.name as author_name, p.created_at, x.n,
             ${headline(sql`t.title`, tsq, 'HighlightAll=true')} as title_headline,
             ${headline(htmlText(sql`p.body_html`), tsq)} as body_headline
        from unnest(${ids(kind)}::uuid[]) with ordinality x(id, n)
        ${findable(kind)}
        join posts p on p.id = x.id
        join threads t on t.id = p.thread_id
        join communities c on c.id = p.community_id
        join users u on u.id = p.author_id)`;
  const rows = await namedQuery<Record<DocumentKind, unknown[] | null> & ViewerRow>(
    db,
    'search-show',
    sql`
    with viewer as materialized (${viewerSql(actor)}),
    viewer_keys as materialized (
      select ${sql.param(keysBeyondMemberships(actor))}::text[] || v.memberships as keys from viewer v),
    ${content('thread')}, ${content('post')},
    community_hits as (
      select c.id, c.name, c.kind, c.join_policy, c.member_count, c.subjects, c.grade_bands, x.n,
             ${headline(sql`c.name`, tsq, 'HighlightAll=true')} as name_headline,
             ${headline(sql`c.purpose || ' ' || c.student_focus`, tsq)} as purpose_headline
        from unnest(${ids('community')}::uuid[]) with ordinality x(id, n)
        ${findable('community')}
        join communities c on c.id = x.id),
    resource_hits as (
      select ${resourceSummaryColumns(actor, 'r')}, x.n
        from unnest(${ids('resource')}::uuid[]) with ordinality x(id, n)
        ${findable('resource')}
        join resources r on r.id = x.id),
    collection_hits as (
      select ${collectionColumns(actor)}, x.n
        from unnest(${ids('collection')}::uuid[]) with ordinality x(id, n)
        ${findable('collection')}
        join collections c on c.id = x.id),
    change_idea_hits as (
      select c.id, c.change_idea_id, c.change_idea_label as label, c.title as cycle_title, c.aim_label,
             co.id as community_id, co.name as community_name, c.network_id, c.created_at, x.n,
             ${headline(sql`c.change_idea_label`, tsq, 'HighlightAll=true')} as label_headline,
             ${headline(sql`c.title`, tsq, 'HighlightAll=true')} as snippet_headline
        from unnest(${ids('change_idea')}::uuid[]) with ordinality x(id, n)
        ${findable('change_idea')}
        join inquiry_cycles c on c.id = x.id
        join communities co on co.id = c.community_id),
    event_hits as (
      select e.id, e.title, e.starts_at, e.ends_at, e.time_zone, e.place, e.created_at, x.n,
             ${headline(sql`e.title`, tsq, 'HighlightAll=true')} as title_headline,
             ${headline(sql`e.description`, tsq)} as snippet_headline
        from unnest(${ids('event')}::uuid[]) with ordinality x(id, n)
        ${findable('event')}
        join events e on e.id = x.id)
    select (select v.version from viewer v) as version, (select v.memberships from viewer v) as memberships,
           (select json_agg(h order by h.n) from thread_hits h) as thread,
           (select json_agg(h order by h.n) from post_hits h) as post,
           (select json_agg(h order by h.n) from community_hits h) as community,
           (select json_agg(h order by h.n) from resource_hits h) as resource,
           (select json_agg(h order by h.n) from collection_hits h) as collection,
           (select json_agg(h order by h.n) from change_idea_hits h) as change_idea,
           (select json_agg(h order by h.n) from event_hits h) as event`,
  );
  const row = rows[0];
  for (const kind of kinds) (result as Record<DocumentKind, unknown[]>)[kind] = row?.[kind] ?? [];
  // An event is shown by the calendar's own rule (its audience, organizing it, or registered).
  if (result.event?.length) {
    const { rows: seen } = await db.execute<{ id: string }>(sql`
      select e.id from events e
       where e.id = any(${sql.param(result.event.map((r) => r.id))}::uuid[]) and ${visibleEventSql(actor, 'e', true)}`);
    const visible = new Set(seen.map((r) => r.id));
    result.event = result.event.filter((r) => visible.has(r.id));
  }
  return { rows: result, viewer: searchViewerOf(actor, row) };
}

/**
 * What a search found, remembered per (viewer's keys, query, page) under the search version (decision
 * 037): the ids of a page and how many were ranked, per kind. It depends on the search documents
 * alone (who may find each, its words, facets, community and time), and every insert, update or
 * delete of a document bumps the version in the writer's transaction (migration 0040), so a
 * remembered search is used only while no document has changed, on any instance. The viewer's keys
 * (memberships read afresh) are part of the key. The rows are read afresh either way (`showFound`).
 */
interface Remembered {
  version: string;
  /** The viewer's memberships and invitations it was searched with (their other keys are in the cache key). */
  memberships: string[];
  found: FoundIds;
}

/** About this much is remembered per instance, least recently used searches forgotten first. */
const foundCache = cachePerDatabase<Remembered>(
  16 * 1024 * 1024,
  (entry) => JSON.stringify(entry.found).length + 40 * entry.memberships.length + 200,
);

/** The search version is the sum of these rows, each bumped by the connections of one in eight writers (migration 0040). */
const VERSION_KEYS = Array.from({ length: 8 }, (_, n) => `search_version:${n}`);

/**
 * SQL: the search version (null without migration 0040: nothing is remembered) and the viewer's
 * memberships and invitations as keys (`m:`, `i:`), read afresh, in order.
 */
const viewerSql = (actor: Actor) =>
  sql`select (select sum((v.value::text)::bigint)::text from settings v where v.key = any(${sql.param(VERSION_KEYS)}::text[])) as version,
             array(select case m.status when 'active' then 'm:' else 'i:' end || m.community_id
                     from community_members m
                    where m.user_id = ${actor.userId} and m.status in ('active', 'invited') order by 1) as memberships`;

type ViewerRow = { version: string | null; memberships: string[] | null; documents?: number | null };
type SearchViewer = { version: string | null; memberships: string[]; keys: string[]; periods: boolean };

const searchViewerOf = (actor: Actor, row: ViewerRow | undefined): SearchViewer => {
  const memberships = row?.memberships ?? [];
  return {
    version: row?.version ?? null,
    memberships,
    keys: [...keysBeyondMemberships(actor), ...memberships],
    periods: searchTuning.periods ?? (row?.documents ?? 0) >= PERIODS_FROM,
  };
};

/**
 * The keys the viewer searches with (everyone signed in, the person, their organizations, their
 * memberships and invitations, read afresh) and the search version, in one statement, before
 * searching: what is remembered is never older than its version. With them, how many documents the
 * planner's statistics count (`reltuples`), which decides whether threads and replies are read
 * period by period (`PERIODS_FROM`).
 */
async function readSearchViewer(db: Db, actor: Actor): Promise<SearchViewer> {
  const [row] = await namedQuery<ViewerRow>(
    db,
    'search-viewer',
    sql`select v.*, (select c.reltuples from pg_class c where c.oid = to_regclass('search_documents'))::float8 as documents
          from (${viewerSql(actor)}) v`,
  );
  return searchViewerOf(actor, row);
}

/** Counts of remembered searches answered and searched afresh, per process, for the measuring tools. */
export const searchCacheStats = { hits: 0, misses: 0 };

const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Every kind asked for: what is remembered for the viewer and the query, or a search
 * (`findDocuments`), then the rows read afresh (`showFound`).
 *
 * A remembered search is shown in one statement: the rows of what it found, with the version and the
 * viewer's memberships read in the same snapshot. They are used only if that version is the one the
 * search was remembered under and the memberships are the ones it was searched with (so no document
 * and none of the viewer's keys changed since); otherwise the viewer is read again, searched afresh
 * and shown again. Either way every row is checked against the viewer's keys as they are now.
 */
async function searchDocuments(
  db: Db,
  actor: Actor,
  query: SearchQuery,
  kinds: readonly DocumentKind[],
  offset: number,
  limit: number,
  pool: number,
): Promise<{ rows: Found; found: FoundIds }> {
  const key = JSON.stringify([
    keysBeyondMemberships(actor),
    query.q,
    kinds,
    query.subject ?? null,
    query.gradeBand ?? null,
    query.communityId ?? null,
    query.from ?? null,
    query.to ?? null,
    offset,
    limit,
    pool,
    searchTuning.window ?? null,
    searchTuning.sparse ?? null,
    searchTuning.periods ?? null,
    searchTuning.stages ?? null,
  ]);
  const cache = foundCache(db);
  const remembered = searchTuning.remember === false ? undefined : cache.get(key);
  if (remembered) {
    const shown = await showFound(db, actor, query.q, remembered.found, kinds, limit);
    if (
      shown.viewer.version === remembered.version &&
      sameKeys(shown.viewer.memberships, remembered.memberships)
    ) {
      searchCacheStats.hits++;
      return { rows: shown.rows, found: remembered.found };
    }
  }
  searchCacheStats.misses++;
  const viewer = await readSearchViewer(db, actor);
  const found = await findDocuments(db, viewer.periods, viewer.keys, query, kinds, offset, limit, pool);
  if (viewer.version !== null)
    cache.set(key, { version: viewer.version, memberships: viewer.memberships, found });
  if (!kinds.some((kind) => found[kind]?.ids.length)) return { rows: foundNothing(kinds), found };
  const { rows } = await showFound(db, actor, query.q, found, kinds, limit);
  return { rows, found };
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

const presentChangeIdea = (r: ChangeIdeaRow): ChangeIdeaHit => ({
  id: r.id,
  changeIdeaId: r.change_idea_id,
  label: r.label,
  labelHtml: markHtml(r.label_headline),
  cycleTitle: r.cycle_title,
  aimLabel: r.aim_label,
  community: { id: r.community_id, name: r.community_name },
  networkId: r.network_id,
  createdAt: iso(r.created_at),
  snippetHtml: markHtml(r.snippet_headline),
});

const presentEvent = (r: EventRow): EventHit => ({
  id: r.id,
  title: r.title,
  titleHtml: markHtml(r.title_headline),
  snippetHtml: markHtml(r.snippet_headline),
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  timeZone: r.time_zone,
  place: r.place,
  createdAt: iso(r.created_at),
});

/** Whether the viewer may read the community's content; 404 otherwise, whether or not it exists. */
async function assertReadable(db: Db, actor: Actor, communityId: string): Promise<void> {
  const { rows } = await db.execute(sql`
    select 1 from communities c where c.id = ${communityId} and c.id in (${readableCommunityIds(actor)})`);
  if (rows.length === 0) throw new NotFoundError('No such community.');
}

/**
 * One search box over threads, replies, communities, people, resources, collections and adopted
 * change ideas, each only as the viewer may see them. With kind "all", the first few of each kind;
 * with one kind, a page of it. Every kind but people is one statement over the search documents (decision 025); people are
 * the directory's search, asked at the same time.
 */
export async function search(args: { db: Db; actor: Actor; query: SearchQuery }): Promise<SearchResponse> {
  const { db, actor, query } = args;
  if (query.from && query.to && query.from > query.to)
    throw invalidField('/querystring/to', 'must not be before from');
  const all = query.kind === 'all';
  const limit = all ? PER_KIND : query.limit;
  const pool = searchTuning.pool ?? (all ? ALL_POOL : POOL);
  if (all && query.cursor) throw invalidField('/querystring/cursor', 'pages through one kind only');
  // People page with the directory's keyset cursor; the other kinds by offset within their pool.
  const offset = all || query.kind === 'person' ? 0 : decodeOffset(query.cursor);
  const wants = (kind: SearchQuery['kind']) => all || query.kind === kind;
  // Searching within a community, or by date, is about what people wrote: not communities or people.
  const contentOnly = Boolean(query.communityId || query.from || query.to);
  const kinds = DOCUMENT_KINDS.filter(
    (kind) => wants(kind) && (kind === 'thread' || kind === 'post' || !contentOnly),
  );

  const [{ rows: found, found: ranked }, people] = await Promise.all([
    (async () => {
      if (query.communityId) await assertReadable(db, actor, query.communityId);
      return searchDocuments(db, actor, query, kinds, offset, limit, pool);
    })(),
    wants('person') && !contentOnly ? searchPeople(db, actor, query, limit) : null,
  ]);

  const poolOf = (kind: DocumentKind) => (kind === 'community' ? POOL : pool);
  // A kind whose pool filled ranked only its newest `pool` matches: more may match, and the page
  // says so (`rankedWithin`) rather than passing the ranked ones off as all there are.
  const page = <R, T>(kind: DocumentKind, rows: R[] | null, present: (row: R) => T) =>
    rows
      ? {
          items: rows.slice(0, limit).map(present),
          nextCursor:
            (ranked[kind]?.ids.length ?? 0) > limit && offset + limit < pool
              ? encode({ o: offset + limit })
              : null,
          ...((ranked[kind]?.ranked ?? 0) >= poolOf(kind) ? { rankedWithin: poolOf(kind) } : {}),
        }
      : { items: [], nextCursor: null };
  const data: SearchResponse['data'] = {};
  if (wants('thread')) data.threads = page('thread', found.thread, presentThread);
  if (wants('post')) data.posts = page('post', found.post, presentPost);
  if (wants('community')) data.communities = page('community', found.community, presentCommunity);
  if (wants('person')) data.people = people ?? { items: [], nextCursor: null };
  if (wants('resource')) data.resources = page('resource', found.resource, toResourceSummary);
  if (wants('collection')) data.collections = page('collection', found.collection, presentCollectionSummary);
  if (wants('change_idea')) data.changeIdeas = page('change_idea', found.change_idea, presentChangeIdea);
  if (wants('event')) data.events = page('event', found.event, presentEvent);
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
