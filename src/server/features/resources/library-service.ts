import { type SQL, sql } from 'drizzle-orm';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import type { Db } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import { readableBy } from '#server/platform/search-documents.ts';
import type {
  FacetCount,
  LibraryFacets,
  LibraryQuery,
  LibraryResponse,
  LibrarySort,
  SimilarResource,
} from '#shared/contracts/library.ts';
import { RATING_MINIMUMS } from '#shared/contracts/library.ts';
import { type Viewer, visibleSharedSql } from './audience.ts';
import { type ResourceSummaryRow, resourceSummaryColumns, toResourceSummary } from './present.ts';

/**
 * How many matches are read at most, for the facets and for every sort but newest. The library
 * reads the resources' search documents (decision 015): who may find each, its words and its facets
 * as keys, so visibility and every facet filter are conditions of one GIN index. On 500,000
 * resources a broad search (a bare visit to the library, a common word, a common subject) matches
 * most of them, and the cost is reading each match, not counting it. So:
 *
 * - a viewer's documents alone (a browse) are the POOL + 1 newest, walked backwards on the library's
 *   covering index (decision 024, with the words since decision 028); any other set is the first
 *   POOL + 1 matches the GIN index gives, except that relevance, rating and tries order the POOL + 1
 *   newest (so their pages hold still);
 * - facets are counted over the matches, and, for each facet with a choice, over the first POOL + 1
 *   matches of every other filter, each set's keys in one pass;
 * - newest pages walk every match: from the matches in hand when there are at most POOL, else by
 *   walking the documents newest first.
 *
 * When a set is cut the response says so (`facetsApproximate` and `countedWithin`, `sortedWithin`,
 * `totalIsLowerBound`) and the web shows counts as "n+". A search narrow enough to act on (a few
 * words, a facet or two) is under the cut and exact throughout. Newest pages walk every match.
 *
 * 250, not the 1,000 of decision 024: a quarter of the documents read, ranked and counted per set
 * (PostgreSQL CPU per search 7.7 → 4.7 ms on the 5,000-staff network, about a quarter less on the
 * state network), the same bound as site search's 200 (decision 028).
 */
export const POOL = 250;

/**
 * How a set without words is read (decision 038, `setSql` in `findInLibrary`): walked newest first
 * (at most `walk` documents) or from the GIN index, chosen from how many of the newest `sample`
 * resource documents it matches; `walkCost` is what one walked document costs in GIN entries.
 * Sets with words are read from the postings (decision 042) when the library holds at least
 * `postingsFrom` resource documents, and from the GIN index alone below that, where its lists are
 * short (a district's library) and one scan of it is the quicker.
 * Exported for the tests, which force either way.
 */
export const LIBRARY_PLAN = {
  sample: 200,
  walkCost: 5,
  walk: 20_000,
  postingsFrom: 50_000,
  postingsWords: 1,
  postingsFacets: 1,
};

/** The filters a facet stands for; a facet's counts apply every filter but its own. */
const GROUPS = ['kind', 'subject', 'gradeBand', 'alignment', 'licence', 'rating', 'hasTries'] as const;
type Group = (typeof GROUPS)[number];

/**
 * The facet keys one facet's filter asks for (a document matches when it has any of them), or null
 * when nothing is chosen in it. Alignment codes keep the case they were written in and match in any
 * case (their keys are lower case).
 */
function groupKeys(group: Group, query: LibraryQuery): string[] | null {
  const of = (name: string, values: readonly (string | number)[]) =>
    values.length ? [...new Set(values.map((v) => `${name}:${v}`))] : null;
  switch (group) {
    case 'kind':
      return of('kind', query.kind);
    case 'subject':
      return of('subject', query.subject);
    case 'gradeBand':
      return of('grade', query.gradeBand);
    case 'alignment':
      return of(
        'alignment',
        query.alignment.map((a) => a.toLowerCase()),
      );
    case 'licence':
      return of('licence', query.licence);
    case 'rating':
      return query.rating === undefined ? null : [`rating:${query.rating}`];
    case 'hasTries':
      return query.hasTries ? ['tried'] : null;
  }
}

/**
 * The SQL condition of one facet's filter on a search_documents alias `r`, or null when nothing is
 * chosen in it. Every facet is a key of the document's facets, so the filter is an index condition.
 */
