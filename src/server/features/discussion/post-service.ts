import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { excerpt, renderMarkdown } from '#server/platform/markdown.ts';
import { namedQuery } from '#server/db/named-query.ts';
import { activitySql, recordActivity } from '#server/platform/activity.ts';
import { publishCommitted } from '#server/platform/realtime.ts';
import type { CreateReplyBody, PostView, Revision, UpdatePostBody } from '#shared/contracts/discussion.ts';
import { canFacilitate, canParticipate, canReadContent, findThreadCommunity } from '../communities/index.ts';
import {
  assertParticipant,
  type CommunityContext,
  readablePost,
  readableThread,
  type ThreadRow,
} from './access.ts';
import { iso, presentPost } from './present.ts';
import { authorReadSql, findWatchers } from './reading-queries.ts';
import type { PostListRow } from './queries.ts';
import { findByIdempotencyKey, isIdempotencyConflict, loadPostRow, postSearch } from './write.ts';

const LOCKED = 'This thread is locked; no one may reply or edit in it.';
const THREAD_EXTENSION = 'https://trellis.dev/xapi/extensions/thread';

async function viewPost(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0] | Db,
  actor: Actor,
  postId: string,
  thread: Pick<ThreadRow, 'locked_at' | 'insight_post_id'> & { title?: string },
  community: CommunityContext,
): Promise<PostView> {
  return presentPost(await loadPostRow(tx, postId, actor.userId), {
    userId: actor.userId,
    participant: canParticipate(community),
    facilitator: canFacilitate(community),
    locked: thread.locked_at !== null,
    insightPostId: thread.insight_post_id,
  });
}

/**
 * Replies in a thread, or to a top-level reply. A retry with the same idempotency key returns the
 * reply the first request saved.
 */
