import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { WatchLevel } from '#shared/contracts/reading.ts';

/**
 * How far back a post counts as new (decision 053): posts older than this are never counted, so a
 * person's counts are read from the threads active within it — a short range of
 * threads_community_idx per community — however old and large their communities are.
 */
export const NEW_WINDOW = sql`interval '30 days'`;

/**
 * SQL over `t` (threads), `r` (the viewer's thread_reads row, left-joined), `m` (their membership,
 * left-joined) and `cr` (their community_reads row, left-joined): how many of the thread's posts are
 * new to the viewer. A thread they have read: its posts now (`reply_count + 1`, which only grows) less
 * those they had been shown. One they have not: its posts since they joined the community or marked
 * it read, within the window.
 */
export const unreadSql = sql`case
    when t.last_post_at <= now() - ${NEW_WINDOW} then 0
    when r.user_id is not null then greatest(t.reply_count + 1 - r.read_count, 0)
    when t.last_post_at <= greatest(cr.read_before, m.joined_at, now() - ${NEW_WINDOW}) then 0
    when t.created_at > greatest(cr.read_before, m.joined_at, now() - ${NEW_WINDOW}) then t.reply_count + 1
    else (select count(*)::int from posts np where np.thread_id = t.id
            and np.created_at > greatest(cr.read_before, m.joined_at, now() - ${NEW_WINDOW}))
  end`;

/**
 * The level that applies: the thread's own, else the community's, else tracking for a member of the
 * community (and for a thread one has read as a non-member: one has opened it), else normal.
 */
export const levelSql = sql`coalesce(r.level, cr.level,
    case when m.status = 'active' then 'tracking' else 'normal' end)`;

/** Levels whose new posts are counted. */
const counted = (level: SQL) => sql`${level} in ('watching', 'tracking')`;

/** The viewer's reading of a page of threads: new posts (counted levels only) and the level of each. */
export async function readListReading(db: Db, viewerId: string, threadIds: string[]) {
  if (threadIds.length === 0) return [];
  return namedQuery<{ id: string; unread: number; level: WatchLevel }>(
    db,
    'reading-thread-list',
    sql`select t.id, case when ${counted(levelSql)} then ${unreadSql} else 0 end as unread, ${levelSql} as level
          from threads t
          left join thread_reads r on r.user_id = ${viewerId} and r.thread_id = t.id
          left join community_members m on m.community_id = t.community_id and m.user_id = ${viewerId}
          left join community_reads cr on cr.user_id = ${viewerId} and cr.community_id = t.community_id
         where t.id = any(${sql.param(threadIds)}::uuid[])`,
  );
}

/** The viewer's reading of one thread, with where its first new post is. */
export async function readThreadReading(db: Db | Tx, viewerId: string, threadId: string) {
  const { rows } = await db.execute<{
    unread: number;
    level: WatchLevel;
    thread_level: WatchLevel | null;
    first_unread_post_id: string | null;
  }>(sql`select x.unread, x.level, x.thread_level,
                case when x.unread > 0 then (
                  select p.id from posts p
                   where p.thread_id = x.id
                     and (case when x.last_read_post_id is not null
                               then (p.created_at, p.id) > (select lp.created_at, lp.id from posts lp where lp.id = x.last_read_post_id)
                               when x.read_count > 0 then false
                               else p.created_at > x.floor end)
                   order by p.created_at, p.id limit 1) end as first_unread_post_id
           from (
             select t.id, ${unreadSql} as unread, ${levelSql} as level, r.level as thread_level,
                    r.last_read_post_id, coalesce(r.read_count, 0) as read_count,
                    greatest(cr.read_before, m.joined_at, now() - ${NEW_WINDOW}) as floor
               from threads t
               left join thread_reads r on r.user_id = ${viewerId} and r.thread_id = t.id
               left join community_members m on m.community_id = t.community_id and m.user_id = ${viewerId}
               left join community_reads cr on cr.user_id = ${viewerId} and cr.community_id = t.community_id
              where t.id = ${threadId}) x`);
  return rows[0];
}

/**
 * New posts and threads per community for every community the person is an active member of (whose
 * content membership lets them read): the threads active within the window, their read rows, summed.
 * Each thread's count is worked out once (`offset 0` keeps the planner from writing it into both sums,
 * which ran its count of posts twice). Written as the JSON text of an UnreadCountsResponse, as thread
 * lists are (decision 033): checking and copying 50 communities against the schema in Node cost about
 * as much as reading them. A named statement, planned once per connection (decision 056).
 */
