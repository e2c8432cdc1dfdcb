import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { invalidField } from '#server/platform/errors.ts';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import type { ThreadReading, UnreadThreadsResponse, WatchLevel } from '#shared/contracts/reading.ts';
import { readableCommunity, readableThread } from './access.ts';
import {
  listUnreadThreads,
  markCommunitiesRead,
  markThreadRead,
  countsHold,
  readCommunityCounts,
  readThreadReading,
  setCommunityLevel,
  setThreadLevel,
  type CommunityCounts,
} from './reading-queries.ts';

/** The viewer's reading of a thread they may read: new posts, the first of them, and the level. */
export async function getThreadReading(args: {
  db: Db;
  actor: Actor;
  threadId: string;
}): Promise<ThreadReading> {
  await readableThread(args.db, args.actor, args.threadId);
  return presentReading(await readThreadReading(args.db, args.actor.userId, args.threadId));
}

function presentReading(row: Awaited<ReturnType<typeof readThreadReading>>): ThreadReading {
  const counted = row.level === 'watching' || row.level === 'tracking';
  return {
    unreadCount: counted ? row.unread : 0,
    firstUnreadPostId: row.unread > 0 ? row.first_unread_post_id : null,
    level: row.level,
    threadLevel: row.thread_level,
  };
}

/** Marks the thread read up to the newest post the viewer was shown (or to its end). */
export async function readThread(args: { db: Db; actor: Actor; threadId: string; postId?: string }) {
  const { db, actor, threadId } = args;
  await readableThread(db, actor, threadId);
  if (args.postId) {
    const { rows } = await db.execute<{ id: string }>(
      sql`select id from posts where id = ${args.postId} and thread_id = ${threadId}`,
    );
    if (!rows[0]) throw invalidField('/body/postId', 'must be a post of this thread');
  }
  await markThreadRead(db, actor.userId, threadId, args.postId ?? null);
  return presentReading(await readThreadReading(db, actor.userId, threadId));
}

/** Chooses how closely the viewer follows a thread (null: as its community). */
export async function watchThread(args: {
  db: Db;
  actor: Actor;
  threadId: string;
  level: WatchLevel | null;
}) {
  const { db, actor, threadId } = args;
  await readableThread(db, actor, threadId);
  await setThreadLevel(db, actor.userId, threadId, args.level);
  return presentReading(await readThreadReading(db, actor.userId, threadId));
}

/** Chooses how closely the viewer follows a community's threads (null: the default, tracking). */
export async function watchCommunity(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  level: WatchLevel | null;
}): Promise<{ level: WatchLevel }> {
  const community = await readableCommunity(args.db, args.actor, args.communityId);
  await setCommunityLevel(args.db, args.actor.userId, community.id, args.level);
  return { level: args.level ?? (community.membership?.status === 'active' ? 'tracking' : 'normal') };
}

/** The viewer's own level for a community. */
export async function getCommunityWatch(args: { db: Db; actor: Actor; communityId: string }) {
  const community = await readableCommunity(args.db, args.actor, args.communityId);
  const { rows } = await args.db.execute<{ level: WatchLevel | null }>(
    sql`select level from community_reads where user_id = ${args.actor.userId} and community_id = ${community.id}`,
  );
  const level: WatchLevel =
    rows[0]?.level ?? (community.membership?.status === 'active' ? 'tracking' : 'normal');
  return { level };
}

/**
 * Each person's counts, remembered per instance under the versions read with them
 * (reading-queries.ts; decision 070): the response's text, with each community's counts under its
 * own version. A request first asks whether they all hold (countsHold: one hash of every version,
 * and the first moment the clock would change a count); if so it sends the text. If not, it reads
 * again only the communities whose version moved or whose counts the clock changed. The versions are
 * read with every request, so nothing is served once a change is seen, on any instance.
 */
interface RememberedCounts {
  hash: string;
  until: string | null;
  json: string;
  communities: Map<string, CommunityCounts>;
}
// About 23 KB for a person in 50 communities (the text twice over as UTF-16, and each community's
// entry): about 1,400 people per instance, the least recently read forgotten first.
const rememberedCounts = cachePerDatabase<RememberedCounts>(
  32 * 1024 * 1024,
  (counts) => 200 + counts.json.length * 2 + counts.communities.size * 200,
);

/**
 * New posts per community of the viewer's, and in all of them: the JSON text of an
 * UnreadCountsResponse (written here, not checked against the schema: reading.test.ts holds it to it).
 */
export async function getUnreadCounts(args: { db: Db; actor: Actor }): Promise<string> {
  const { db, actor } = args;
  const cache = rememberedCounts(db);
  const remembered = cache.get(actor.userId);
  if (remembered && (await countsHold(db, actor.userId, remembered.hash, remembered.until)))
    return remembered.json;
  const known = remembered?.communities ?? new Map<string, CommunityCounts>();
  const rows = await readCommunityCounts(db, actor.userId, known);
  const communities = new Map<string, CommunityCounts>();
  let total = 0;
  let until: string | null = null;
  let untilMs = Number.POSITIVE_INFINITY;
  const written: string[] = [];
  for (const row of rows) {
    let counts = known.get(row.community_id);
    if (row.stale || !counts)
      counts = {
        version: row.version,
        until: row.until,
        untilMs: row.until_ms ?? Number.POSITIVE_INFINITY,
        name: row.name ?? '',
        posts: row.posts,
        threads: row.threads,
      };
    communities.set(row.community_id, counts);
    if (counts.untilMs < untilMs) {
      untilMs = counts.untilMs;
      until = counts.until;
    }
    total += counts.posts;
    written.push(
      `{"communityId":"${row.community_id}","name":${JSON.stringify(counts.name)},"level":"${row.level}",` +
        `"unreadPosts":${counts.posts},"unreadThreads":${counts.threads}}`,
    );
  }
  const json = `{"data":{"totalPosts":${total},"communities":[${written.join(',')}]}}`;
  if (rows[0]) cache.set(actor.userId, { hash: rows[0].hash, until, json, communities });
  return json;
}

/** The "new and unread" view: threads with new posts across the viewer's communities. */
export async function getUnreadThreads(args: {
  db: Db;
  actor: Actor;
  query: { cursor?: string; limit: number; communityId?: string };
}): Promise<UnreadThreadsResponse> {
  const { db, actor, query } = args;
  const cursor = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
  if (query.communityId) await readableCommunity(db, actor, query.communityId);
  const rows = await listUnreadThreads(db, {
    viewerId: actor.userId,
    communityId: query.communityId,
    cursor,
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => ({
      id: row.id,
      title: row.title,
      type: row.type,
      community: { id: row.community_id, name: row.community_name },
      unreadCount: row.unread,
      isNew: row.is_new,
      lastPostAt: row.last_post_at,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

/** Marks a community (or every community of the viewer's) read. */
export async function readCommunities(args: { db: Db; actor: Actor; communityId?: string }) {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    let ids: string[];
    if (args.communityId) {
      const community = await readableCommunity(tx, actor, args.communityId);
      ids = [community.id];
    } else {
      const { rows } = await tx.execute<{ community_id: string }>(
        sql`select community_id from community_members where user_id = ${actor.userId} and status = 'active'`,
      );
      ids = rows.map((row) => row.community_id);
    }
    return { threads: await markCommunitiesRead(tx, actor.userId, ids) };
  });
}