function groupFilter(group: Group, query: LibraryQuery): SQL | null {
  const chosen = groupKeys(group, query);
  if (!chosen) return null;
  return chosen.length === 1
    ? sql`r.facets @> ${sql.param(chosen)}::text[]`
    : sql`r.facets && ${sql.param(chosen)}::text[]`;
}

const and = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` and `) : sql`true`);

const badCursor = () => invalidField('/querystring/cursor', 'is not a cursor from this search');

/** A cursor names its sort, so one from another sort cannot silently skip or repeat rows. */
function readCursor(cursor: string, sort: LibrarySort): unknown[] {
  const length = sort === 'newest' ? 2 : 3;
  const parts = decodeCursor(cursor, length, badCursor);
  if (parts[0] !== sort) throw badCursor();
  if (length === 3 && (typeof parts[1] !== 'number' || !Number.isFinite(parts[1]))) throw badCursor();
  return parts;
}

/**
 * The order of each sort, its keyset condition after a cursor, and the key a cursor keeps. Every
 * order ends with the id, so it is total and pages neither repeat nor skip.
 */
function sortSql(sort: LibrarySort, after: unknown[] | null): { key: SQL; order: SQL; after: SQL } {
  const key =
    sort === 'relevance'
      ? sql`pool.rank`
      : sort === 'rating'
        ? sql`coalesce(r.rating, 0)::float8`
        : sort === 'tries'
          ? sql`r.tried_count::float8`
          : sql`0::float8`;
  if (sort === 'newest')
    return { key, order: sql`r.id desc`, after: after ? sql`r.id < ${after[1]}::uuid` : sql`true` };
  return {
    key,
    order: sql`${key} desc, r.id desc`,
    after: after ? sql`(${key}, r.id) < (${after[1]}::float8, ${after[2]}::uuid)` : sql`true`,
  };
}

type FacetRow = { value: string; n: number };
type SearchRow = {
  page: Array<ResourceSummaryRow & { sort_key: number }> | null;
  total: number;
  /** Per set counted: [facet key, count] of every key of its documents. */
  keyCounts: Array<Array<[string, number]> | null>;
  alignment: FacetRow[] | null;
  cut: boolean;
};

/** The facet key prefix of each group, as the resources' document view writes them. */
const PREFIX: Record<Group, string> = {
  kind: 'kind:',
  subject: 'subject:',
  gradeBand: 'grade:',
  alignment: 'alignment:',
  licence: 'licence:',
  rating: 'rating:',
  hasTries: 'tried',
};

/**
 * SQL: a CTE `counts_<set>` with the count of every facet key over the documents of CTE `<set>`, in
 * one pass over their keys. Counting each group apart read every document's keys once per group
 * (five passes over a thousand documents: most of a search's time).
 */
function keyCountsCte(set: string): SQL {
  return sql.raw(`counts_${set} as materialized (select f.key, count(*)::int as n
      from ${set} s cross join lateral unnest(s.facets) as f(key) group by f.key)`);
}

/**
 * SQL: the alignment counts of set `set` (from the documents' lower-case keys counted in
 * `counts_<set>`), the top ones and any chosen, each shown as written by the first counted resource
 * that has it: one look-up per code shown, not one per document counted.
 */
function alignmentCountsSql(set: string, chosen: string[], top: number): SQL {
  return sql`(select json_agg(json_build_object('value', coalesce(w.value, c.code), 'n', c.n) order by c.n desc, c.code)
      from (select substr(k.key, 11) as code, k.n, row_number() over (order by k.n desc, k.key) as rn
              from ${sql.raw(`counts_${set}`)} k where left(k.key, 10) = 'alignment:') c
      left join lateral (
        select a.value from (select s.id from ${sql.raw(set)} s where ('alignment:' || c.code) = any(s.facets) limit 1) s
          join resources f on f.id = s.id cross join lateral unnest(f.alignments) as a(value)
         where lower(a.value) = c.code limit 1) w on true
     where c.rn <= ${top} or c.code = any(${sql.param(chosen.map((v) => v.toLowerCase()))}::text[]))`;
}