export async function readCommunityCountsJson(db: Db, viewerId: string): Promise<string> {
  const [row] = await namedQuery<{ json: string }>(
    db,
    'reading-community-counts-json',
    sql`select json_build_object(
                 'data', json_build_object(
                   'totalPosts', coalesce(sum(k.unread_posts), 0),
                   'communities', coalesce(json_agg(json_build_object(
                     'communityId', k.community_id, 'name', k.name, 'level', k.level,
                     'unreadPosts', k.unread_posts, 'unreadThreads', k.unread_threads)
                     order by k.name, k.community_id), '[]'::json)))::text as json
          from (
            select c.id as community_id, c.name, coalesce(cr.level, 'tracking') as level,
                   coalesce(u.posts, 0)::int as unread_posts, coalesce(u.threads, 0)::int as unread_threads
              from community_members m
              join communities c on c.id = m.community_id
              left join community_reads cr on cr.user_id = m.user_id and cr.community_id = m.community_id
              left join lateral (
                select sum(x.n) as posts, count(*) filter (where x.n > 0) as threads
                  from (select ${unreadSql} as n
                          from threads t
                          left join thread_reads r on r.user_id = ${viewerId} and r.thread_id = t.id
                         where t.community_id = m.community_id and t.last_post_at > now() - ${NEW_WINDOW}
                           and ${counted(levelSql)}
                        offset 0) x
              ) u on true
             where m.user_id = ${viewerId} and m.status = 'active'
          ) k`,
  );
  return row.json;
}

export type UnreadThreadRow = {
  id: string;
  title: string;
  type: 'question' | 'reflection' | 'practice' | 'announcement';
  community_id: string;
  community_name: string;
  unread: number;
  is_new: boolean;
  last_post_at: string;
  sort_key: string;
};

/**
 * Threads with new posts across the person's communities (or one of them), most recently active
 * first. Each community's threads are walked newest activity first down threads_community_idx and
 * the walk stops once it has a page of threads with new posts; the walks are merged. So a page costs
 * the threads passed on the way in each community, not every thread active in the window. A named
 * statement per shape (with or without a community and a cursor), planned once per connection.
 */
