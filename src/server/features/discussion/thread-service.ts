import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { excerpt } from '#server/platform/markdown.ts';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import type { RealtimeSignal } from '#server/platform/realtime.ts';
import type {
  CreateThreadBody,
  ThreadSummary,
  ThreadType,
  UpdateThreadBody,
} from '#shared/contracts/discussion.ts';
import { canFacilitate, canParticipate, canReadContent, isMember } from '../communities/index.ts';
import {
  assertFacilitator,
  assertParticipant,
  type CommunityContext,
  facilitatedCommunities,
  findCommunity,
  readableCommunity,
  readablePost,
  readableThread,
  type ThreadRow,
} from './access.ts';
import { arrangePostsText, presentThread } from './present.ts';
import { authorReadSql, findWatchers } from './reading-queries.ts';
import {
  checkThreadList,
  findThreadHead,
  listThreadPosts,
  listThreads,
  type ThreadCursor,
} from './queries.ts';
import { threadPageCache, threadPageKey, threadPageVersion } from './thread-page-cache.ts';
import { findByIdempotencyKey, insertPost, isIdempotencyConflict } from './write.ts';

function readThreadCursor(cursor: string): ThreadCursor {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor this list gave');
  const [pinned, lastPostAt, id] = decodeCursor(cursor, 3, bad) as [unknown, unknown, string];
  if (typeof pinned !== 'boolean' || typeof lastPostAt !== 'string') throw bad();
  if (Number.isNaN(Date.parse(lastPostAt.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')))) throw bad();
  return { pinned, lastPostAt, id };
}

const THREAD_EXTENSION = 'https://trellis.dev/xapi/extensions/thread';
/**
 * Pages of threads as written (the JSON text and where the next page starts), remembered under the
 * version read with them (queries.ts, pageVersionSql): every row's id and row version in order and
 * the directory version. A request asks only for the community, the viewer's membership and that
 * version, which costs PostgreSQL a third of writing the page; the text is used only when the
 * version is the same, so a reply, an edit, a pin, a move or a renamed author shows at once, on
 * every instance. The text is the same for every viewer: who may read it is decided per request.
 */
const threadListCache = cachePerDatabase<{ version: string; threads: string; nextCursor: string | null }>(
  8 * 1024 * 1024,
  (page) => 200 + page.threads.length + page.version.length,
);

/**
 * Threads of a community the viewer may read, as the JSON text of a ThreadListResponse; the page's
 * threads come written by the statement (queries.ts, listThreads), or remembered under its version.
 */
export async function listCommunityThreads(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  query: { type?: ThreadType; cursor?: string; limit: number };
}): Promise<string> {
  const { db, actor, query } = args;
  const cursor = query.cursor ? readThreadCursor(query.cursor) : undefined;
  const listArgs = {
    viewerId: actor.userId,
    communityId: args.communityId,
    type: query.type,
    cursor,
    limit: query.limit,
  };
  const lists = threadListCache(db);
  const key = `${args.communityId}|${query.type ?? ''}|${query.cursor ?? ''}|${query.limit}`;
  const remembered = lists.get(key);
  const head = remembered ? await checkThreadList(db, listArgs) : null;
  let page: { version: string; threads: string; nextCursor: string | null } | undefined;
  let standing: typeof head = head;
  if (remembered && head && head.version === remembered.version) page = remembered;
  else {
    const read = await listThreads(db, listArgs);
    standing = read;
    if (read) {
      page = {
        version: read.version,
        threads: read.threads,
        nextCursor:
          read.next_id === null
            ? null
            : encodeCursor([read.next_pinned === true, read.next_key, read.next_id]),
      };
      lists.set(key, page);
    }
  }
  const community = standing && {
    joinPolicy: standing.join_policy,
    ownerKind: standing.owner_kind,
    ownerId: standing.owner_id,
    districtId: standing.district_id,
    archivedAt: standing.archived_at,
    membership: standing.member_status
      ? { status: standing.member_status, role: standing.member_role ?? 'member' }
      : null,
  };
  if (!page || !community || !canReadContent(actor, community)) throw new NotFoundError('No such community.');
  // The viewer's own counts, beside the page that is the same for everyone: read with the page's
  // version (or with the page), for the rows of that version.
  return `{"data":${page.threads},"nextCursor":${JSON.stringify(page.nextCursor)},"reading":${standing?.reading ?? '{}'}}`;
}

async function threadSummary(db: Db | Parameters<Parameters<Db['transaction']>[0]>[0], threadId: string) {
  const { rows } = await db.execute<ThreadRow & { author_name: string }>(
    sql`select t.*, u.name as author_name from threads t join users u on u.id = t.author_id where t.id = ${threadId}`,
  );
  return presentThread(rows[0]);
}

/**
 * Starts a thread with its opening post. A retry with the same idempotency key returns the thread
 * the first request started.
 */
export async function createThread(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  body: CreateThreadBody;
}): Promise<{ thread: ThreadSummary; created: boolean }> {
  const { db, actor, body } = args;
  const replay = async () => {
    const existing = await findByIdempotencyKey(db, actor.userId, body.idempotencyKey);
    if (!existing) return null;
    if (!existing.is_opening)
      throw new ConflictError('This idempotencyKey was already used for another post.', [
        { path: '/body/idempotencyKey', message: 'was already used for another post' },
      ]);
    await readableThread(db, actor, existing.thread_id);
    return { thread: await threadSummary(db, existing.thread_id), created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await db.transaction(async (tx) => {
      const community = await readableCommunity(tx, actor, args.communityId, true);
      assertParticipant(community);
      const threadId = uuidv7();
      await tx.execute(sql`insert into threads (id, community_id, author_id, type, title)
        values (${threadId}, ${community.id}, ${actor.userId}, ${body.type}, ${body.title})`);
      const { id: postId, rendered } = await insertPost(tx, {
        threadId,
        communityId: community.id,
        authorId: actor.userId,
        parentId: null,
        isOpening: true,
        title: body.title,
        body: body.body,
        idempotencyKey: body.idempotencyKey,
        attachmentIds: body.attachmentIds,
      });
      await tx.execute(sql`update communities set thread_count = thread_count + 1, last_activity_at = now()
        where id = ${community.id}`);
      // The author has read their thread and tracks it; those watching the community hear of it.
      await tx.execute(
        authorReadSql(
          actor.userId,
          sql`select id, community_id, reply_count from threads where id = ${threadId}`,
          sql`${postId}::uuid`,
        ),
      );
      const mentioned = new Set([actor.userId, ...rendered.mentions]);
      const watchers = (await findWatchers(tx, null, community.id)).filter(
        (userId) => !mentioned.has(userId),
      );
      await recordActivity(tx, {
        actor,
        verb: 'posted',
        object: { type: 'thread', id: threadId, name: body.title },
        context: { communityId: community.id },
        notify: [
          {
            kind: 'mention',
            to: rendered.mentions,
            about: { communityId: community.id, threadId, postId },
            data: {
              actorName: actor.name,
              threadTitle: body.title,
              communityName: community.name,
              excerpt: excerpt(rendered.text, 160),
            },
          },
          {
            kind: 'watching',
            to: watchers,
            about: { communityId: community.id, threadId, postId },
            data: {
              actorName: actor.name,
              threadTitle: body.title,
              communityName: community.name,
              excerpt: excerpt(rendered.text, 160),
            },
          },
        ],
        signals: [{ topic: `community:${community.id}`, type: 'thread', id: threadId }],
      });
      return { thread: await threadSummary(tx, threadId), created: true };
    });
  } catch (error) {
    if (isIdempotencyConflict(error)) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}

/**
 * The thread page: the opening post and one page of replies, with what the viewer may do, as the
 * JSON text of a ThreadResponse (`{"data":…}`), most of it remembered (thread-page-cache.ts).
 */
export async function getThreadPage(args: {
  db: Db;
  actor: Actor;
  threadId: string;
  cursor?: string;
  limit: number;
}): Promise<string> {
  const { db, actor } = args;
  const pages = threadPageCache(db);
  const key = threadPageKey(args.threadId, args.cursor, args.limit);
  const remembered = pages.get(key);
  const head = await findThreadHead(db, actor, args.threadId, remembered?.postIds ?? []);
  const community: CommunityContext | null = head && {
    id: head.community_id,
    name: head.community_name,
    joinPolicy: head.join_policy,
    ownerKind: head.owner_kind,
    ownerId: head.owner_id,
    districtId: head.district_id,
    archivedAt: head.archived_at,
    membership: head.member_status
      ? { status: head.member_status, role: head.member_role ?? 'member' }
      : null,
  };
  if (!head || !community || !canReadContent(actor, community)) throw new NotFoundError('No such thread.');
  if (args.cursor && !/^[0-9a-f-]{36}$/i.test(args.cursor))
    throw invalidField('/querystring/cursor', 'is not a cursor this thread gave');
  const participant = canParticipate(community);
  const facilitator = canFacilitate(community);
  const viewer = {
    userId: actor.userId,
    participant,
    facilitator,
    locked: head.locked_at !== null,
    insightPostId: head.insight_post_id,
  };
  const version = threadPageVersion(head);
  // The viewer's reactions: read with the head for a remembered page, with the rows for a new one.
  const mine = new Map<string, Array<'helpful' | 'tried'>>();
  let page = remembered;
  if (page && page.version === version) {
    for (const r of head.mine ?? []) {
      const kinds = mine.get(r.post_id);
      if (kinds) kinds.push(r.kind);
      else mine.set(r.post_id, [r.kind]);
    }
  } else {
    const rows = await listThreadPosts(db, {
      threadId: head.id,
      viewerId: actor.userId,
      cursor: args.cursor ?? null,
      limit: args.limit,
    });
    for (const row of rows) if (row.mine?.length) mine.set(row.id, row.mine);
    page = {
      version,
      rows: rows.map((row) => ({ ...row, mine: null })),
      postIds: rows.map((row) => row.id),
      texts: new Map(),
    };
    pages.set(key, page);
  }
  const { opening, replies, nextCursor } = arrangePostsText(
    page.rows,
    viewer,
    args.limit,
    (row) => mine.get(row.id) ?? [],
    page.texts,
  );
  if (!opening) throw new NotFoundError('No such thread.');
  const moveTargets = facilitator
    ? (await facilitatedCommunities(db, actor)).filter((c) => c.id !== community.id)
    : [];
  const thread = JSON.stringify(presentThread(head));
  const about = JSON.stringify({
    id: community.id,
    name: community.name,
    archived: community.archivedAt !== null,
  });
  const permissions = JSON.stringify({
    canReply: participant && !viewer.locked,
    canModerate: facilitator,
    canMarkInsight: isMember(community) && participant && (head.author_id === actor.userId || facilitator),
    moveTargets,
  });
  return `{"data":{"thread":${thread},"community":${about},"opening":${opening},"replies":${replies},"nextCursor":${JSON.stringify(nextCursor)},"permissions":${permissions}}}`;
}

/** Facilitators pin, lock or move a thread. A move needs facilitating both communities. */
export async function updateThread(args: {
  db: Db;
  actor: Actor;
  threadId: string;
  body: UpdateThreadBody;
}): Promise<ThreadSummary> {
  const { db, actor, body } = args;
  return db.transaction(async (tx) => {
    const { thread, community } = await readableThread(tx, actor, args.threadId, true);
    assertFacilitator(community);
    if (community.archivedAt)
      throw new ConflictError('This community is archived; its conversations are read-only.');
    if (body.pinned !== undefined)
      await tx.execute(sql`update threads set pinned_at = ${body.pinned ? sql`coalesce(pinned_at, now())` : null}
        where id = ${thread.id}`);
    if (body.locked !== undefined)
      await tx.execute(sql`update threads set locked_at = ${body.locked ? sql`coalesce(locked_at, now())` : null}
        where id = ${thread.id}`);
    const signals: RealtimeSignal[] = [
      { topic: `thread:${thread.id}`, type: 'thread', id: thread.id },
      { topic: `community:${community.id}`, type: 'thread', id: thread.id },
    ];
    let movedTo: string | null = null;
    if (body.communityId !== undefined && body.communityId !== community.id) {
      const target = await findCommunity(tx, actor, body.communityId, true);
      if (!target || !canReadContent(actor, target))
        throw invalidField('/body/communityId', 'must be a community you facilitate');
      if (!canFacilitate(target))
        throw invalidField('/body/communityId', 'must be a community you facilitate');
      if (target.archivedAt) throw invalidField('/body/communityId', 'must not be archived');
      await tx.execute(sql`update threads set community_id = ${target.id} where id = ${thread.id}`);
      await tx.execute(sql`update posts set community_id = ${target.id} where thread_id = ${thread.id}`);
      await tx.execute(sql`update post_reports set community_id = ${target.id} where post_id in
        (select id from posts where thread_id = ${thread.id})`);
      await tx.execute(
        sql`update notifications set community_id = ${target.id} where thread_id = ${thread.id}`,
      );
      await tx.execute(
        sql`update communities set thread_count = greatest(thread_count - 1, 0) where id = ${community.id}`,
      );
      await tx.execute(sql`update communities set thread_count = thread_count + 1,
        last_activity_at = greatest(last_activity_at, ${thread.last_post_at}) where id = ${target.id}`);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'thread.moved',
        target: { type: 'thread', id: thread.id },
        districtId: community.districtId,
        details: { from: community.id, to: target.id, title: thread.title },
      });
      signals.push({ topic: `community:${target.id}`, type: 'thread', id: thread.id });
      movedTo = target.id;
    }
    if (body.pinned !== undefined || body.locked !== undefined)
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'thread.updated',
        target: { type: 'thread', id: thread.id },
        districtId: community.districtId,
        details: { pinned: body.pinned, locked: body.locked },
      });
    await recordActivity(tx, {
      actor,
      verb: movedTo ? 'moved' : 'updated',
      object: { type: 'thread', id: thread.id, name: thread.title },
      context: {
        communityId: movedTo ?? community.id,
        ...(movedTo ? { extensions: { 'https://trellis.dev/xapi/extensions/from': community.id } } : {}),
      },
      ...(body.pinned !== undefined || body.locked !== undefined
        ? {
            result: {
              extensions: {
                'https://trellis.dev/xapi/extensions/thread-state': {
                  pinned: body.pinned,
                  locked: body.locked,
                },
              },
            },
          }
        : {}),
      signals,
    });
    return threadSummary(tx, thread.id);
  });
}