/** Splits counted keys into each group's counts, most first (then by value). */
function groupCounts(counted: Array<[string, number]>, group: Group): FacetRow[] {
  const prefix = PREFIX[group];
  return counted
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, n]) => ({ value: key.slice(prefix.length), n }))
    .sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/**
 * What a search found, but the resources' rows: the page's ids, the number of matches and the facet
 * counts. It depends only on the keys the viewer searched with, the query and what the search
 * documents and the resources' ratings and tries say, so it is remembered per (keys, query) under the
 * library's version, which every change to those bumps at commit (migration 0032, decision 028).
 * Each request reads the version with the viewer's keys, in the statement it makes anyway, so a
 * remembered search is used only while nothing it read has changed, on any instance: a changed
 * audience, a new resource or a new rating is searched afresh by everyone at the commit that made
 * it. The rows of the page (names, counts, the viewer's view of the audience) are read afresh on
 * every request.
 */
interface Remembered {
  version: string;
  found: Omit<LibraryResponse, 'data'> & { ids: string[] };
}

/** About this much is remembered per instance (as JSON), least recently used searches forgotten first. */
const CACHE_BYTES = 32 * 1024 * 1024;

const foundCache = cachePerDatabase<Remembered>(
  CACHE_BYTES,
  (entry) => JSON.stringify(entry.found).length + 200,
);

/** A search's key: the keys it was searched with (in any order) and the query (values of a facet in any order). */
function foundKey(
  readers: string[],
  mine: boolean,
  query: LibraryQuery & { q: string | undefined; sort: LibrarySort },
): string {
  const set = (values: readonly (string | number)[]) => [...values].map(String).sort();
  return JSON.stringify([
    set(readers),
    mine,
    query.q ?? null,
    query.sort,
    set(query.kind),
    set(query.subject),
    set(query.gradeBand),
    set(query.alignment),
    set(query.licence),
    query.rating ?? null,
    query.hasTries,
    query.cursor ?? null,
    query.limit,
  ]);
}

/** The library's version is the sum of these rows, each bumped by the connections of one in eight writers (migration 0032). */
const VERSION_KEYS = Array.from({ length: 8 }, (_, n) => `library_version:${n}`);

/**
 * The keys the viewer searches with (as `viewerKeys` in platform/search-documents.ts: everyone signed
 * in, the person, their organizations, their memberships and invitations, read afresh), the
 * library's version (null before migration 0032: nothing is remembered), the words as PostgreSQL
 * reads them (`websearch_to_tsquery`, as text) and the number of resource documents (the statistics
 * of their id index), in one statement.
 */
async function readLibraryViewer(
  db: Db,
  actor: Viewer,
  q: string | undefined,
): Promise<{ version: string | null; keys: string[]; words: string | null; librarySize: number | null }> {
  const [row] = await namedQuery<{
    version: string | null;
    memberships: string[];
    words: string | null;
    size: number | null;
  }>(
    db,
    'library-viewer',
    sql`select (select sum((v.value::text)::bigint)::text from settings v where v.key = any(${sql.param(VERSION_KEYS)}::text[])) as version,
               array(select case m.status when 'active' then 'm:' else 'i:' end || m.community_id
                       from community_members m
                      where m.user_id = ${actor.userId} and m.status in ('active', 'invited')) as memberships,
               case when ${q ?? null}::text is not null then websearch_to_tsquery('english', ${q ?? null}::text)::text end as words,
               (select greatest(c.reltuples, 0)::float8 from pg_class c
                 where c.oid = to_regclass('search_documents_resource_order_idx')) as size`,
  );
  const orgs = [actor.districtId, ...actor.schoolIds, ...actor.networkIds].map((id) => `o:${id}`);
  return {
    version: row?.version ?? null,
    keys: ['*', `u:${actor.userId}`, ...orgs, ...(row?.memberships ?? [])],
    words: row?.words ?? null,
    librarySize: row?.size ?? null,
  };
}

/**
 * The words of a search as the library's postings hold them (decision 042): the lexemes of a query
 * PostgreSQL read as words joined by "and" (`'rubric' & 'feedback'`) or in phrases (`'a' <-> 'b'`,
 * whose order is then checked on each document found), or null for anything else (no words, "or",
 * "not", a prefix or a weight), which is searched on the GIN index as before.
 */
export function postingWords(tsquery: string | null): { lexemes: string[]; phrase: boolean } | null {
  if (!tsquery) return null;
  const lexeme = String.raw`'((?:[^'\\]|'')+)'`;
  const whole = new RegExp(String.raw`^${lexeme}(?: (?:&|<->|<\d+>) ${lexeme})*$`);
  if (!whole.test(tsquery)) return null;
  const lexemes = [...tsquery.matchAll(new RegExp(lexeme, 'g'))].map((m) => m[1].replaceAll("''", "'"));
  return { lexemes: [...new Set(lexemes)], phrase: tsquery.includes('<') };
}

