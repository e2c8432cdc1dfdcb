import { z } from 'zod';
import { displayName, line, PageQuery } from './common.ts';

export const THREAD_TYPES = ['question', 'reflection', 'practice', 'announcement'] as const;
export const ThreadType = z.enum(THREAD_TYPES);
export type ThreadType = z.infer<typeof ThreadType>;
export const REACTION_KINDS = ['helpful', 'tried'] as const;
export const ReactionKind = z.enum(REACTION_KINDS);

/** Markdown a person writes: bounded, no control characters but newlines and tabs. */
export const MarkdownBody = line(20_000).pipe(z.string().min(1, 'must not be empty'));
/** A thread's title, shown in lists, search and notifications: it reads as written (see displayName). */
const Title = displayName(200);
const IdempotencyKey = z.string().trim().min(8).max(100).optional();
const AttachmentIds = z.array(z.uuid()).max(10).optional();

const Person = z.object({ id: z.string(), name: z.string() });

export const ThreadSummary = z.object({
  id: z.string(),
  communityId: z.string(),
  type: ThreadType,
  title: z.string(),
  author: Person,
  replyCount: z.number(),
  lastPostAt: z.string(),
  createdAt: z.string(),
  pinned: z.boolean(),
  locked: z.boolean(),
  hasInsight: z.boolean(),
});
export type ThreadSummary = z.infer<typeof ThreadSummary>;

export const ThreadListQuery = PageQuery.extend({ type: ThreadType.optional() });
export const ThreadListResponse = z.object({
  data: z.array(ThreadSummary),
  nextCursor: z.string().nullable(),
  /**
   * The viewer's new posts in each thread of the page, and the level they follow it at (reading.ts,
   * WatchLevel): counted only at watching and tracking, else 0.
   */
  reading: z.record(z.string(), z.object({ unread: z.number(), level: z.string() })),
});
export type ThreadListResponse = z.infer<typeof ThreadListResponse>;

export const CreateThreadBody = z.strictObject({
  type: ThreadType,
  title: Title,
  body: MarkdownBody,
  attachmentIds: AttachmentIds,
  idempotencyKey: IdempotencyKey,
});
export type CreateThreadBody = z.infer<typeof CreateThreadBody>;

export const AttachmentView = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
  url: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;
export const AttachmentResponse = z.object({ data: AttachmentView });

export interface PostView {
  id: string;
  threadId: string;
  parentId: string | null;
  isOpening: boolean;
  author: { id: string; name: string; roleTitle: string | null; districtName: string | null };
  /** Sanitized HTML; null when deleted, or hidden from this viewer. */
  bodyHtml: string | null;
  /** The Markdown source, for its author to edit; null for everyone else. */
  bodyMd: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Set when a facilitator hid the post; the reason is shown to its author and facilitators only. */
  hidden: { reason: string | null } | null;
  reactions: { helpful: number; tried: number; mine: Array<'helpful' | 'tried'> };
  attachments: AttachmentView[];
  isInsight: boolean;
  abilities: {
    edit: boolean;
    delete: boolean;
    react: boolean;
    reply: boolean;
    report: boolean;
    moderate: boolean;
  };
  /** Replies to this reply (one level deep), oldest first. */
  children: PostView[];
}
export const PostView: z.ZodType<PostView> = z.lazy(() =>
  z.object({
    id: z.string(),
    threadId: z.string(),
    parentId: z.string().nullable(),
    isOpening: z.boolean(),
    author: z.object({
      id: z.string(),
      name: z.string(),
      roleTitle: z.string().nullable(),
      districtName: z.string().nullable(),
    }),
    bodyHtml: z.string().nullable(),
    bodyMd: z.string().nullable(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    deleted: z.boolean(),
    hidden: z.object({ reason: z.string().nullable() }).nullable(),
    reactions: z.object({ helpful: z.number(), tried: z.number(), mine: z.array(ReactionKind) }),
    attachments: z.array(AttachmentView),
    isInsight: z.boolean(),
    abilities: z.object({
      edit: z.boolean(),
      delete: z.boolean(),
      react: z.boolean(),
      reply: z.boolean(),
      report: z.boolean(),
      moderate: z.boolean(),
    }),
    children: z.array(PostView),
  }),
);
// A post holds its replies: the API document names it once and refers to it (`#/components/schemas/Post`).
z.globalRegistry.add(PostView, { id: 'Post' });

export const ThreadView = z.object({
  thread: ThreadSummary,
  community: z.object({ id: z.string(), name: z.string(), archived: z.boolean() }),
  opening: PostView,
  replies: z.array(PostView),
  nextCursor: z.string().nullable(),
  permissions: z.object({
    canReply: z.boolean(),
    canModerate: z.boolean(),
    canMarkInsight: z.boolean(),
    /** Communities the viewer facilitates, where a facilitator may move the thread. */
    moveTargets: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
});
export type ThreadView = z.infer<typeof ThreadView>;
export const ThreadResponse = z.object({ data: ThreadView });
export const ThreadPageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const CreateReplyBody = z.strictObject({
  body: MarkdownBody,
  parentId: z.uuid().optional(),
  attachmentIds: AttachmentIds,
  idempotencyKey: IdempotencyKey,
});
export type CreateReplyBody = z.infer<typeof CreateReplyBody>;

export const PostResponse = z.object({ data: PostView });

export const UpdatePostBody = z.strictObject({ body: MarkdownBody, title: Title.optional() });
export type UpdatePostBody = z.infer<typeof UpdatePostBody>;

export const Revision = z.object({
  id: z.string(),
  title: z.string().nullable(),
  bodyHtml: z.string(),
  replacedAt: z.string(),
});
export const RevisionsResponse = z.object({ data: z.array(Revision) });
export type Revision = z.infer<typeof Revision>;

export const ReactionParams = z.strictObject({ id: z.uuid(), kind: ReactionKind });
export const ReactionsResponse = z.object({
  data: z.object({ helpful: z.number(), tried: z.number(), mine: z.array(ReactionKind) }),
});

export const InsightBody = z.strictObject({ postId: z.uuid() });

export const UpdateThreadBody = z
  .strictObject({
    pinned: z.boolean().optional(),
    locked: z.boolean().optional(),
    communityId: z.uuid().optional(),
  })
  .refine((b) => b.pinned !== undefined || b.locked !== undefined || b.communityId !== undefined, {
    message: 'name at least one of pinned, locked or communityId',
  });
export type UpdateThreadBody = z.infer<typeof UpdateThreadBody>;
export const ThreadSummaryResponse = z.object({ data: ThreadSummary });

export const ReasonBody = z.strictObject({ reason: line(500).pipe(z.string().min(1, 'must not be empty')) });

export const ReportQueueItem = z.object({
  post: z.object({
    id: z.string(),
    threadId: z.string(),
    threadTitle: z.string(),
    author: Person,
    excerpt: z.string(),
    createdAt: z.string(),
    hidden: z.boolean(),
    deleted: z.boolean(),
  }),
  reports: z.array(z.object({ id: z.string(), reason: z.string(), createdAt: z.string(), reporter: Person })),
});
export type ReportQueueItem = z.infer<typeof ReportQueueItem>;
export const ReportQueueResponse = z.object({ data: z.array(ReportQueueItem) });
export const ReportResponse = z.object({ data: z.object({ id: z.string() }) });
