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
export const countedLevelSql = (level: SQL) => sql`${level} in ('watching', 'tracking')`;
const counted = countedLevelSql;

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
 * SQL over `t`, `r`, `m` and `cr` as unreadSql: the thread's new posts (`n`, as unreadSql counts them)
 * and when the clock alone would change that number (`changes`): a count read from thread_reads
 * changes when the thread leaves the window; all posts of a thread started since one's mark, when
 * its opening post leaves it; posts counted since the mark, when the first of them leaves it. The
 * posts are counted (with the first one's time, from the same range of posts_thread_idx) only for a
 * thread that needs it: the lateral's condition names no post, so it is a one-time filter.
 */
const countedSinceSql = (floor: SQL) => sql`
  cross join lateral (select ${floor} as floor) f
  left join lateral (
    select count(*)::int as n, min(np.created_at) as first from posts np
     where r.user_id is null and t.last_post_at > now() - ${NEW_WINDOW} and t.last_post_at > f.floor
       and t.created_at <= f.floor
       and np.thread_id = t.id and np.created_at > f.floor) s on true
  cross join lateral (select
    case
      when t.last_post_at <= now() - ${NEW_WINDOW} then 0
      when r.user_id is not null then greatest(t.reply_count + 1 - r.read_count, 0)
      when t.last_post_at <= f.floor then 0
      when t.created_at > f.floor then t.reply_count + 1
      else s.n
    end as n,
    case
      when r.user_id is not null then t.last_post_at
      when t.created_at > f.floor then t.created_at
      else s.first
    end + ${NEW_WINDOW} as changes) x`;

/** One community's counts as remembered (decision 070): under its version, until the clock changes them. */
export interface CommunityCounts {
  version: string;
  /** When the clock alone changes the counts (PostgreSQL's text of a timestamptz), or null: never. */
  until: string | null;
  /** The same moment in milliseconds, to find the first of them (Infinity: never). */
  untilMs: number;
  name: string;
  posts: number;
  threads: number;
}

export type CommunityCountsRow = {
  community_id: string;
  level: WatchLevel;
  version: string;
  /** Whether the name and counts below were read now (the remembered ones did not hold). */
  stale: boolean;
  name: string | null;
  posts: number;
  threads: number;
  until: string | null;
  until_ms: number | null;
  /** All the communities' versions in one, as countsHold reads them. */
  hash: string;
};

/**
 * The person's active memberships (`m`) and community_reads rows (`cr`), each one range of its
 * primary index, and each community's version (`version`, over `m`, `cr` and `tv`): the community's
 * thread versions (migrations 0065 and 0070: any change to its threads or posts that a count reads,
 * and its name), the person's community_reads row (its level, its mark, and reads_version, raised by
 * every write of their thread_reads rows in the community; its xmin) and when they joined.
 */
const myCommunitiesSql = (viewerId: string) => sql`
  mine as materialized (
    select m.community_id, m.joined_at, m.status from community_members m
     where m.user_id = ${viewerId} and m.status = 'active'),
  my_reads as materialized (
    select r.community_id, r.level, r.read_before, r.xmin::text as row_version from community_reads r
     where r.user_id = ${viewerId})`;
const versionedSql = sql`
  mine m
  left join my_reads cr on cr.community_id = m.community_id
  cross join lateral (
    select string_agg(tv.shard || ':' || tv.version, ',' order by tv.shard) as shards
      from community_thread_versions tv where tv.community_id = m.community_id) tv
  cross join lateral (
    select extract(epoch from m.joined_at)::text || '|' || coalesce(cr.row_version, '') || '|'
             || coalesce(tv.shards, '') as version offset 0) w`;
/** All of a person's versions in one: `r` rows of community_id and version. */
const versionsHashSql = (rows: SQL) =>
  sql`(select md5(coalesce(string_agg(r.community_id::text || '=' || r.version, ',' order by r.community_id), ''))
         from ${rows} r)`;

/**
 * Whether the person's counts remembered under `hash` (all their communities' versions, as
 * readCommunityCounts gives it) still hold: none of the versions has moved, no membership came or
 * went, and the clock has not reached `until`, the first moment it would change a count. What a
 * request whose counts hold costs: the person's memberships and community_reads rows, and one probe
 * of each community's thread versions. A named statement, planned once per connection.
 */
export async function countsHold(db: Db, viewerId: string, hash: string, until: string | null) {
  const [row] = await namedQuery<{ hold: boolean }>(
    db,
    'reading-community-counts-hold',
    sql`with ${myCommunitiesSql(viewerId)}
        select ${versionsHashSql(sql`(select m.community_id, w.version from ${versionedSql}) `)} = ${hash}
                 and coalesce(now() < ${until}::timestamptz, true) as hold`,
  );
  return row?.hold === true;
}

/**
 * A person's communities in name order, each with its version, and the name and counts read again
 * only for those whose remembered ones (`known`) no longer hold: another version, or the clock has
 * passed when they change. A community whose counts hold costs one probe of its thread versions and
 * is ordered by the name remembered with them. With them, the hash of all the versions, which
 * countsHold checks. A named statement, planned once per connection.
 */
export async function readCommunityCounts(
  db: Db,
  viewerId: string,
  known: Map<string, CommunityCounts>,
): Promise<CommunityCountsRow[]> {
  const ids: string[] = [];
  const versions: string[] = [];
  const untils: Array<string | null> = [];
  const names: string[] = [];
  for (const [id, counts] of known) {
    ids.push(id);
    versions.push(counts.version);
    untils.push(counts.until);
    names.push(counts.name);
  }
  return namedQuery<CommunityCountsRow>(
    db,
    'reading-community-counts-versioned',
    sql`with ${myCommunitiesSql(viewerId)},
        known as (
          select * from unnest(${sql.param(ids)}::uuid[], ${sql.param(versions)}::text[],
                               ${sql.param(untils)}::timestamptz[], ${sql.param(names)}::text[])
                   as k(community_id, version, until, name)),
        counted_rows as (
          select m.community_id, coalesce(cr.level, 'tracking') as level, v.version, v.stale,
                 cn.name, coalesce(u.posts, 0)::int as posts, coalesce(u.threads, 0)::int as threads,
                 u.until::text as until, (extract(epoch from u.until) * 1000)::float8 as until_ms,
                 case when v.stale then cn.name else k.name end as sort_name
            from ${versionedSql}
            left join known k on k.community_id = m.community_id
            cross join lateral (
              select w.version, k.version is distinct from w.version or coalesce(k.until <= now(), false) as stale
              offset 0) v
            left join lateral (select c.name from communities c where v.stale and c.id = m.community_id offset 0) cn
              on true
            left join lateral (
              select sum(x.n) as posts, count(*) filter (where x.n > 0) as threads,
                     min(x.changes) filter (where x.n > 0) as until
                from threads t
                left join thread_reads r on r.user_id = ${viewerId} and r.thread_id = t.id
                ${countedSinceSql(sql`greatest(cr.read_before, m.joined_at, now() - ${NEW_WINDOW})`)}
               where v.stale and t.community_id = m.community_id and t.last_post_at > now() - ${NEW_WINDOW}
                 and ${counted(levelSql)}
            ) u on true)
        select c.community_id, c.level, c.version, c.stale, c.name, c.posts, c.threads, c.until, c.until_ms,
               ${versionsHashSql(sql`counted_rows`)} as hash
          from counted_rows c
         order by c.sort_name, c.community_id`,
  );
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
