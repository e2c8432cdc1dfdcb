import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import { defineJob, type JobData } from '#server/platform/jobs.ts';
import { markdownExcerpt } from '#server/platform/markdown.ts';
import type { Bookmark, BookmarksResponse, CreateBookmarkBody } from '#shared/contracts/reading.ts';
import { readableCommunitySql, readersAmong } from '../communities/index.ts';
import { readablePost, readableThread } from './access.ts';
import { REMINDED } from './activity.ts';
import { iso } from './present.ts';

type BookmarkRow = {
  id: string;
  thread_id: string;
  thread_title: string;
  community_id: string;
  community_name: string;
  post_id: string | null;
  post_body: string | null;
  post_author: string | null;
  post_gone: boolean | null;
  remind_at: Date | string | null;
  reminded_at: Date | string | null;
  created_at: Date | string;
  sort_key: string;
};

const present = (row: BookmarkRow): Bookmark => ({
  id: row.id,
  kind: row.post_id ? 'post' : 'thread',
  thread: { id: row.thread_id, title: row.thread_title },
  community: { id: row.community_id, name: row.community_name },
  post: row.post_id
    ? {
        id: row.post_id,
        excerpt: row.post_gone ? '' : markdownExcerpt(row.post_body ?? '', 200),
        author: row.post_author ?? '',
      }
    : null,
  remindAt: row.remind_at ? iso(row.remind_at) : null,
  remindedAt: row.reminded_at ? iso(row.reminded_at) : null,
  createdAt: iso(row.created_at),
});

/** The person's bookmarks with what they point at, where they may still read it. */
const bookmarkRows = (actor: Actor, where: ReturnType<typeof sql>) => sql`
  select b.id, t.id as thread_id, t.title as thread_title, c.id as community_id, c.name as community_name,
         b.post_id, p.body_md as post_body, u.name as post_author,
         (p.deleted_at is not null or p.hidden_at is not null) as post_gone,
         b.remind_at, b.reminded_at, b.created_at, b.created_at::text as sort_key
    from bookmarks b
    join threads t on t.id = b.thread_id
    join communities c on c.id = t.community_id
    left join posts p on p.id = b.post_id
    left join users u on u.id = p.author_id
   where b.user_id = ${actor.userId} and ${readableCommunitySql(actor, 'c')} and ${where}`;

async function loadBookmark(db: Db | Tx, actor: Actor, id: string): Promise<Bookmark> {
  const { rows } = await db.execute<BookmarkRow>(bookmarkRows(actor, sql`b.id = ${id}`));
  if (!rows[0]) throw new NotFoundError('No such bookmark.');
  return present(rows[0]);
}

/** Bookmarks a thread or a post the person may read; bookmarking it again sets its reminder anew. */
export async function createBookmark(args: { db: Db; actor: Actor; body: CreateBookmarkBody }) {
  const { db, actor, body } = args;
  let threadId: string;
  if (body.postId) {
    const { post } = await readablePost(db, actor, body.postId);
    if (post.deleted_at || post.hidden_at) throw new NotFoundError('No such post.');
    threadId = post.thread_id;
  } else {
    threadId = (await readableThread(db, actor, body.threadId ?? '')).thread.id;
  }
  const remindAt = body.remindAt ?? null;
  const { rows } = await db.execute<{ id: string; created: boolean }>(sql`
    insert into bookmarks (id, user_id, thread_id, post_id, remind_at)
    values (${uuidv7()}, ${actor.userId}, ${threadId}, ${body.postId ?? null}, ${remindAt})
    on conflict (user_id, thread_id, coalesce(post_id, '00000000-0000-0000-0000-000000000000'::uuid))
    do update set remind_at = coalesce(excluded.remind_at, bookmarks.remind_at),
                  reminded_at = case when excluded.remind_at is null then bookmarks.reminded_at end
    returning id, xmax = 0 as created`);
  return { bookmark: await loadBookmark(db, actor, rows[0].id), created: rows[0].created };
}

