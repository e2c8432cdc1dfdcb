import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { ThreadType } from '#shared/contracts/discussion.ts';
import type { ThreadRow } from './access.ts';
import { countedLevelSql, levelSql, unreadSql } from './reading-queries.ts';

/** Where a page of threads ended: the last thread's sort key as it was then. */
export type ThreadCursor = { pinned: boolean; lastPostAt: string; id: string };

/** A community's name, owner and state, with the viewer's membership of it, read beside its threads. */
type CommunityStanding = {
  community_name: string;
  join_policy: 'open' | 'request' | 'invitation';
  owner_kind: 'school' | 'district' | 'network';
  owner_id: string;
  district_id: string | null;
  archived_at: Date | null;
  member_status: string | null;
  member_role: 'facilitator' | 'member' | null;
};

/**
 * A page of a community's threads: the community and the viewer's standing in it (for the read
 * check the caller makes), and the page itself as JSON text of ThreadSummary objects, written by
 * PostgreSQL, with the sort key of its last thread when more follow.
 */
export type ThreadListPage = Omit<CommunityStanding, 'community_name'> & {
  community_id: string;
  /** JSON text: an array of ThreadSummary, at most `limit` of them. */
  threads: string;
  /** The last thread's sort key, when a thread follows it. */
  next_pinned: boolean | null;
  next_key: string | null;
  next_id: string | null;
  /** What the page was written from (pageVersionSql): the same text means the same page. */
  version: string;
  /**
   * JSON text of a ListReading: the viewer's new posts and level for each thread of the version's
   * rows, read with them (decision 070), never remembered: it is the viewer's own.
   */
  reading: string;
};

/** A timestamp as JavaScript's toISOString writes it (milliseconds, UTC), in SQL. */
const isoSql = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type ThreadListArgs = {
  viewerId: string;
  communityId: string;
  type?: ThreadType;
  cursor?: ThreadCursor;
  limit: number;
};

/**
 * The rows a page of threads is written from: the page and one more (to know whether more follow),
 * in the list's order along threads_list_idx, each with its row version (`xmin`).
 */
function pageThreadsSql(args: ThreadListArgs): SQL {
  const after = args.cursor
    ? sql`and (t.pinned_at is not null, t.last_post_at, t.id) <
            (${args.cursor.pinned}::boolean, ${args.cursor.lastPostAt}::timestamptz, ${args.cursor.id}::uuid)`
    : sql``;
  return sql`select t.*, t.xmin::text as row_version from threads t
                     where t.community_id = c.id
                       ${args.type ? sql`and t.type = ${args.type}` : sql``}
                       ${after}
                     order by t.pinned_at is not null desc, t.last_post_at desc, t.id desc
                     limit ${args.limit + 1}`;
}

/**
 * What a page of threads was written from, as one text: each of its rows' id and row version
 * (`xmin`, which PostgreSQL gives a row anew in the transaction that inserts or updates it, so it
 * changes in the same transaction as anything the list shows of the thread: title, type, reply
 * count, last post, pinned, locked, insight, or the community it is in), in the list's order (so a
 * thread arriving, leaving or moving in the order changes it too), and the directory version
 * (authors' names, migration 0001).
 */
const pageVersionSql = (
  rows: SQL,
) => sql`coalesce(string_agg(${rows}.id::text || ':' || ${rows}.row_version, ','
                   order by ${rows}.pinned_at is not null desc, ${rows}.last_post_at desc, ${rows}.id desc), '')
         || '|' || coalesce((select dv.value::text from settings dv where dv.key = 'directory_version'), '0')`;

/**
 * The viewer's reading of each row of a page (over `t`, the page's rows, `r` their thread_reads row,
 * `m` and `cr` their membership and community_reads row of the community): new posts (counted
 * levels only) and the level, as reading-queries.ts counts them; and all of it as the JSON text of a
 * ListReading. Read in the statement that reads the page or checks its version, so a list with
 * counts is one round trip (decision 070).
 */
const readingRowSql = sql`case when ${countedLevelSql(levelSql)} then ${unreadSql} else 0 end as unread,
  ${levelSql} as level`;
const readingAggSql = sql`coalesce(json_object_agg(t.id, json_build_object('unread', t.unread, 'level', t.level)),
  '{}')::text`;

/**
 * Threads of a community: pinned first, then the most recently active. Keyset-paged by the sort key
 * the last page ended on, so a thread of that page becoming active again moves nothing of the next.
 *
 * One round trip, one row: the community and the viewer's membership, and the page as the JSON
 * text the response carries (presentThread's fields, in its order), so Trellis's one thread of
 * Node neither parses 21 rows of timestamps nor writes them out again; no row when the community
 * does not exist. A named statement per shape (type filter, cursor), each walking threads_list_idx
 * in order and stopping at the page. The page's version (pageVersionSql) comes with it, read in
 * the same snapshot, for remembering the text (thread-service.ts, listCommunityThreads).
 */