/**
 * The rows of a remembered page, read afresh, in the page's order. Each is checked again against
 * the viewer's keys, as the search checked it: a resource deleted or narrowed between the version's
 * read and this one drops out of the page rather than showing.
 */
async function summariesOf(db: Db, actor: Viewer, ids: string[], readers: string[], mine: boolean) {
  if (!ids.length) return [];
  const findable = mine
    ? sql`d.readers @> ${sql.param(readers)}::text[]`
    : sql`d.readers && ${sql.param(readers)}::text[]`;
  const rows = await namedQuery<ResourceSummaryRow>(
    db,
    mine ? 'library-page-mine' : 'library-page',
    sql`select ${resourceSummaryColumns(actor, 'r')} from resources r
         where r.id = any(${sql.param(ids)}::uuid[]) and r.deleted_at is null
           and exists (select 1 from search_documents d where d.kind = 'resource' and d.id = r.id and ${findable})`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toResourceSummary(row)] : [];
  });
}

/**
 * The broad keys a viewer holds: everyone's (`*`) and their district's networks'. The library's
 * postings (migration 0048) hold every resource's words and facets under these, the keys that may
 * find half a state's library; the viewer's other keys (their own, their school's and district's,
 * their communities') find few resources and are asked of the GIN index.
 */
function broadKeys(actor: Viewer): string[] {
  return ['*', ...actor.networkIds.map((id) => `o:${id}`)];
}

/**
 * Full-text, faceted search of the resources the viewer may see: the page, the number of matches and
 * every facet's counts. A search asked again while nothing it read has changed is answered from
 * memory (`Remembered`), the page's rows read afresh by id; any other is searched (`findInLibrary`).
 */
export async function searchLibrary(args: {
  db: Db;
  actor: Viewer;
  query: LibraryQuery;
}): Promise<LibraryResponse> {
  const { db, actor, query } = args;
  const q = query.q?.trim() || undefined;
  if (query.sort === 'relevance' && !q) throw invalidField('/querystring/sort', 'needs words to search for');
  const sort: LibrarySort = query.sort ?? (q ? 'relevance' : 'newest');
  const after = query.cursor ? readCursor(query.cursor, sort) : null;
  // Who the viewer is to search (their keys, or only their own resources) and the library's version,
  // read together before searching, so what is remembered is never older than its version.
  const { version, keys, words, librarySize } = await readLibraryViewer(db, actor, q);
  const readers = query.mine ? [`u:${actor.userId}`] : keys;
  const key = foundKey(readers, query.mine, { ...query, q, sort });
  const cache = foundCache(db);
  const remembered = cache.get(key);
  if (version !== null && remembered?.version === version) {
    const { ids, ...found } = remembered.found;
    return { ...found, data: await summariesOf(db, actor, ids, readers, Boolean(query.mine)) };
  }
  const broad =
    query.mine || librarySize === null || librarySize < LIBRARY_PLAN.postingsFrom ? [] : broadKeys(actor);
  const response = await findInLibrary({
    db,
    actor,
    query,
    q,
    sort,
    after,
    readers,
    postings: broad.length ? postingWords(words) : null,
    broad,
  });
  const { data, ...rest } = response;
  if (version !== null) cache.set(key, { version, found: { ...rest, ids: data.map((r) => r.id) } });
  return response;
}

/**
 * The search itself, in one statement: the page, the number of matches and every facet's counts.
 * Each set read is bounded (see POOL).
 *
 * Not a prepared statement: its shape changes with the facets chosen, and the best plan changes
 * with how common the words are (the full-text index for a rare word, a walk of the primary key
 * for a common one), which a generic plan cannot know.
 */