/** The person's bookmarks, newest first. */
export async function listBookmarks(args: {
  db: Db;
  actor: Actor;
  query: { cursor?: string; limit: number };
}): Promise<BookmarksResponse> {
  const { db, actor, query } = args;
  const cursor = query.cursor ? decodeTimeCursor(query.cursor) : null;
  const { rows } = await db.execute<BookmarkRow>(sql`${bookmarkRows(
    actor,
    cursor ? sql`(b.created_at, b.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql`true`,
  )}
    order by b.created_at desc, b.id desc limit ${query.limit + 1}`);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(present),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

/** The person's bookmarks in one thread (of it and of its posts), for the thread's page. */
export async function listThreadBookmarks(args: { db: Db; actor: Actor; threadId: string }) {
  await readableThread(args.db, args.actor, args.threadId);
  const { rows } = await args.db.execute<{
    id: string;
    post_id: string | null;
    remind_at: Date | string | null;
  }>(
    sql`select id, post_id, remind_at from bookmarks where user_id = ${args.actor.userId} and thread_id = ${args.threadId}
         order by created_at`,
  );
  return rows.map((row) => ({
    id: row.id,
    postId: row.post_id,
    remindAt: row.remind_at ? iso(row.remind_at) : null,
  }));
}

/** Sets or clears a bookmark's reminder; a new time is reminded of again. */
export async function updateBookmark(args: { db: Db; actor: Actor; id: string; remindAt: string | null }) {
  const { db, actor } = args;
  const { rows } = await db.execute<{ id: string }>(sql`
    update bookmarks set remind_at = ${args.remindAt}, reminded_at = null
     where id = ${args.id} and user_id = ${actor.userId} returning id`);
  if (!rows[0]) throw new NotFoundError('No such bookmark.');
  return loadBookmark(db, actor, args.id);
}

export async function deleteBookmark(args: { db: Db; actor: Actor; id: string }) {
  const { rows } = await args.db.execute<{ id: string }>(
    sql`delete from bookmarks where id = ${args.id} and user_id = ${args.actor.userId} returning id`,
  );
  if (!rows[0]) throw new NotFoundError('No such bookmark.');
}

const BATCH = 100;

/**
 * Sends the reminders that are due: each in its own transaction with the mark that it was sent, as a
 * notification from Trellis to the person — only while they may still read the thread (a reminder of
 * something one lost access to is marked sent and says nothing).
 */
export async function sendDueReminders(db: Db): Promise<number> {
  let sent = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const { rows } = await tx.execute<{
        id: string;
        user_id: string;
        thread_id: string;
        post_id: string | null;
        community_id: string;
        title: string;
        community_name: string;
      }>(sql`select b.id, b.user_id, b.thread_id, b.post_id, t.community_id, t.title, c.name as community_name
               from bookmarks b join threads t on t.id = b.thread_id join communities c on c.id = t.community_id
              where b.remind_at <= now() and b.reminded_at is null
              order by b.remind_at limit ${BATCH} for update of b skip locked`);
      for (const row of rows) {
        await tx.execute(sql`update bookmarks set reminded_at = now() where id = ${row.id}`);
        const { rows: readers } = await tx.execute<{ id: string }>(
          readersAmong(row.community_id, [row.user_id]),
        );
        if (readers.length === 0) continue;
        await recordActivity(tx, {
          actor: null,
          verb: REMINDED,
          object: row.post_id
            ? { type: 'post', id: row.post_id }
            : { type: 'thread', id: row.thread_id, name: row.title },
          context: { communityId: row.community_id },
          notify: [
            {
              kind: 'bookmark_reminder',
              to: [row.user_id],
              about: { communityId: row.community_id, threadId: row.thread_id, postId: row.post_id },
              data: { threadTitle: row.title, communityName: row.community_name },
            },
          ],
        });
        sent++;
      }
      return rows.length;
    });
    if (done < BATCH) return sent;
  }
}

/** Reminders of bookmarks, every minute on whichever instance takes the job. */
export const bookmarkReminderJob = defineJob<JobData>({
  name: 'discussion.bookmark-reminders',
  title: 'Bookmark reminders',
  schedule: '* * * * *',
  policy: 'singleton',
  retryLimit: 2,
  async work(_job, app) {
    await sendDueReminders(app.db);
  },
});
