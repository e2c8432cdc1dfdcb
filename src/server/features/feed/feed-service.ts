import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { invalidField } from '#server/platform/errors.ts';
import { excerpt, renderMarkdown } from '#server/platform/markdown.ts';
import { VERBS } from '#server/platform/statements.ts';
import type { FeedItem, FeedQuery, FeedResponse } from '#shared/contracts/feed.ts';
import { readableCommunityIds, visibleCommunitySql } from '../communities/index.ts';
import { homeOrgIds, visibleSharedSql } from '../resources/index.ts';

/** What happens in one's own communities. */
const COMMUNITY_VERBS = [VERBS.posted, VERBS.replied, VERBS.marked_insight, VERBS.joined];
/** What the people one follows say, wherever one may read it. */
const PERSON_VERBS = [VERBS.posted, VERBS.replied, VERBS.marked_insight];
const VERB_NAMES = new Map<string, FeedItem['verb']>([
  [VERBS.posted, 'posted'],
  [VERBS.replied, 'replied'],
  [VERBS.marked_insight, 'marked_insight'],
  [VERBS.joined, 'joined'],
  [VERBS.brought_home, 'brought_home'],
]);

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
  id: string;
  verb: string;
  stored: string;
  stored_key: string;
  actor_id: string;
  actor_name: string | null;
  community_id: string | null;
  community_name: string | null;
  thread_id: string | null;
  thread_title: string | null;
  thread_type: string | null;
  post_id: string | null;
  post_body: string | null;
  /** Whether the thing still stands and the viewer may still read where it now is. */
  shown: boolean;
  /** A home share (brought_home): what, where to, from where, as the viewer may see it. */
  home_subject: 'resource' | 'insight' | null;
  home_note: string | null;
  home_target_kind: 'school' | 'district' | null;
  home_target_id: string | null;
  home_target_name: string | null;
  home_from_id: string | null;
  home_from_name: string | null;
  home_resource_id: string | null;
  home_resource_title: string | null;
  thread_readable: boolean;
  unread: boolean;
  seen_at: string | null;
};

/**
 * The home feed, newest first. Candidates come from the activity stream by three index-ordered
 * routes — per community the viewer is an active member of (statements by community and time), per
 * person they follow (statements by actor and time, kept only in communities the viewer may read),
 * and per home organization (what colleagues brought home to the viewer's school or district:
 * home shares by target and time, whose time is their statement's) — each cut at the page's
 * candidate budget, merged and cut again. Only then are the few
 * candidates joined to the current threads and posts, so a deleted or hidden post, or a thread moved
 * where the viewer may not read, drops out, and titles and words are today's.
 *
 * Candidates are the first BUDGET of the merged stream, so a page is always an exact prefix of the
 * stream; when some candidates drop out the page is shorter, and the cursor still points after the
 * last candidate examined, so nothing is skipped.
 */