async function findInLibrary(args: {
  db: Db;
  actor: Viewer;
  query: LibraryQuery;
  q: string | undefined;
  sort: LibrarySort;
  after: unknown[] | null;
  readers: string[];
  /** The words as the postings hold them, or null to read every set from the GIN index. */
  postings: { lexemes: string[]; phrase: boolean } | null;
  /** The broad keys the viewer holds (`broadKeys`): those the postings are read for. */
  broad: string[];
}): Promise<LibraryResponse> {
  const { actor, query, q, sort, after } = args;
  const tsq = sql`websearch_to_tsquery('english', ${q ?? ''})`;

  // Where every set starts: the resources' search documents (deleted ones have none) the viewer may
  // find (one's own only, with `mine`: a document whose readers hold the viewer's own key), the words.
  const visible = query.mine
    ? sql`r.readers @> ${sql.param(args.readers)}::text[]`
    : readableBy('r', args.readers);
  const base: SQL[] = [sql`r.kind = 'resource'`, visible];
  if (q) base.push(sql`r.search @@ ${tsq}`);

  const filters = new Map<Group, SQL>();
  for (const group of GROUPS) {
    const f = groupFilter(group, query);
    if (f) filters.set(group, f);
  }
  const allFilters = [...base, ...filters.values()];
  const except = (group: Group) => [...base, ...[...filters].filter(([g]) => g !== group).map(([, f]) => f)];
  const facetColumns = sql`r.facets`;

  const s = sortSql(sort, after);
  const limit = query.limit;
  // The matches (bounded), and, for each facet with a choice, the matches of every other filter.
  // A set read from the GIN index is, unless a sort needs the newest POOL (relevance, rating and
  // tries order those, so that their pages hold still), the first POOL + 1 the heap gives instead of
  // every match read and sorted (28,000 documents on 26,000 heap pages for a kind that many have
  // tried, on the state network).
  const facetFilter = (parts: SQL[]) => parts.length > base.length;
  // A set without words is read one of two ways, chosen from the newest `LIBRARY_PLAN.sample`
  // resource documents (read once per search, `recent`) and the number of resource documents (the
  // statistics of their id index): with m of the sample matching, walking newest first to POOL + 1
  // matches reads about sample × (POOL + 1) / m documents, and the GIN index's bitmap holds about
  // m / sample of all of them; a set is walked when the first, weighted by `LIBRARY_PLAN.walkCost`
  // (a walked document costs about five GIN entries), is the smaller. A broad set (a browse, a grade
  // band, a kind, tried) is then a walk of a few thousand documents at most, where its bitmap cost
  // tens of milliseconds on 500,000 resources; a narrow one stays on the GIN index (decision 038).
  // A walk that reaches `LIBRARY_PLAN.walk` documents without POOL + 1 matches (the newest documents
  // were not like the rest) gives way to the GIN index, so no match is missed; a walked set is the
  // newest POOL + 1, as relevance, rating and tries need. Words are checked on the GIN index only:
  // matching a document's stored words costs 5 to 20 µs each (decision 038), more than a walk saves.
  // A set read from the postings (decision 042): the newest `limit` matches (after the cursor's id,
  // for a page), from the postings of each broad key the viewer holds (the range of one term, the
  // first word's or, without words, a facet's with one value chosen, walked newest first, the other
  // words' and facets' terms joined to it by id, stopping at `limit`) and from the GIN index for the
  // viewer's other keys (short: their own, their school's and district's, their communities').
  // Each document found is read once, and who may find it and its facets are checked on it again; a
  // phrase's word order is checked on it too (the postings know words, not positions). Null when the
  // postings cannot answer the set: words they do not hold ("or", "not", prefixes) or, without words,
  // no facet with one value (a browse, or two subjects and nothing else).
  const words = args.postings;
  const usePostings = args.broad.length > 0 && words !== null;
  const narrow = args.readers.filter((key) => !args.broad.includes(key));
  const rank = q ? sql`ts_rank(r.search, ${tsq})::float8` : sql`0::float8`;
  const driverOf = (groups: Group[]) =>
    usePostings &&
    words &&
    words.lexemes.length <= LIBRARY_PLAN.postingsWords &&
    groups.length <= LIBRARY_PLAN.postingsFacets
      ? postingTerm('w', words.lexemes[0])
      : null;
  const postingTerm = (kind: 'w' | 'f', value: string) =>
    sql`library_term(b.key, ${kind}::text, ${value}::text)`;
  const postingSetSql = (groups: Group[], columns: SQL, afterId: unknown, limit: number): SQL | null => {
    const driver = driverOf(groups);
    if (!driver || !words) return null;
    const term = postingTerm;
    const has = (terms: SQL[]) =>
      sql`exists (select 1 from library_postings t where t.resource_id = p.resource_id and t.term ${
        terms.length === 1 ? sql`= ${terms[0]}` : sql`= any(array[${sql.join(terms, sql`, `)}])`
      })`;
    const probes = [
      ...words.lexemes.slice(1).map((l) => has([term('w', l)])),
      ...groups.map((g) => has((groupKeys(g, query) ?? []).map((k) => term('f', k)))),
    ];
    const groupConds = groups.map((g) => groupFilter(g, query) as SQL);
    const before = (column: SQL) => (afterId === null ? sql`true` : sql`${column} < ${afterId}::uuid`);
    const walked = sql`select x.id from unnest(${sql.param(args.broad)}::text[]) b(key)
        cross join lateral (select p.resource_id as id from library_postings p
          where p.term = ${driver} and ${and(probes)} and ${before(sql`p.resource_id`)}
          order by p.resource_id desc limit ${limit}) x`;
    const indexed = narrow.length
      ? sql`union (select r.id from search_documents r
          where r.kind = 'resource' and ${readableBy('r', narrow)} and r.search @@ ${tsq}
            and ${and(groupConds)} and ${before(sql`r.id`)}
          order by r.id desc limit ${limit})`
      : sql``;
    return sql`select ${columns}
        from ((${walked}) ${indexed}) m join search_documents r on r.id = m.id
       where r.kind = 'resource' and ${visible} and ${and(groupConds)} ${words.phrase ? sql`and r.search @@ ${tsq}` : sql``}
       order by r.id desc limit ${limit}`;
  };
  /** The facets a set filters by: all but `without`. */
  const groupsOf = (without: Group | null) => [...filters.keys()].filter((g) => g !== without);
  const setSql = (name: string, columns: SQL, parts: SQL[], pool: boolean, without: Group | null = null) => {
    const ordered = pool || (!q && !facetFilter(parts));
    const fromIndex = (cond: SQL) => sql`select ${columns} from search_documents r
          where ${and(parts)} and ${cond} ${ordered ? sql`order by r.id desc` : sql``} limit ${POOL + 1}`;
    const fromPostings = postingSetSql(groupsOf(without), columns, null, POOL + 1);
    if (fromPostings) return sql`${sql.raw(name)} as materialized (${fromPostings})`;
    if (q) return sql`${sql.raw(name)} as materialized (${fromIndex(sql`true`)})`;
    const walked = sql.raw(`${name}_walk`);
    const { sample, walkCost } = LIBRARY_PLAN;
    return sql`${walked} as materialized (
        select ${columns} from (select r.id, r.kind, r.facets, r.readers from search_documents r
                                 where r.kind = 'resource' order by r.id desc limit ${LIBRARY_PLAN.walk}) r
         where ${and(parts)}
           and (select count(*) from recent r where r.visible and ${and(parts.slice(base.length))})::float8 ^ 2
               * (select n from library_size)
               >= ${sample * sample * (POOL + 1) * walkCost}::float8
         limit ${POOL + 1}),
      ${sql.raw(name)} as materialized (
        (select * from ${walked} where (select count(*) from ${walked}) > ${POOL})
        union all
        (${fromIndex(sql`(select count(*) from ${walked}) <= ${POOL}`)}))`;
  };
  const sets: SQL[] = [];
  if (!q)
    sets.push(
      // Who may find each is checked once, not once per set.
      sql`recent as materialized (select r.facets, ${visible} as visible from search_documents r
            where r.kind = 'resource' order by r.id desc limit ${LIBRARY_PLAN.sample})`,
      sql`library_size as materialized (select greatest(c.reltuples, 0)::float8 as n from pg_class c
            where c.oid = to_regclass('search_documents_resource_order_idx'))`,
    );
  sets.push(setSql('matched', sql`r.id, ${facetColumns}, ${rank} as rank`, allFilters, sort !== 'newest'));
  for (const group of filters.keys())
    sets.push(setSql(`without_${group}`, sql`r.id, ${facetColumns}`, except(group), false, group));

  // Newest walks every match: when they are all in hand the page is taken from them; when there are
  // more, the documents are walked newest first (the kind-and-id index backwards, the filters
  // checked on each, hidden from the GIN index by "is true") until a page is found: at least
  // POOL + 1 match, so a page is near. The other sorts order the pool (the row past POOL only says
  // it was cut).
  const newestPage =
    sort === 'newest' ? postingSetSql(groupsOf(null), sql`r.id`, after ? after[1] : null, limit + 1) : null;
  const page =
    sort === 'newest'
      ? sql`page_ids as (
              (select r.id from matched r where ${s.after} and (select count(*) from matched) <= ${POOL}
                order by r.id desc limit ${limit + 1})
              union all
              (select r.id from ${
                newestPage
                  ? sql`(${newestPage}) r where (select count(*) from matched) > ${POOL}`
                  : sql`search_documents r
                          where r.kind = 'resource' and ${s.after} and (${and(allFilters)}) is true
                            and (select count(*) from matched) > ${POOL}`
              }
                order by r.id desc limit ${limit + 1})),
            page as (
              select ${resourceSummaryColumns(actor, 'r')}, ${s.key} as sort_key
                from page_ids p join resources r on r.id = p.id
               order by r.id desc limit ${limit + 1})`
      : sort === 'relevance'
        ? // The rank is the pool's own: the page is taken from the pool before any resource row is
          // read (a page's rows, not the whole pool's).
          sql`pool as (select m.id, m.rank from matched m order by m.id desc limit ${POOL}),
            ranked as (
              select p.id, p.rank from pool p
               where ${after ? sql`(p.rank, p.id) < (${after[1]}::float8, ${after[2]}::uuid)` : sql`true`}
               order by p.rank desc, p.id desc limit ${limit + 1}),
            page as (
              select ${resourceSummaryColumns(actor, 'r')}, pool.rank as sort_key
                from ranked pool join resources r on r.id = pool.id
               order by pool.rank desc, r.id desc limit ${limit + 1})`
        : sql`pool as (select m.id, m.rank from matched m order by m.id desc limit ${POOL}),
            page as (
              select ${resourceSummaryColumns(actor, 'r')}, ${s.key} as sort_key
                from pool join resources r on r.id = pool.id
               where ${s.after} order by ${s.order} limit ${limit + 1})`;
  // Each set's facet keys are counted once, in one pass; each group's counts come from its set.
  const setName = (group: Group) => (filters.has(group) ? `without_${group}` : 'matched');
  const countedSets = [...new Set(GROUPS.map(setName))];
  const countsOf = (group: Group) => countedSets.indexOf(setName(group));
  for (const set of countedSets) sets.push(keyCountsCte(set));

  // The pool turns JIT off (db/client.ts): compiling this statement took 200 ms to 900 ms on
  // 500,000 resources, against tens of milliseconds to run it.
  const { rows } = await args.db.execute<SearchRow>(sql`
    with ${sql.join([...sets, page], sql`, `)}
    select (select json_agg(page order by ${sort === 'newest' ? sql`page.id desc` : sql`page.sort_key desc, page.id desc`}) from page) as page,
           (select count(*)::int from matched) as total,
           json_build_array(${sql.join(
             countedSets.map((set) =>
               sql.raw(`(select json_agg(json_build_array(k.key, k.n)) from counts_${set} k)`),
             ),
             sql`, `,
           )}) as "keyCounts",
           ${alignmentCountsSql(setName('alignment'), query.alignment, 15)} as alignment,
           ${sql.join(
             [sql`matched`, ...[...filters.keys()].map((g) => sql.raw(`without_${g}`))].map(
               (set) => sql`(select count(*) from ${set}) > ${POOL}`,
             ),
             sql` or `,
           )} as cut`);
  const row = rows[0] as SearchRow;
  const pageRows = (row.page ?? []).slice(0, limit);
  const last = pageRows.at(-1);
  const more = (row.page?.length ?? 0) > limit;
  const cap = (n: number) => Math.min(n, POOL);
  const counts = (list: FacetRow[] | null): FacetCount[] =>
    (list ?? []).map((c) => ({ value: c.value, count: cap(c.n) }));
  const of = (group: Group) => row.keyCounts[countsOf(group)] ?? [];
  const one = (group: Group, key: string) => cap(of(group).find(([k]) => k === key)?.[1] ?? 0);
  const facets: LibraryFacets = {
    kind: counts(groupCounts(of('kind'), 'kind')),
    subject: counts(groupCounts(of('subject'), 'subject')),
    gradeBand: counts(groupCounts(of('gradeBand'), 'gradeBand')),
    alignment: counts(row.alignment),
    licence: counts(groupCounts(of('licence'), 'licence')),
    rating: RATING_MINIMUMS.map((min) => ({ min: Number(min), count: one('rating', `rating:${min}`) })),
    hasTries: one('hasTries', 'tried'),
  };
  return {
    data: pageRows.map(toResourceSummary),
    facets,
    total: cap(row.total),
    totalIsLowerBound: row.total > POOL,
    facetsApproximate: row.cut,
    countedWithin: row.cut ? POOL : null,
    sort,
    sortedWithin: sort !== 'newest' && row.total > POOL ? POOL : null,
    nextCursor:
      more && last
        ? encodeCursor(sort === 'newest' ? [sort, last.id] : [sort, Number(last.sort_key), last.id])
        : null,
  };
}