export async function listThreads(db: Db, args: ThreadListArgs): Promise<ThreadListPage | null> {
  const shape = `${args.type ? '-type' : ''}${args.cursor ? '-after' : ''}`;
  const rows = await namedQuery<ThreadListPage>(
    db,
    `discussion-thread-list-versioned${shape}`,
    sql`select c.id as community_id, c.join_policy, c.owner_kind, c.owner_id, c.district_id, c.archived_at,
               m.status as member_status, m.role as member_role, p.threads,
               p.next_pinned, p.next_key, p.next_id, p.version, p.reading
          from communities c
          left join community_members m on m.community_id = c.id and m.user_id = ${args.viewerId}
          left join community_reads cr on cr.user_id = ${args.viewerId} and cr.community_id = c.id
          cross join lateral (
            select coalesce(json_agg(json_build_object(
                     'id', t.id, 'communityId', t.community_id, 'type', t.type, 'title', t.title,
                     'author', json_build_object('id', t.author_id, 'name', u.name),
                     'replyCount', t.reply_count,
                     'lastPostAt', ${isoSql(sql`t.last_post_at`)}, 'createdAt', ${isoSql(sql`t.created_at`)},
                     'pinned', t.pinned_at is not null, 'locked', t.locked_at is not null,
                     'hasInsight', t.insight_post_id is not null) order by t.n)
                     filter (where t.n <= ${args.limit}), '[]')::text as threads,
                   bool_or(t.pinned_at is not null) filter (where t.n = ${args.limit} and t.more) as next_pinned,
                   min(t.last_post_at::text) filter (where t.n = ${args.limit} and t.more) as next_key,
                   min(t.id::text) filter (where t.n = ${args.limit} and t.more) as next_id,
                   coalesce(string_agg(t.id::text || ':' || t.row_version, ',' order by t.n), '')
                     || '|' || coalesce((select dv.value::text from settings dv where dv.key = 'directory_version'), '0')
                     as version,
                   ${readingAggSql} as reading
              from (
                select t.id, t.community_id, t.author_id, t.type, t.title, t.pinned_at, t.locked_at,
                       t.insight_post_id, t.reply_count, t.last_post_at, t.created_at, t.row_version,
                       row_number() over (order by t.pinned_at is not null desc, t.last_post_at desc, t.id desc) as n, count(*) over () > ${args.limit} as more,
                       ${readingRowSql}
                  from (${pageThreadsSql(args)}) t
                  left join thread_reads r on r.user_id = ${args.viewerId} and r.thread_id = t.id
              ) t
              join users u on u.id = t.author_id
          ) p
         where c.id = ${args.communityId}`,
  );
  return rows[0] ?? null;
}

/**
 * The community, the viewer's membership of it and the version of a page of its threads
 * (pageVersionSql), without writing the page: what a remembered page is checked against. The same
 * rows, in the same order, as listThreads reads for the page; with the viewer's reading of them,
 * from the rows just read (one round trip for a list with counts).
 */
export async function checkThreadList(
  db: Db,
  args: ThreadListArgs,
): Promise<Omit<ThreadListPage, 'threads' | 'next_pinned' | 'next_key' | 'next_id'> | null> {
  const shape = `${args.type ? '-type' : ''}${args.cursor ? '-after' : ''}`;
  const rows = await namedQuery<Omit<ThreadListPage, 'threads' | 'next_pinned' | 'next_key' | 'next_id'>>(
    db,
    `discussion-thread-list-check${shape}`,
    sql`select c.id as community_id, c.join_policy, c.owner_kind, c.owner_id, c.district_id, c.archived_at,
               m.status as member_status, m.role as member_role, p.version, p.reading
          from communities c
          left join community_members m on m.community_id = c.id and m.user_id = ${args.viewerId}
          left join community_reads cr on cr.user_id = ${args.viewerId} and cr.community_id = c.id
          cross join lateral (
            select ${pageVersionSql(sql`t`)} as version, ${readingAggSql} as reading
              from (select t.id, t.pinned_at, t.last_post_at, t.row_version, ${readingRowSql}
                      from (${pageThreadsSql(args)}) t
                      left join thread_reads r on r.user_id = ${args.viewerId} and r.thread_id = t.id) t
          ) p
         where c.id = ${args.communityId}`,
  );
  return rows[0] ?? null;
}

/** The thread, its community and the viewer's standing, for the thread page: one planned query. */
export type ThreadHeadRow = ThreadRow & { author_name: string } & CommunityStanding;