/** The thread's author or a facilitator marks a reply as the insight (or answer). */
export async function markInsight(args: {
  db: Db;
  actor: Actor;
  threadId: string;
  postId: string | null;
}): Promise<ThreadSummary> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const { thread, community } = await readableThread(tx, actor, args.threadId, true);
    assertParticipant(community);
    if (thread.author_id !== actor.userId && !canFacilitate(community))
      throw new ForbiddenError('Only the thread’s author or a facilitator may mark its insight.');
    const signals: RealtimeSignal[] = [{ topic: `thread:${thread.id}`, type: 'insight', id: thread.id }];
    if (args.postId === null) {
      await tx.execute(sql`update threads set insight_post_id = null where id = ${thread.id}`);
      if (thread.insight_post_id)
        await recordActivity(tx, {
          actor,
          verb: 'updated',
          object: { type: 'thread', id: thread.id, name: thread.title },
          context: { communityId: community.id },
          result: { extensions: { 'https://trellis.dev/xapi/extensions/insight': null } },
          signals,
        });
    } else {
      const { post } = await readablePost(tx, actor, args.postId).catch(() => {
        throw invalidField('/body/postId', 'must be a reply in this thread');
      });
      if (post.thread_id !== thread.id || post.is_opening || post.deleted_at || post.hidden_at)
        throw invalidField('/body/postId', 'must be a reply in this thread');
      await tx.execute(sql`update threads set insight_post_id = ${post.id} where id = ${thread.id}`);
      // Marking the reply that is already the insight changes nothing and records nothing.
      if (thread.insight_post_id !== post.id)
        await recordActivity(tx, {
          actor,
          verb: 'marked_insight',
          object: { type: 'post', id: post.id },
          context: { communityId: community.id, extensions: { [THREAD_EXTENSION]: thread.id } },
          notify: [
            {
              kind: 'insight',
              to: [post.author_id],
              about: { communityId: community.id, threadId: thread.id, postId: post.id },
              data: { actorName: actor.name, threadTitle: thread.title, communityName: community.name },
            },
          ],
          signals,
        });
    }
    return threadSummary(tx, thread.id);
  });
}
