import { type SQL, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { Db } from '#server/db/client.ts';
import { namedQuery, runNamed, statementOf } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { invalidField } from '#server/platform/errors.ts';
import { type FeedCandidate, type FeedEntry, feedItemKind, shownSql } from '#server/platform/feed-items.ts';
import type { FeedQuery, FeedResponse } from '#shared/contracts/feed.ts';
import { openInScopeSql } from '../communities/index.ts';
import { homeOrgIds } from '../resources/index.ts';
import { feedPageCache, feedPageCounts } from './page-cache.ts';

type Cursor = { stored: string; id: string };

function readFeedCursor(cursor: string): Cursor {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor from this feed');
  const [stored, id] = decodeCursor(cursor, 2, bad) as [unknown, string];
  // The stored time exactly as PostgreSQL writes it (microseconds), so no item is skipped or repeated.
  if (
    typeof stored !== 'string' ||
    !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(stored)
  )
    throw bad();
  return { stored, id };
}

type Row = {
  audience_id: string;
  statement_id: string;
  stored: Date | string;
  stored_key: string;
  kind: string;
  verb: string;
  actor_id: string | null;
  community_id: string | null;
  object_type: string;
  object_id: string;
  seen_at: string | Date | null;
  unread: boolean;
  /** What the item's kind shows of it (its `shown`), for the candidates a page shows; null when dropped. */
  shown: unknown;
};

/** The statement of a feed page (decision 020, 036): the viewer's ranges merged, cut at the budget. */
function pageQuery(actor: Actor, limit: number, from: Cursor): SQL {
  const budget = limit * 2 + 1;
  const before = sql`and (f.stored, f.statement_id) < (${from.stored}::timestamptz, ${from.id}::uuid)`;
  // One range of the audience index per audience, newest first, cut at `limit`: who did it and where
  // is all it filters on, from the index alone. `a` is a row of `audiences`; a followed person's
  // items are kept only where the viewer may read their community, checked on each item's community
  // (its primary key) rather than by listing every community the viewer may read (decision 036).
  // The rule is readableCommunitySql's: an active membership, or open and in scope. The viewer's
  // active memberships are the audiences already listed, so they are asked there and only the rest
  // of the rule of the row: no membership probe per item (decision 043). (Its schools and district
  // are listed there too, as ids no community has.)
  const range = (cut: SQL, where = sql``) => sql`
    select f.stored, f.statement_id
      from feed_items f
     where f.audience_id = a.id and f.actor_id is distinct from ${actor.userId}::uuid ${where} ${before}
       and (not a.followed or f.community_id is null
            or f.community_id in (select am.id from audiences am where not am.followed)
            or exists (select 1 from communities rc where rc.id = f.community_id and ${openInScopeSql(actor, 'rc')}))
     order by f.stored desc, f.statement_id desc
     limit ${cut}`;
  return sql`
    -- The viewer's audiences: each community they are an active member of, each person they follow,
    -- their schools and district.
    with audiences as materialized (
      select m.community_id as id, false as followed from community_members m
       where m.user_id = ${actor.userId} and m.status = 'active'
      union all
      select fo.followee_id, true from follows fo where fo.follower_id = ${actor.userId}
      union all
      select home.org_id, false from unnest(${sql.param(homeOrgIds(actor))}::uuid[]) as home(org_id)
    ),
    -- A first pass takes the newest n of each range, n = ceil(BUDGET / audiences) + 1, about BUDGET in
    -- all: the BUDGET-th newest of them is no newer than the BUDGET-th newest of the whole stream
    -- (they are some of it), so nothing older than that bound is needed.
    share as (select ceil(${budget}::numeric / greatest(1, (select count(*) from audiences)))::int + 1 as n),
    probe as materialized (
      select a.id as audience_id, a.followed, f.stored, f.statement_id
        from audiences a cross join lateral (${range(sql`(select n from share)`)}) f
    ),
    -- Distinct: an item reaching the viewer through two audiences (a community, a person followed)
    -- counts once, or the bound could pass items of the stream.
    bound as (
      select coalesce((select d.stored from (select distinct p.stored, p.statement_id from probe p) d
                        order by d.stored desc offset ${budget - 1} limit 1),
                      '-infinity'::timestamptz) as stored
    ),
    -- A range the first pass read to its end, or past the bound, holds nothing at or after the bound
    -- that the first pass did not read. Only the others (cut at n while still newer than the bound)
    -- are read again, down to the bound: for most viewers a few of their audiences, not all.
    reopened as (
      select p.audience_id as id, p.followed from probe p
       group by p.audience_id, p.followed
      having count(*) >= (select n from share) and min(p.stored) >= (select b.stored from bound b)
    ),
    candidates as (
      select distinct on (c.stored, c.statement_id) c.* from (
        select p.audience_id, p.stored, p.statement_id from probe p
         where p.stored >= (select b.stored from bound b)
        union all
        select a.id, f.stored, f.statement_id
          from reopened a cross join lateral (${range(sql`${budget}`, sql`and f.stored >= (select b.stored from bound b)`)}) f
      ) c
      order by c.stored desc, c.statement_id desc
      limit ${budget}
    ),
    seen as (select feed_seen_at from person_settings where user_id = ${actor.userId})
    -- The page's first candidates are shown by their kinds here, in the same statement.
    select c.audience_id, c.id as statement_id, c.stored, c.kind, c.verb, c.actor_id, c.community_id,
           c.object_type, c.object_id, c.stored_key, c.seen_at, c.unread,
           case when c.n <= ${limit} then ${shownSql(actor)} end as shown
      from (
        select f.audience_id, f.statement_id as id, f.stored, f.kind, f.verb, f.actor_id, f.community_id,
               f.object_type, f.object_id, f.stored::text as stored_key, (select feed_seen_at from seen) as seen_at,
               date_trunc('milliseconds', f.stored) > coalesce((select feed_seen_at from seen), '-infinity') as unread,
               row_number() over (order by f.stored desc, f.statement_id desc) as n
          from candidates k
          join feed_items f on (f.audience_id, f.stored, f.statement_id) = (k.audience_id, k.stored, k.statement_id)
      ) c
     order by c.stored desc, c.id desc`;
}
const PAGE = 'trellis-feed-items-page';
/** Stand-ins for a cursor's two values while a viewer's statement is built (no text holds a NUL). */
const CURSOR_SLOT: Cursor = { stored: '\u0000cursor stored', id: '\u0000cursor id' };
/** A viewer's page statement values, with where the cursor's go, for this many viewers at most. */
const PAGE_VALUES_KEPT = 2_000;
const pageValues = new Map<string, { text: string; values: unknown[]; stored: number[]; id: number[] }>();
const slots = (values: unknown[], slot: string) => values.flatMap((v, i) => (v === slot ? [i] : []));

/**
 * A feed page's rows, by one prepared statement. Its values depend on the viewer, the page size and
 * the cursor only; building them with Drizzle (the kinds' presentations, the policies) cost about
 * 200 µs of Node time per page, so each viewer's are kept, built once with stand-ins for the cursor's
 * two values, which are put in their places on each read (decision 036). Tests hold the result to
 * Drizzle's own build of every page.
 */
async function pageRows(db: Db, actor: Actor, limit: number, from: Cursor): Promise<Row[]> {
  const key = `${limit}|${JSON.stringify(actor)}`;
  let known = pageValues.get(key);
  if (known) pageValues.delete(key);
  else {
    const { text, values } = statementOf(PAGE, pageQuery(actor, limit, CURSOR_SLOT));
    known = { text, values, stored: slots(values, CURSOR_SLOT.stored), id: slots(values, CURSOR_SLOT.id) };
    if (pageValues.size >= PAGE_VALUES_KEPT) pageValues.delete(pageValues.keys().next().value as string);
  }
  pageValues.set(key, known); // the most recently read last
  const values = [...known.values];
  for (const i of known.stored) values[i] = from.stored;
  for (const i of known.id) values[i] = from.id;
  if (process.env.NODE_ENV === 'test') {
    const built = statementOf(PAGE, pageQuery(actor, limit, from));
    if (built.text !== known.text || JSON.stringify(built.values) !== JSON.stringify(values))
      throw new Error('The kept feed page statement differs from Drizzle’s build of it.');
  }
  // The pool Drizzle was opened on (db/client.ts), as namedQuery uses it.
  const pool = (db as Db & { $client: Pool }).$client;
  const { rows } = await runNamed<Row>(pool, PAGE, known.text, values);
  return rows;
}

/**
 * The home feed, newest first, read from `feed_items` (decision 020). Each audience the viewer belongs
 * to gives one short range of the (audience, time) index: each community they are an active member of
 * (what happens there, never their own doing), each person they follow (what they say, kept only
 * where the viewer may read it) and their school and district (what colleagues brought home). The
 * ranges are cut at the page's candidate budget, merged and cut again; only then does each kind
 * present its few candidates as they now stand, dropping what the viewer may no longer see.
 *
 * Candidates are the first BUDGET of the merged stream, so a page is always an exact prefix of the
 * stream; when some candidates drop out the page is shorter, and the cursor still points after the
 * last candidate examined, so nothing is skipped.
 */
export async function readFeed(args: { db: Db; actor: Actor; query: FeedQuery }): Promise<FeedResponse> {
  const { actor, query } = args;
  const after = query.cursor ? readFeedCursor(query.cursor) : null;
  const budget = query.limit * 2 + 1;
  // A first page is read as the page after a cursor past every item: one statement shape for every
  // page, which PostgreSQL plans once per connection (a first-page shape of its own was planned
  // afresh on every read, its generic plan costed above its custom ones: 6.7 ms instead of 1.7 ms of
  // PostgreSQL CPU per read, decision 036).
  const from = after ?? { stored: 'infinity', id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' };
  const rows = await pageRows(args.db, actor, query.limit, from);

  const stamp = (v: string | Date) => new Date(v).toISOString();
  const candidates: FeedCandidate[] = rows.map((r) => ({
    id: r.statement_id,
    kind: r.kind,
    verb: r.verb,
    at: stamp(r.stored),
    actorId: r.actor_id,
    communityId: r.community_id,
    objectType: r.object_type,
    objectId: r.object_id,
    audienceId: r.audience_id,
  }));
  // Most pages show their first `limit` candidates: present those, and the rest only when some of
  // them dropped out.
  const entries = await present(
    args.db,
    actor,
    candidates.slice(0, query.limit),
    new Map(rows.slice(0, query.limit).map((r) => [r.statement_id, r.shown])),
  );
  let examined = Math.min(query.limit, candidates.length);
  if (entries.size < examined && candidates.length > examined) {
    for (const [id, entry] of await present(args.db, actor, candidates.slice(examined)))
      entries.set(id, entry);
    examined = candidates.length;
  }

  const seen = rows.length > 0 ? rows[0].seen_at : await seenAt(args.db, actor.userId);
  const shown = rows.slice(0, examined).filter((r) => entries.has(r.statement_id));
  const page = shown.slice(0, query.limit);
  let next: Row | undefined;
  // A full page with candidates left after it goes on after its last item; a short one after the
  // last candidate examined, when the budget cut the stream.
  if (shown.length > query.limit || (shown.length === query.limit && examined < rows.length))
    next = page.at(-1);
  else if (rows.length === budget) next = rows.at(-1);
  return {
    data: page.map((r) => ({ ...(entries.get(r.statement_id) as FeedEntry), unread: r.unread })),
    nextCursor: next ? encodeCursor([next.stored_key, next.statement_id]) : null,
    seenAt: seen ? stamp(seen) : null,
  };
}

/**
 * The home feed as the JSON text of its response. A first page is remembered per person under the
 * version of everything it depends on (feed/page-cache.ts, decision 030), read here in one prepared
 * statement on every request; later pages are read afresh.
 */
export async function readFeedJson(args: { db: Db; actor: Actor; query: FeedQuery }): Promise<string> {
  if (args.query.cursor) return JSON.stringify(await readFeed(args));
  const cache = feedPageCache(args.db);
  const key = `${args.actor.userId}|${args.query.limit}`;
  const version = await feedPageVersion(args.db, args.actor);
  const remembered = cache.get(key);
  if (remembered?.version === version) {
    feedPageCounts.hits++;
    return remembered.json;
  }
  feedPageCounts.misses++;
  // Read after the version: the page is never older than the version it is stored under.
  const json = JSON.stringify(await readFeed(args));
  cache.set(key, { version, json });
  return json;
}

/**
 * The version statement's text, fixed: it is sent on every request for a first page, and building it
 * with Drizzle each time (the template, then walking it for its values) was most of the Node time
 * the feed itself spent on a remembered page (decision 036). $1 is the viewer, $2 their schools and
 * district. One text column: every part of the version but the session's, `|`-joined.
 */
const PAGE_VERSION = `
  -- Each part never null (concat_ws would leave it out, and the parts after it would shift).
  select concat_ws('|',
           coalesce(md5(string_agg(a.part, ',' order by a.part)), ''),
           coalesce((select ps.feed_seen_at::text from person_settings ps where ps.user_id = $1), ''),
           coalesce((select dv.value::text from settings dv where dv.key = 'directory_version'), ''),
           coalesce((select fv.value::text from settings fv where fv.key = 'feed_version'), ''),
           -- What the person muted (discussion, decision 053): muting or unmuting changes the page.
           coalesce((select count(*)::text || ':' || max(mr.updated_at)::text from thread_reads mr
                      where mr.user_id = $1 and mr.level = 'muted'), ''),
           coalesce((select count(*)::text || ':' || max(mc.updated_at)::text from community_reads mc
                      where mc.user_id = $1 and mc.level = 'muted'), '')) as version
    -- Every version row of each audience (migrations 0034, 0037: most audiences have one), hashed.
    from (
      select 'c' || m.community_id || m.status || coalesce(v.shard || ':' || v.version, '') as part
        from community_members m
        left join feed_audience_versions v on v.audience_id = m.community_id and m.status = 'active'
       where m.user_id = $1
      union all
      select 'f' || fo.followee_id || coalesce(v.shard || ':' || v.version, '')
        from follows fo
        left join feed_audience_versions v on v.audience_id = fo.followee_id
       where fo.follower_id = $1
      union all
      select 'o' || h.id || coalesce(v.shard || ':' || v.version, '')
        from unnest($2::uuid[]) as h(id)
        left join feed_audience_versions v on v.audience_id = h.id
    ) a`;

/** Everything a person's first feed page depends on, as one string (feed/page-cache.ts). */
export async function feedPageVersion(db: Db, actor: Actor): Promise<string> {
  // The pool Drizzle was opened on (db/client.ts), as namedQuery uses it.
  const pool = (db as Db & { $client: Pool }).$client;
  const { rows } = await runNamed<{ version: string }>(pool, 'trellis-feed-page-version', PAGE_VERSION, [
    actor.userId,
    homeOrgIds(actor),
  ]);
  return `${rows[0]?.version}|${actor.districtId}|${actor.schoolIds.join(',')}|${actor.networkIds.join(',')}`;
}

/**
 * The candidates as their kinds show them now, without those the viewer may no longer see: from
 * the `shown` values the feed's statement already read, or read here in one statement.
 */
async function present(
  db: Db,
  viewer: Actor,
  candidates: FeedCandidate[],
  read?: Map<string, unknown>,
): Promise<Map<string, FeedEntry>> {
  const known = candidates.filter((c) => feedItemKind(c.kind));
  const shown = read ?? (known.length ? await readShown(db, viewer, known) : new Map<string, unknown>());
  const entries = new Map<string, FeedEntry>();
  for (const c of known) {
    const value = shown.get(c.id);
    const entry = feedItemKind(c.kind)?.entry;
    if (value !== null && value !== undefined && entry) entries.set(c.id, entry(value as never, c));
  }
  return entries;
}

/** The `shown` values of these candidates, in one prepared statement. */
async function readShown(db: Db, viewer: Actor, items: FeedCandidate[]): Promise<Map<string, unknown>> {
  const column = <T>(pick: (c: FeedCandidate) => T) => sql.param(items.map(pick));
  const rows = await namedQuery<{ id: string; shown: unknown }>(
    db,
    'feed-items-shown',
    sql`select c.id, ${shownSql(viewer)} as shown
          from unnest(${column((c) => c.id)}::uuid[], ${column((c) => c.kind)}::text[], ${column((c) => c.verb)}::text[],
                      ${column((c) => c.actorId)}::uuid[], ${column((c) => c.communityId)}::uuid[],
                      ${column((c) => c.objectType)}::text[], ${column((c) => c.objectId)}::text[])
               as c(id, kind, verb, actor_id, community_id, object_type, object_id)`,
  );
  return new Map(rows.map((r) => [r.id, r.shown]));
}

async function seenAt(db: Db, userId: string): Promise<string | null> {
  const { rows } = await db.execute<{ feed_seen_at: string | null }>(
    sql`select feed_seen_at from person_settings where user_id = ${userId}`,
  );
  return rows[0]?.feed_seen_at ?? null;
}

/** Marks the feed as seen up to a moment (an item's time) or now; never moves the mark back or past now. */
export async function markFeedSeen(args: { db: Db; actor: Actor; at?: string }): Promise<{ seenAt: string }> {
  // Never past now: a mark in the future would hide what is yet to happen.
  const at = args.at ? sql`least(${new Date(args.at).toISOString()}::timestamptz, now())` : sql`now()`;
  const { rows } = await args.db.execute<{ feed_seen_at: string }>(sql`
    insert into person_settings (user_id, feed_seen_at, updated_at)
    values (${args.actor.userId}, ${at}, now())
    on conflict (user_id) do update
      set feed_seen_at = greatest(person_settings.feed_seen_at, excluded.feed_seen_at), updated_at = now()
    returning feed_seen_at`);
  return { seenAt: new Date(rows[0].feed_seen_at).toISOString() };
}