export async function listUnreadThreads(
  db: Db,
  args: { viewerId: string; communityId?: string; cursor?: { at: string; id: string }; limit: number },
) {
  const { viewerId, cursor } = args;
  const name = `reading-unread-threads${args.communityId ? '-community' : ''}${cursor ? '-after' : ''}`;
  return namedQuery<UnreadThreadRow>(
    db,
    name,
    sql`
    select t.id, t.title, t.type, c.id as community_id, c.name as community_name, t.n as unread, t.is_new,
           to_char(t.last_post_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_post_at,
           t.last_post_at::text as sort_key
      from community_members m
      join communities c on c.id = m.community_id
      left join community_reads cr on cr.user_id = m.user_id and cr.community_id = m.community_id
      cross join lateral (
        select t.id, t.title, t.type, t.last_post_at, x.n,
               r.user_id is null and t.created_at > greatest(cr.read_before, m.joined_at, now() - ${NEW_WINDOW}) as is_new
          from threads t
          left join thread_reads r on r.user_id = ${viewerId} and r.thread_id = t.id
          cross join lateral (select ${unreadSql} as n offset 0) x
         where t.community_id = m.community_id and t.last_post_at > now() - ${NEW_WINDOW}
           ${cursor ? sql`and (t.last_post_at, t.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql``}
           and ${counted(levelSql)} and x.n > 0
         order by t.last_post_at desc, t.id desc
         limit ${args.limit + 1}
      ) t
     where m.user_id = ${viewerId} and m.status = 'active'
       ${args.communityId ? sql`and m.community_id = ${args.communityId}` : sql``}
     order by t.last_post_at desc, t.id desc
     limit ${args.limit + 1}`,
  );
}

/**
 * Marks a thread read up to a post (everything when none is named): its read count becomes the
 * number of the thread's posts up to that one, and never goes back.
 */
export async function markThreadRead(tx: Db | Tx, viewerId: string, threadId: string, postId: string | null) {
  const upTo = postId
    ? sql`select (select count(*)::int from posts c where c.thread_id = p.thread_id
                    and (c.created_at, c.id) <= (p.created_at, p.id)) as n, p.id
            from posts p where p.id = ${postId} and p.thread_id = ${threadId}`
    : sql`select t.reply_count + 1 as n,
                 (select p.id from posts p where p.thread_id = t.id order by p.created_at desc, p.id desc limit 1) as id
            from threads t where t.id = ${threadId}`;
  await tx.execute(sql`
    insert into thread_reads (user_id, thread_id, read_count, last_read_post_id)
    select ${viewerId}, ${threadId}, u.n, u.id from (${upTo}) u
    on conflict (user_id, thread_id) do update
       set read_count = greatest(thread_reads.read_count, excluded.read_count),
           last_read_post_id = case when excluded.read_count > thread_reads.read_count
                                    then excluded.last_read_post_id else thread_reads.last_read_post_id end,
           updated_at = now()`);
}

/**
 * Marks everything read in the person's communities (or one community): posts before now are no
 * longer new, and each thread they have read is read to its end.
 */
export async function markCommunitiesRead(tx: Tx, viewerId: string, communityIds: string[]) {
  if (communityIds.length === 0) return 0;
  await tx.execute(sql`
    insert into community_reads (user_id, community_id, read_before)
    select ${viewerId}, id, now() from unnest(${sql.param(communityIds)}::uuid[]) as c(id)
    on conflict (user_id, community_id) do update set read_before = now(), updated_at = now()`);
  const { rows } = await tx.execute<{ thread_id: string }>(sql`
    update thread_reads r
       set read_count = t.reply_count + 1,
           last_read_post_id = (select p.id from posts p where p.thread_id = t.id order by p.created_at desc, p.id desc limit 1),
           updated_at = now()
      from threads t
     where r.user_id = ${viewerId} and t.id = r.thread_id
       and t.community_id = any(${sql.param(communityIds)}::uuid[])
       and r.read_count < t.reply_count + 1
    returning r.thread_id`);
  return rows.length;
}

/**
 * Sets (or, with null, clears) the person's own level for a thread; chosen on the thread's page, so a
 * first row counts the thread as read.
 */
export async function setThreadLevel(
  tx: Db | Tx,
  viewerId: string,
  threadId: string,
  level: WatchLevel | null,
) {
  await tx.execute(sql`
    insert into thread_reads (user_id, thread_id, level, read_count, last_read_post_id)
    select ${viewerId}, t.id, ${level}, t.reply_count + 1,
           (select p.id from posts p where p.thread_id = t.id order by p.created_at desc, p.id desc limit 1)
      from threads t where t.id = ${threadId}
    on conflict (user_id, thread_id) do update set level = excluded.level, updated_at = now()`);
  // In a community the person muted, a thread shows in their feed only while they chose its own level:
  // the remembered feed page follows the muted community's row (feed's page version), so it moves too.
  await tx.execute(sql`
    update community_reads cr set updated_at = now()
      from threads t
     where t.id = ${threadId} and cr.user_id = ${viewerId} and cr.community_id = t.community_id
       and cr.level = 'muted'`);
}

export async function setCommunityLevel(
  tx: Db | Tx,
  viewerId: string,
  communityId: string,
  level: WatchLevel | null,
) {
  await tx.execute(sql`
    insert into community_reads (user_id, community_id, level) values (${viewerId}, ${communityId}, ${level})
    on conflict (user_id, community_id) do update set level = excluded.level, updated_at = now()`);
}

/**
 * What writing in a thread does to its author's reading (inside the write's transaction): the thread
 * is read to its end, and tracked unless the person has chosen its level or watches its community.
 */
export const authorReadSql = (authorId: string, threadSql: SQL, postIdSql: SQL) => sql`
    insert into thread_reads (user_id, thread_id, read_count, last_read_post_id, level)
    select ${authorId}::uuid, w.id, w.reply_count + 1, ${postIdSql},
           case when exists (select 1 from community_reads wc where wc.user_id = ${authorId}::uuid
                               and wc.community_id = w.community_id and wc.level = 'watching')
                then null else 'tracking' end
      from (${threadSql}) w
    on conflict (user_id, thread_id) do update
       set read_count = greatest(thread_reads.read_count, excluded.read_count),
           last_read_post_id = excluded.last_read_post_id,
           level = coalesce(thread_reads.level, excluded.level),
           updated_at = now()`;

/**
 * Who is told of every new post in a thread: those watching it, and those watching its community who
 * have not chosen another level for the thread.
 */
export async function findWatchers(db: Db | Tx, threadId: string | null, communityId: string) {
  const { rows } = await db.execute<{ user_id: string }>(sql`
    select r.user_id from thread_reads r where r.thread_id = ${threadId} and r.level = 'watching'
    union
    select cr.user_id from community_reads cr
     where cr.community_id = ${communityId} and cr.level = 'watching'
       and not exists (select 1 from thread_reads o where o.thread_id = ${threadId} and o.user_id = cr.user_id
                         and o.level is not null and o.level <> 'watching')`);
  return rows.map((row) => row.user_id);
}

/**
 * SQL: of the people `x.id`, those who have not muted the thread (or its community, unless they chose
 * another level for the thread). What muting takes out of notifications.
 */
export const notMutedSql = (
  threadId: string | null | undefined,
  communityId: string | null | undefined,
) => sql`
  not exists (select 1 from thread_reads mr where mr.user_id = x.id and mr.thread_id = ${threadId ?? null}::uuid
                and mr.level = 'muted')
  and not exists (select 1 from community_reads mc where mc.user_id = x.id and mc.community_id = ${communityId ?? null}::uuid
                    and mc.level = 'muted'
                    and not exists (select 1 from thread_reads mo where mo.user_id = x.id
                                      and mo.thread_id = ${threadId ?? null}::uuid and mo.level is not null))`;