export async function findThreadHead(
  db: Db,
  actor: Actor,
  threadId: string,
  /** The posts of a page this instance remembers: the viewer's reactions to them come with the head. */
  postIds: string[],
) {
  // Post ids are uuidv7, so a page's posts lie between its least and greatest id: the viewer's
  // reactions to them are one short range of post_reactions_user_idx.
  let first: string | null = null;
  let last: string | null = null;
  for (const id of postIds) {
    if (first === null || id < first) first = id;
    if (last === null || id > last) last = id;
  }
  const rows = await namedQuery<
    ThreadHeadRow & {
      page_version: string;
      directory_version: string | null;
      mine: Array<{ post_id: string; kind: 'helpful' | 'tried' }> | null;
    }
  >(
    db,
    'discussion-thread-head-versioned',
    sql`select t.*, coalesce(v.version, 0)::text as page_version, u.name as author_name,
               c.name as community_name, c.join_policy, c.owner_kind, c.owner_id, c.district_id, c.archived_at,
               m.status as member_status, m.role as member_role,
               (select dv.value::text from settings dv where dv.key = 'directory_version') as directory_version,
               (select json_agg(json_build_object('post_id', r.post_id, 'kind', r.kind) order by r.kind)
                  from post_reactions r
                 where r.user_id = ${actor.userId} and r.post_id between ${first}::uuid and ${last}::uuid
                   and r.post_id = any(${sql.param(postIds)}::uuid[])) as mine
          from threads t
          left join thread_page_versions v on v.thread_id = t.id
          join users u on u.id = t.author_id
          join communities c on c.id = t.community_id
          left join community_members m on m.community_id = c.id and m.user_id = ${actor.userId}
         where t.id = ${threadId}`,
  );
  return rows[0] ?? null;
}

export type PostListRow = {
  id: string;
  thread_id: string;
  author_id: string;
  parent_id: string | null;
  is_opening: boolean;
  body_md: string;
  body_html: string;
  helpful_count: number;
  tried_count: number;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
  author_name: string;
  role_title: string | null;
  district_name: string | null;
  mine: Array<'helpful' | 'tried'> | null;
  attachments: Array<{ id: string; filename: string; content_type: string; byte_size: number }> | null;
  /** Set on the page's top-level replies: their order, to find where the page ends. */
  top_rank: number | null;
};

/**
 * The opening post, one page of top-level replies (oldest first, after the cursor reply) and all
 * of their replies, with authors, the viewer's reactions and attachments: one planned query on
 * posts_thread_idx.
 */
export async function listThreadPosts(
  db: Db,
  args: { threadId: string; viewerId: string; cursor: string | null; limit: number },
) {
  return namedQuery<PostListRow>(
    db,
    'discussion-thread-posts',
    sql`with top as (
          select p.id, row_number() over (order by p.created_at, p.id) as rank
            from posts p
           where p.thread_id = ${args.threadId} and p.parent_id is null and not p.is_opening
             and (${args.cursor}::uuid is null or (p.created_at, p.id) >
                  (select k.created_at, k.id from posts k where k.id = ${args.cursor}::uuid and k.thread_id = ${args.threadId}))
           order by p.created_at, p.id
           limit ${args.limit + 1}
        )
        select p.id, p.thread_id, p.author_id, p.parent_id, p.is_opening, p.body_md, p.body_html, p.helpful_count,
               p.tried_count, p.created_at, p.edited_at, p.deleted_at, p.hidden_at, p.hidden_reason,
               u.name as author_name, pr.role_title, d.name as district_name,
               (select array_agg(r.kind order by r.kind) from post_reactions r
                 where r.post_id = p.id and r.user_id = ${args.viewerId}) as mine,
               (select json_agg(json_build_object('id', a.id, 'filename', a.filename,
                         'content_type', f.content_type, 'byte_size', f.byte_size) order by a.created_at)
                  from post_attachments a join files f on f.key = a.file_key where a.post_id = p.id) as attachments,
               top.rank as top_rank
          from posts p
          join users u on u.id = p.author_id
          left join profiles pr on pr.user_id = p.author_id
          left join organizations d on d.id = u.district_id
          left join top on top.id = p.id
         where p.thread_id = ${args.threadId}
           and (p.is_opening or top.id is not null or p.parent_id in (select id from top))
         order by p.created_at, p.id`,
  );
}

// ─── Attachments ────────────────────────────────────────────────────────────────────────────────

/** Records an uploaded file and its attachment, which no post uses yet. */
export async function insertAttachment(
  tx: Tx,
  a: { id: string; key: string; uploaderId: string; contentType: string; byteSize: number; filename: string },
): Promise<void> {
  await tx.execute(sql`insert into files (key, owner_id, content_type, byte_size)
    values (${a.key}, ${a.uploaderId}, ${a.contentType}, ${a.byteSize})`);
  await tx.execute(sql`insert into post_attachments (id, post_id, uploader_id, file_key, filename)
    values (${a.id}, null, ${a.uploaderId}, ${a.key}, ${a.filename})`);
}

/** An attachment with its file's type and, once a post uses it, what the read check needs of the post. */
export async function findAttachment(db: Db, id: string) {
  const { rows } = await db.execute<{
    uploader_id: string;
    filename: string;
    file_key: string;
    content_type: string;
    post_id: string | null;
    community_id: string | null;
    author_id: string | null;
    deleted_at: Date | null;
    hidden_at: Date | null;
  }>(sql`select a.uploader_id, a.filename, a.file_key, f.content_type, a.post_id, p.community_id,
           p.author_id, p.deleted_at, p.hidden_at
         from post_attachments a join files f on f.key = a.file_key
         left join posts p on p.id = a.post_id
         where a.id = ${id}`);
  return rows[0];
}