type SimilarRow = ResourceSummaryRow & { relation: 'remix' | 'source' | null };

/** How many resources "more like this" shows, and how many candidates it scores. */
const SIMILAR_LIMIT = 6;
const SIMILAR_CANDIDATES = 300;

/**
 * "More like this": resources the viewer may see that share words of this one's title and
 * alignments (an OR of its A and B lexemes, ranked by ts_rank) or its alignments, subjects and grade
 * bands. Its remixes and its source stay in, labelled. 404 when the viewer may not see it.
 *
 * Candidates are the newest SIMILAR_CANDIDATES sharing a title word, an alignment, or a subject and
 * a grade band (so a resource with an unusual title still has neighbours); only they are scored.
 */
export async function listSimilarResources(args: {
  db: Db;
  actor: Viewer;
  resourceId: string;
}): Promise<SimilarResource[]> {
  const { actor, resourceId } = args;
  const visible = (alias: string) => visibleSharedSql(actor, alias, { homeShares: true });
  const rows = await namedQuery<{ found: boolean; items: SimilarRow[] | null }>(
    args.db,
    'resources-similar',
    sql`
    with src as materialized (
      select s.id, s.search, s.subjects, s.grade_bands, s.alignments, s.remix_of_id from resources s
       where s.id = ${resourceId}::uuid and s.deleted_at is null and ${visible('s')}
    ),
    terms as materialized (
      -- Lexemes are already normalized: quoted and cast, they are taken as they are. A lexeme with a
      -- quote or backslash (rare) is left out rather than escaped.
      select string_agg('''' || l.lexeme || '''', ' | ')::tsquery as tsq
        from (select distinct u.lexeme from src cross join lateral unnest(src.search) u
               where u.weights && array['A', 'B']::text[]
                 and position('''' in u.lexeme) = 0 and position(chr(92) in u.lexeme) = 0
               limit 40) l
    ),
    candidates as materialized (
      -- "is true" hides the match from the GIN indexes on purpose: an OR of a title's words, or a
      -- subject, matches most of a large library, and building that bitmap costs seconds, while
      -- walking the primary key backwards finds the newest few hundred at once.
      (select r.id from resources r, src, terms
        where r.id <> src.id and r.deleted_at is null
          and (r.search @@ coalesce(terms.tsq, ''::tsquery) or r.alignments && src.alignments
               or (r.subjects && src.subjects and r.grade_bands && src.grade_bands)) is true
          and ${visible('r')}
        order by r.id desc limit ${SIMILAR_CANDIDATES})
      union
      -- Its source and remixes are named on the resource page anyway; keep them within reach.
      (select r.id from resources r, src
        where (r.id = src.remix_of_id or r.remix_of_id = src.id) and r.deleted_at is null
          and ${visible('r')}
        order by r.id desc limit ${SIMILAR_LIMIT})
    ),
    scored as (
      select r.id,
             coalesce(ts_rank(r.search, terms.tsq), 0)
               + 0.3 * cardinality(array(select unnest(r.alignments) intersect select unnest(src.alignments)))
               + 0.1 * cardinality(array(select unnest(r.subjects) intersect select unnest(src.subjects)))
               + 0.1 * cardinality(array(select unnest(r.grade_bands) intersect select unnest(src.grade_bands)))
               as score
        from candidates c join resources r on r.id = c.id, src, terms
       order by score desc, r.id desc
       limit ${SIMILAR_LIMIT}
    )
    select exists (select 1 from src) as found,
           (select json_agg(x order by x.score desc, x.id desc)
              from (select ${resourceSummaryColumns(actor, 'r')}, sc.score,
                           case when r.remix_of_id = src.id then 'remix'
                                when r.id = src.remix_of_id then 'source' end as relation
                      from scored sc join resources r on r.id = sc.id, src) x) as items`,
  );
  const row = rows[0];
  if (!row?.found) throw new NotFoundError('No such resource.');
  return (row.items ?? []).map((r) => ({ ...toResourceSummary(r), relation: r.relation }));
}