export async function createReply(args: {
  db: Db;
  actor: Actor;
  threadId: string;
  body: CreateReplyBody;
  /** Told when the saved reply's signals could not be sent (the reply stands; open pages resync). */
  onSignalsLost?: () => void;
}): Promise<{ post: PostView; created: boolean }> {
  const { db, actor, body } = args;
  const replay = async () => {
    const existing = await findByIdempotencyKey(db, actor.userId, body.idempotencyKey);
    if (!existing) return null;
    if (existing.thread_id !== args.threadId || existing.is_opening)
      throw new ConflictError('This idempotencyKey was already used for another post.', [
        { path: '/body/idempotencyKey', message: 'was already used for another post' },
      ]);
    const { thread, community } = await readableThread(db, actor, args.threadId);
    return { post: await viewPost(db, actor, existing.id, thread, community), created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  for (let attempt = 1; ; attempt++) {
    try {
      return await saveReply(db, actor, args.threadId, body, args.onSignalsLost);
    } catch (error) {
      if (isIdempotencyConflict(error)) {
        const again = await replay();
        if (again) return again;
      }
      // The thread moved to another community while the reply was written: write it again there.
      if (error instanceof ThreadMoved && attempt < 3) continue;
      throw error;
    }
  }
}

/** The thread changed community between the reply's first read and its last write. */
class ThreadMoved extends Error {}

/** What the reply's statement returns: the post as the thread page shows it, and who was told of it. */
type SavedReply = PostListRow & { told: string[] | null };

/**
 * Writes a reply and everything that follows from it in one statement, its own transaction (decision
 * 023): the thread's count and last post, the community's last activity, the post (whose triggers
 * write its search document and, at commit, bump the thread's page version), the attachments it
 * claims, its xAPI statement, feed items and notifications; its signals go once it has committed.
 * Before it, the thread and community are read as they are (as a transaction under READ COMMITTED
 * would read them) to decide whether the person may reply. The statement's first write counts the
 * reply on the thread only if the thread is still open and still in that community, and every other
 * write depends on that one: a lock or a move that committed first (the UPDATE waits for it and
 * checks again) leaves the statement writing nothing, and the reply is refused (locked) or written
 * again (moved). The thread's row is so held only for the rest of one statement and its commit, and
 * the community's at most once a second.
 */
async function saveReply(
  db: Db,
  actor: Actor,
  threadId: string,
  body: CreateReplyBody,
  onSignalsLost?: () => void,
) {
  // The thread and its community in one read, with the same checks as readableThread.
  const found = await findThreadCommunity(db, actor, threadId);
  if (!found || !canReadContent(actor, found.community)) throw new NotFoundError('No such thread.');
  const { thread, community } = found;
  assertParticipant(community);
  if (thread.locked_at) throw new ConflictError(LOCKED);
  let parentAuthor: string | null = null;
  if (body.parentId) {
    const { rows } = await db.execute<{ author_id: string }>(
      sql`select author_id from posts where id = ${body.parentId} and thread_id = ${thread.id}
            and parent_id is null and not is_opening`,
    );
    if (!rows[0]) throw invalidField('/body/parentId', 'must be a top-level reply in this thread');
    parentAuthor = rows[0].author_id;
  }
  const id = uuidv7();
  const rendered = renderMarkdown(body.body);
  const files = [...new Set(body.attachmentIds ?? [])];
  const about = { communityId: community.id, threadId: thread.id, postId: id };
  const data = {
    actorName: actor.name,
    threadTitle: thread.title,
    communityName: community.name,
    excerpt: excerpt(rendered.text, 160),
  };
  // Those who watch the thread or its community hear of every post, unless told already.
  const told = new Set([actor.userId, thread.author_id, parentAuthor, ...rendered.mentions]);
  const watchers = (await findWatchers(db, thread.id, community.id)).filter((userId) => !told.has(userId));
  const activity = activitySql(
    {
      actor,
      verb: 'replied',
      object: { type: 'post', id },
      context: { communityId: community.id, extensions: { [THREAD_EXTENSION]: thread.id } },
      notify: [
        { kind: 'reply', to: [thread.author_id, parentAuthor], about, data },
        { kind: 'mention', to: rendered.mentions, about, data },
        { kind: 'watching', to: watchers, about, data },
      ],
      signals: [
        { topic: `thread:${thread.id}`, type: 'post', id },
        { topic: `community:${community.id}`, type: 'thread', id: thread.id },
      ],
    },
    sql`exists (select 1 from reply_post)`,
  );
  // Attachments are locked first and must all still be the author's and unused, or nothing is written.
  const claimable = files.length
    ? sql`claimable as (
        select a.id from post_attachments a
         where a.id = any(${sql.param(files)}::uuid[]) and a.uploader_id = ${actor.userId} and a.post_id is null
           for update),`
    : sql``;
  const [saved] = await namedQuery<SavedReply>(
    db,
    `discussion-reply-${files.length ? 'files-' : ''}${activity.shape}`,
    sql`
    with ${claimable}
    thread_counted as (
      update threads set reply_count = reply_count + 1, last_post_at = greatest(last_post_at, now())
       where id = ${thread.id} and community_id = ${community.id} and locked_at is null
         ${files.length ? sql`and (select count(*) from claimable) = ${files.length}` : sql``}
      returning id, community_id, reply_count),
    -- The thread's row, then its community's: the order a move takes them.
    -- A community's last activity moves on at most once a second: replies within the same second
    -- leave its row alone rather than each waiting to lock it until the one before has committed.
    community_touched as (
      update communities c set last_activity_at = now()
        from thread_counted t where c.id = t.community_id and c.last_activity_at < now() - interval '1 second'
      returning c.id),
    reply_post as (
      insert into posts (id, thread_id, community_id, author_id, parent_id, is_opening, body_md, body_html,
                         search, idempotency_key)
      select ${id}::uuid, t.id, t.community_id, ${actor.userId}::uuid, ${body.parentId ?? null}::uuid, false,
             ${body.body}, ${rendered.html}, ${postSearch(null, rendered.text)}, ${body.idempotencyKey ?? null}
        from thread_counted t
      returning id, thread_id, author_id, parent_id, is_opening, body_md, body_html, helpful_count, tried_count,
                created_at),
    ${
      files.length
        ? sql`claimed as (
      update post_attachments a set post_id = p.id from reply_post p
       where a.id in (select c.id from claimable c)
      returning a.id, a.filename, a.file_key, a.created_at),`
        : sql``
    }
    -- The author has read the thread to their reply, and tracks it unless they chose otherwise.
    author_read as (${authorReadSql(actor.userId, sql`select id, community_id, reply_count from thread_counted`, sql`${id}::uuid`)}),
    ${activity.ctes}
    select p.*, null::timestamptz as edited_at, null::timestamptz as deleted_at, null::timestamptz as hidden_at,
           null::text as hidden_reason, u.name as author_name, pr.role_title, d.name as district_name,
           null::text[] as mine,
           ${
             files.length
               ? sql`(select json_agg(json_build_object('id', a.id, 'filename', a.filename,
                       'content_type', f.content_type, 'byte_size', f.byte_size) order by a.created_at)
                        from claimed a join files f on f.key = a.file_key)`
               : sql`null::json`
           } as attachments,
           null::int as top_rank, ${activity.told} as told
      from reply_post p
      join users u on u.id = p.author_id
      left join profiles pr on pr.user_id = p.author_id
      left join organizations d on d.id = u.district_id`,
  );
  if (!saved) {
    // Nothing was written: say why, as the thread now stands.
    const { rows } = await db.execute<{ locked: boolean; community_id: string }>(
      sql`select locked_at is not null as locked, community_id from threads where id = ${thread.id}`,
    );
    if (!rows[0]) throw new NotFoundError('No such thread.');
    if (rows[0].locked) throw new ConflictError(LOCKED);
    if (rows[0].community_id === community.id && files.length)
      throw invalidField('/body/attachmentIds', 'must be files you uploaded that no post uses yet');
    throw new ThreadMoved();
  }
  if (!(await publishCommitted(db, activity.signals(saved.told)))) onSignalsLost?.();
  const post = presentPost(saved, {
    userId: actor.userId,
    participant: canParticipate(community),
    facilitator: canFacilitate(community),
    locked: false,
    insightPostId: thread.insight_post_id,
  });
  return { post, created: true };
}

/** The author rewords their post (and, for an opening post, the thread's title); the old wording is kept. */
export async function editPost(args: {
  db: Db;
  actor: Actor;
  postId: string;
  body: UpdatePostBody;
}): Promise<PostView> {
  const { db, actor, body } = args;
  return db.transaction(async (tx) => {
    const { post, community } = await readablePost(tx, actor, args.postId, true);
    if (post.author_id !== actor.userId) throw new ForbiddenError('Only its author may edit a post.');
    if (post.deleted_at) throw new ConflictError('This post was deleted.');
    assertParticipant(community);
    const { thread } = await readableThread(tx, actor, post.thread_id, true);
    if (thread.locked_at) throw new ConflictError(LOCKED);
    if (body.title !== undefined && !post.is_opening)
      throw invalidField('/body/title', 'only an opening post has a title');
    const title = post.is_opening ? (body.title ?? thread.title) : null;
    await tx.execute(sql`insert into post_revisions (id, post_id, title, body_md, body_html)
      values (${uuidv7()}, ${post.id}, ${post.is_opening ? thread.title : null}, ${post.body_md}, ${post.body_html})`);
    const before = renderMarkdown(post.body_md);
    const rendered = renderMarkdown(body.body);
    await tx.execute(sql`update posts set body_md = ${body.body}, body_html = ${rendered.html},
        search = ${postSearch(title, rendered.text)}, edited_at = now() where id = ${post.id}`);
    if (post.is_opening && title !== thread.title)
      await tx.execute(sql`update threads set title = ${title} where id = ${thread.id}`);
    const added = rendered.mentions.filter((m) => !before.mentions.includes(m));
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'post', id: post.id },
      context: { communityId: community.id, extensions: { [THREAD_EXTENSION]: thread.id } },
      notify: [
        {
          kind: 'mention',
          to: added,
          about: { communityId: community.id, threadId: thread.id, postId: post.id },
          data: {
            actorName: actor.name,
            threadTitle: title ?? thread.title,
            communityName: community.name,
            excerpt: excerpt(rendered.text, 160),
          },
        },
      ],
      signals: [{ topic: `thread:${thread.id}`, type: 'post', id: post.id }],
    });
    return viewPost(tx, actor, post.id, { ...thread, title: title ?? thread.title }, community);
  });
}

