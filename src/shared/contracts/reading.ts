import { z } from 'zod';
import { line, PageQuery } from './common.ts';
import { ThreadType } from './discussion.ts';

/**
 * How closely a person follows a thread or a community:
 * - `watching`: told of every new post, and its new posts counted;
 * - `tracking`: new posts counted, told of mentions and replies (threads one starts or replies to,
 *   and the communities one belongs to, unless chosen otherwise);
 * - `normal`: told of mentions and replies, no counts;
 * - `muted`: nothing: no counts, no notifications, not in the home feed.
 */
export const WATCH_LEVELS = ['watching', 'tracking', 'normal', 'muted'] as const;
export const WatchLevel = z.enum(WATCH_LEVELS);
export type WatchLevel = z.infer<typeof WatchLevel>;

/** A draft is of a reply in a thread, of a new thread in a community, or of a direct message. */
export const DRAFT_KINDS = ['thread', 'community', 'conversation'] as const;
export const DraftKind = z.enum(DRAFT_KINDS);
export type DraftKind = z.infer<typeof DraftKind>;

export const DraftParams = z.strictObject({ kind: DraftKind, id: z.uuid() });

export const DraftView = z.object({
  kind: DraftKind,
  targetId: z.string(),
  body: z.string(),
  /** A new thread's title and type as typed so far. */
  title: z.string().nullable(),
  threadType: ThreadType.nullable(),
  /** Goes up by one with each save; a save names the version it was written over. */
  version: z.number(),
  updatedAt: z.string(),
});
export type DraftView = z.infer<typeof DraftView>;
export const DraftResponse = z.object({ data: DraftView.nullable() });
export type DraftResponse = z.infer<typeof DraftResponse>;

export const SaveDraftBody = z.strictObject({
  /** May be empty while a title is typed; the post itself needs words. */
  body: line(20_000),
  title: line(200).optional(),
  threadType: ThreadType.optional(),
  /** The version this text was written over: 0 when no draft was saved before. */
  baseVersion: z.number().int().min(0),
});
export type SaveDraftBody = z.infer<typeof SaveDraftBody>;

/** A save written over a version that another device has since replaced: both are shown. */
export const DraftConflictProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(409),
  detail: z.string(),
  code: z.literal('draft_conflict'),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  current: DraftView.nullable(),
});
export type DraftConflictProblem = z.infer<typeof DraftConflictProblem>;

export const DiscardDraftQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

export const PreviewBody = z.strictObject({ body: line(20_000) });
export const PreviewResponse = z.object({
  data: z.object({ html: z.string(), characters: z.number() }),
});

/** What a person has read of a thread, and how closely they follow it. */
export const ThreadReading = z.object({
  unreadCount: z.number(),
  /** The first post written after the last one read; null when nothing is new. */
  firstUnreadPostId: z.string().nullable(),
  /** What applies: the thread's own level, else its community's, else the default. */
  level: WatchLevel,
  /** The level chosen for the thread itself; null when it follows its community's. */
  threadLevel: WatchLevel.nullable(),
});
export type ThreadReading = z.infer<typeof ThreadReading>;
export const ThreadReadingResponse = z.object({ data: ThreadReading });

/** Unread counts a thread list carries beside its threads, by thread id. */
export const ListReading = z.record(z.string(), z.object({ unread: z.number(), level: WatchLevel }));
export type ListReading = z.infer<typeof ListReading>;

export const MarkReadBody = z.strictObject({
  /** The newest post the reader was shown; everything up to it is read. All of the thread when absent. */
  postId: z.uuid().optional(),
});

export const CommunityUnread = z.object({
  communityId: z.string(),
  name: z.string(),
  /** New posts in the threads followed with counts (watching or tracking). */
  unreadPosts: z.number(),
  unreadThreads: z.number(),
  level: WatchLevel,
});
export type CommunityUnread = z.infer<typeof CommunityUnread>;
export const UnreadCountsResponse = z.object({
  data: z.object({ totalPosts: z.number(), communities: z.array(CommunityUnread) }),
});
export type UnreadCountsResponse = z.infer<typeof UnreadCountsResponse>;

export const UnreadThread = z.object({
  id: z.string(),
  title: z.string(),
  type: ThreadType,
  community: z.object({ id: z.string(), name: z.string() }),
  unreadCount: z.number(),
  /** Never read before: the whole thread is new. */
  isNew: z.boolean(),
  lastPostAt: z.string(),
});
export type UnreadThread = z.infer<typeof UnreadThread>;
export const UnreadThreadsQuery = PageQuery.extend({ communityId: z.uuid().optional() });
export const UnreadThreadsResponse = z.object({
  data: z.array(UnreadThread),
  nextCursor: z.string().nullable(),
});
export type UnreadThreadsResponse = z.infer<typeof UnreadThreadsResponse>;

export const MarkAllReadBody = z.strictObject({ communityId: z.uuid().optional() });
export const MarkedResponse = z.object({ data: z.object({ threads: z.number() }) });

export const WatchBody = z.strictObject({ level: WatchLevel.nullable() });
export const CommunityWatchResponse = z.object({ data: z.object({ level: WatchLevel }) });

export const BOOKMARK_KINDS = ['thread', 'post'] as const;

export const Bookmark = z.object({
  id: z.string(),
  kind: z.enum(BOOKMARK_KINDS),
  thread: z.object({ id: z.string(), title: z.string() }),
  community: z.object({ id: z.string(), name: z.string() }),
  post: z.object({ id: z.string(), excerpt: z.string(), author: z.string() }).nullable(),
  remindAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Bookmark = z.infer<typeof Bookmark>;

/** When to be reminded: a moment to come (a minute's leeway for the clock of the device). */
const RemindAt = z.iso
  .datetime({ offset: true })
  .refine((v) => Date.parse(v) > Date.now() - 60_000, 'must be in the future');

export const CreateBookmarkBody = z
  .strictObject({
    threadId: z.uuid().optional(),
    postId: z.uuid().optional(),
    remindAt: RemindAt.nullable().optional(),
  })
  .refine((b) => (b.threadId ? 1 : 0) + (b.postId ? 1 : 0) === 1, {
    message: 'give either threadId or postId',
    path: ['threadId'],
  });
export type CreateBookmarkBody = z.infer<typeof CreateBookmarkBody>;
export const UpdateBookmarkBody = z.strictObject({ remindAt: RemindAt.nullable() });
export const BookmarkResponse = z.object({ data: Bookmark });
export const BookmarksQuery = PageQuery;
export const BookmarksResponse = z.object({ data: z.array(Bookmark), nextCursor: z.string().nullable() });
export type BookmarksResponse = z.infer<typeof BookmarksResponse>;
/** The bookmarks a person holds in one thread (on it and on its posts), for its page. */
export const ThreadBookmarksResponse = z.object({
  data: z.array(z.object({ id: z.string(), postId: z.string().nullable(), remindAt: z.string().nullable() })),
});
