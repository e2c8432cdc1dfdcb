import { z } from 'zod';

/** Whether the viewer follows a person, and how many people follow them and they follow. */
export const FollowState = z.object({
  following: z.boolean(),
  /** How many people follow this person. */
  followers: z.number().int(),
  /** How many people this person follows. */
  followingCount: z.number().int(),
});
export type FollowState = z.infer<typeof FollowState>;

export const FollowResponse = z.object({ data: FollowState });

export const FeedQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type FeedQuery = z.infer<typeof FeedQuery>;

export const FEED_VERBS = ['posted', 'replied', 'marked_insight', 'joined', 'brought_home'] as const;

const Named = z.object({ id: z.uuid(), name: z.string() });

/**
 * A colleague brought a resource or a thread's insight home to the viewer's school or district.
 * Exactly one of `resource` and `insight` is set.
 */
export const FeedHomeShare = z.object({
  note: z.string(),
  target: Named.extend({ kind: z.enum(['school', 'district']) }),
  /**
   * The community it was brought from: null when it came from none; `community` null when the viewer
   * may not see that community (shown as "a community").
   */
  from: z.object({ community: Named.nullable() }).nullable(),
  resource: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  insight: z
    .object({
      /** Plain text. */
      excerpt: z.string(),
      threadTitle: z.string(),
      /** Where to read the thread: only when the viewer may read it. */
      thread: z.object({ id: z.uuid(), communityId: z.uuid() }).nullable(),
    })
    .nullable(),
});
export type FeedHomeShare = z.infer<typeof FeedHomeShare>;

/** One thing that happened in the viewer's communities, by someone they follow, or brought home to them. */
export const FeedItem = z.object({
  /** The activity-stream statement's id. */
  id: z.uuid(),
  /** One of FEED_VERBS for the items the web app words itself; a feature's own verb otherwise. */
  verb: z.string(),
  /**
   * For an item the web app has no words of its own for: the plain-text rest of the sentence after
   * the actor's name, written by the feature that declares the item's kind.
   */
  summary: z.string().optional(),
  at: z.string(),
  actor: Named,
  /** The community it happened in; null for something brought home from no community, or one the viewer may not see. */
  community: Named.nullable(),
  thread: z.object({ id: z.uuid(), title: z.string(), type: z.string() }).nullable(),
  /** The post concerned (the opening post for a new thread), with a plain-text excerpt. */
  post: z.object({ id: z.uuid(), excerpt: z.string() }).nullable(),
  /** Set for `brought_home`. */
  homeShare: FeedHomeShare.nullable(),
  /** Newer than the moment the viewer last marked their feed as seen. */
  unread: z.boolean(),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedResponse = z.object({
  data: z.array(FeedItem),
  nextCursor: z.string().nullable(),
  /** When the viewer last marked their feed as seen, if ever. */
  seenAt: z.string().nullable(),
});
export type FeedResponse = z.infer<typeof FeedResponse>;

export const FeedSeenBody = z
  .strictObject({
    /** Mark as seen up to this moment (an item's time); now when absent. */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .optional();

export const FeedSeenResponse = z.object({ data: z.object({ seenAt: z.string() }) });