/** Earlier wordings of a post, oldest first, for anyone who may read it. */
export async function listRevisions(args: { db: Db; actor: Actor; postId: string }): Promise<Revision[]> {
  const { db, actor } = args;
  const { post, community } = await readablePost(db, actor, args.postId);
  // Earlier words of a hidden or deleted post are hidden with it.
  const hiddenFromViewer =
    post.deleted_at || (post.hidden_at && post.author_id !== actor.userId && !canFacilitate(community));
  if (hiddenFromViewer) return [];
  const { rows } = await db.execute<{
    id: string;
    title: string | null;
    body_html: string;
    replaced_at: Date;
  }>(
    sql`select id, title, body_html, replaced_at from post_revisions where post_id = ${post.id}
        order by replaced_at, id`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    bodyHtml: r.body_html,
    replacedAt: iso(r.replaced_at),
  }));
}

/** The author deletes their post: it keeps its place (and its replies) without its words. */
export async function deletePost(args: { db: Db; actor: Actor; postId: string }): Promise<void> {
  const { db, actor } = args;
  await db.transaction(async (tx) => {
    const { post, community } = await readablePost(tx, actor, args.postId, true);
    if (post.author_id !== actor.userId) throw new ForbiddenError('Only its author may delete a post.');
    if (post.deleted_at) return;
    await tx.execute(sql`update posts set deleted_at = now(), search = null where id = ${post.id}`);
    await tx.execute(sql`update threads set insight_post_id = null
      where id = ${post.thread_id} and insight_post_id = ${post.id}`);
    await recordActivity(tx, {
      actor,
      verb: 'deleted',
      object: { type: 'post', id: post.id },
      context: { communityId: community.id, extensions: { [THREAD_EXTENSION]: post.thread_id } },
      signals: [
        { topic: `thread:${post.thread_id}`, type: 'post', id: post.id },
        { topic: `community:${community.id}`, type: 'thread', id: post.thread_id },
      ],
    });
  });
}