export async function readFeed(args: { db: Db; actor: Actor; query: FeedQuery }): Promise<FeedResponse> {
  const { actor, query } = args;
  const after = query.cursor ? readFeedCursor(query.cursor) : null;
  const budget = query.limit * 2 + 1;
  const before = after
    ? sql`and (s.stored, s.id) < (${after.stored}::timestamptz, ${after.id}::uuid)`
    : sql``;
  const beforeHome = after
    ? sql`and (hs.created_at, hs.statement_id) < (${after.stored}::timestamptz, ${after.id}::uuid)`
    : sql``;
  // A prepared statement per shape (first page, later pages): planning this costs as much as running it.
  const rows = await namedQuery<Row>(
    args.db,
    after ? 'feed-next-page' : 'feed-first-page',
    sql`
    with readable as materialized (${readableCommunityIds(actor)}),
    candidates as materialized (
      select c.id, c.stored, c.home_share_id from (
        select s.id, s.stored, null::uuid as home_share_id
          from community_members m
          cross join lateral (
            select s.id, s.stored from statements s
             where s.community_id = m.community_id
               and s.verb = any(${sql.param(COMMUNITY_VERBS)}::text[])
               and s.actor_id is distinct from ${actor.userId}::uuid
               ${before}
             order by s.stored desc, s.id desc
             limit ${budget}) s
         where m.user_id = ${actor.userId} and m.status = 'active'
        union
        select s.id, s.stored, null::uuid as home_share_id
          from follows f
          cross join lateral (
            select s.id, s.stored, s.community_id from statements s
             where s.actor_id = f.followee_id
               and s.verb = any(${sql.param(PERSON_VERBS)}::text[])
               and s.community_id is not null
               -- "is true" keeps this a subplan, hashed once per query, rather than a join per followee.
               and (s.community_id in (select id from readable)) is true
               ${before}
             order by s.stored desc, s.id desc
             limit ${budget}) s
         where f.follower_id = ${actor.userId}
        union
        select hs.statement_id as id, hs.created_at as stored, hs.id as home_share_id
          from unnest(${sql.param(homeOrgIds(actor))}::uuid[]) as home(org_id)
          cross join lateral (
            select hs.id, hs.statement_id, hs.created_at from home_shares hs
             where hs.target_id = home.org_id
               and hs.sharer_id <> ${actor.userId}::uuid
               ${beforeHome}
             order by hs.created_at desc, hs.statement_id desc
             limit ${budget}) hs
      ) c
      order by c.stored desc, c.id desc
      limit ${budget}
    ),
    seen as (select feed_seen_at from person_settings where user_id = ${actor.userId})
    select s.id, s.verb, s.stored, s.stored::text as stored_key, s.actor_id, u.name as actor_name,
           coalesce(t.community_id, s.community_id) as community_id, co.name as community_name,
           t.id as thread_id, t.title as thread_title, t.type as thread_type,
           p.id as post_id, left(p.body_md, 2000) as post_body,
           (case
              when s.verb = ${VERBS.joined} then co.id is not null
              when s.verb = ${VERBS.brought_home} then hs.id is not null and (case
                when hs.subject = 'resource'
                  then hr.id is not null and hr.deleted_at is null
                       and ${visibleSharedSql(actor, 'hr', { homeShares: true })}
                else p.id is not null and p.deleted_at is null and p.hidden_at is null
              end)
              else p.id is not null and p.deleted_at is null and p.hidden_at is null
                   and t.community_id in (select id from readable)
            end) as shown,
           hs.subject as home_subject, hs.note as home_note, hs.target_kind as home_target_kind,
           hs.target_id as home_target_id, ho.name as home_target_name,
           hs.from_community_id as home_from_id,
           (case when ${visibleCommunitySql(actor, 'hc')} then hc.name end) as home_from_name,
           hr.id as home_resource_id, hr.title as home_resource_title,
           coalesce(t.community_id in (select id from readable), false) as thread_readable,
           date_trunc('milliseconds', s.stored) > coalesce((select feed_seen_at from seen), '-infinity') as unread,
           (select feed_seen_at from seen) as seen_at
      from candidates cand
      join statements s on s.id = cand.id
      left join users u on u.id = s.actor_id
      left join posts p on p.id = case
          when s.object_type = 'post' then s.object_id::uuid
          when s.object_type = 'thread' then (select op.id from posts op
                                              where op.thread_id = s.object_id::uuid and op.is_opening limit 1)
        end
      left join threads t on t.id = p.thread_id
      left join communities co on co.id = coalesce(t.community_id, s.community_id)
      -- By its key, carried from the candidates: home_shares has no index on statement_id.
      left join home_shares hs on hs.id = cand.home_share_id
      left join organizations ho on ho.id = hs.target_id
      left join communities hc on hc.id = hs.from_community_id
      left join resources hr on hr.id = hs.resource_id
     order by s.stored desc, s.id desc`,
  );

  const shown = rows.filter(
    (r) => r.shown && r.actor_name && (r.home_subject || (r.community_id && r.community_name)),
  );
  const page = shown.slice(0, query.limit);
  let next: Row | undefined;
  if (shown.length > query.limit) next = page.at(-1);
  else if (rows.length === budget) next = rows.at(-1);
  const stamp = (v: string | Date) => new Date(v).toISOString();
  return {
    data: page.map((r) =>
      r.home_subject
        ? homeShareItem(r, stamp)
        : {
            id: r.id,
            verb: VERB_NAMES.get(r.verb) ?? 'posted',
            at: stamp(r.stored),
            actor: { id: r.actor_id, name: r.actor_name ?? '' },
            community: { id: r.community_id ?? '', name: r.community_name ?? '' },
            thread:
              r.thread_id && r.thread_title !== null
                ? { id: r.thread_id, title: r.thread_title, type: r.thread_type ?? 'question' }
                : null,
            post: r.post_id
              ? { id: r.post_id, excerpt: excerpt(renderMarkdown(r.post_body ?? '').text) }
              : null,
            homeShare: null,
            unread: r.unread,
          },
    ),
    nextCursor: next ? encodeCursor([next.stored_key, next.id]) : null,
    seenAt:
      rows.length > 0
        ? rows[0].seen_at
          ? stamp(rows[0].seen_at)
          : null
        : await seenAt(args.db, actor.userId),
  };
}

/**
 * "Ana brought home …": the source community is named only to those who may see it, and the
 * insight's thread is linked only for those who may read it; the insight's words travel with it.
 */
function homeShareItem(r: Row, stamp: (v: string | Date) => string): FeedItem {
  const fromCommunity =
    r.home_from_id && r.home_from_name ? { id: r.home_from_id, name: r.home_from_name } : null;
  return {
    id: r.id,
    verb: 'brought_home',
    at: stamp(r.stored),
    actor: { id: r.actor_id, name: r.actor_name ?? '' },
    community: fromCommunity,
    thread: null,
    post: null,
    homeShare: {
      note: r.home_note ?? '',
      target: {
        kind: r.home_target_kind ?? 'school',
        id: r.home_target_id ?? '',
        name: r.home_target_name ?? '',
      },
      from: r.home_from_id ? { community: fromCommunity } : null,
      resource:
        r.home_subject === 'resource' && r.home_resource_id
          ? { id: r.home_resource_id, title: r.home_resource_title ?? '' }
          : null,
      insight:
        r.home_subject === 'insight'
          ? {
              excerpt: excerpt(renderMarkdown(r.post_body ?? '').text),
              threadTitle: r.thread_title ?? '',
              thread:
                r.thread_readable && r.thread_id && r.community_id
                  ? { id: r.thread_id, communityId: r.community_id }
                  : null,
            }
          : null,
    },
    unread: r.unread,
  };
}

async function seenAt(db: Db, userId: string): Promise<string | null> {
  const { rows } = await db.execute<{ feed_seen_at: string | null }>(
    sql`select feed_seen_at from person_settings where user_id = ${userId}`,
  );
  return rows[0]?.feed_seen_at ? new Date(rows[0].feed_seen_at).toISOString() : null;
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