/** Adds or takes back a reaction; counts on the post follow. */
export async function setReaction(args: {
  db: Db;
  actor: Actor;
  postId: string;
  kind: 'helpful' | 'tried';
  on: boolean;
}) {
  const { db, actor, kind } = args;
  return db.transaction(async (tx) => {
    const { post, community } = await readablePost(tx, actor, args.postId, true);
    assertParticipant(community);
    if (post.author_id === actor.userId) throw new ForbiddenError('You cannot react to your own post.');
    if (post.deleted_at || post.hidden_at)
      throw new ConflictError('This post is not shown; it cannot be reacted to.');
    const column = sql.raw(kind === 'helpful' ? 'helpful_count' : 'tried_count');
    let changed = false;
    if (args.on) {
      const { rows } = await tx.execute(sql`insert into post_reactions (post_id, user_id, kind)
        values (${post.id}, ${actor.userId}, ${kind}) on conflict do nothing returning post_id`);
      changed = rows.length > 0;
      if (changed) await tx.execute(sql`update posts set ${column} = ${column} + 1 where id = ${post.id}`);
    } else {
      const { rows } = await tx.execute(sql`delete from post_reactions
        where post_id = ${post.id} and user_id = ${actor.userId} and kind = ${kind} returning post_id`);
      changed = rows.length > 0;
      if (changed)
        await tx.execute(sql`update posts set ${column} = greatest(${column} - 1, 0) where id = ${post.id}`);
    }
    // Reacting again, or taking back what was not given, changes nothing and records nothing.
    if (changed)
      await recordActivity(tx, {
        actor,
        verb: args.on ? 'reacted' : 'unreacted',
        object: { type: 'post', id: post.id },
        context: { communityId: community.id, extensions: { [THREAD_EXTENSION]: post.thread_id } },
        result: { response: kind },
        signals: [{ topic: `thread:${post.thread_id}`, type: 'reaction', id: post.id }],
      });
    const { rows } = await tx.execute<{ helpful_count: number; tried_count: number; mine: string[] | null }>(
      sql`select helpful_count, tried_count,
            (select array_agg(kind order by kind) from post_reactions where post_id = p.id and user_id = ${actor.userId}) as mine
          from posts p where id = ${post.id}`,
    );
    const row = rows[0];
    return {
      helpful: row.helpful_count,
      tried: row.tried_count,
      mine: (row.mine ?? []) as Array<'helpful' | 'tried'>,
    };
  });
}
