import { z } from 'zod';
import { line } from './common.ts';
import { CollectionSummary } from './collections.ts';
import { GradeBand, ProfileView, Subject } from './profiles.ts';
import { ResourceSummary } from './resources.ts';

export const SEARCH_KINDS = [
  'all',
  'thread',
  'post',
  'community',
  'person',
  'resource',
  'collection',
  'change_idea',
  'event',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SearchQuery = z.strictObject({
  q: line(200).pipe(z.string().min(1, 'must not be empty')),
  kind: z.enum(SEARCH_KINDS).default('all'),
  communityId: z.uuid().optional(),
  subject: Subject.optional(),
  gradeBand: GradeBand.optional(),
  /** Created on or after this day (YYYY-MM-DD). */
  from: z.iso.date().optional(),
  /** Created on or before this day (YYYY-MM-DD). */
  to: z.iso.date().optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

const Named = z.object({ id: z.uuid(), name: z.string() });

/**
 * Snippets are HTML whose only markup is <mark>: the matched words. Every other character of the
 * user's text is escaped on the server, so they may be inserted as HTML.
 */
export const ThreadHit = z.object({
  id: z.uuid(),
  title: z.string(),
  titleHtml: z.string(),
  type: z.string(),
  community: Named,
  author: Named,
  createdAt: z.string(),
  snippetHtml: z.string(),
});
export type ThreadHit = z.infer<typeof ThreadHit>;

export const PostHit = z.object({
  id: z.uuid(),
  thread: z.object({ id: z.uuid(), title: z.string() }),
  community: Named,
  author: Named,
  createdAt: z.string(),
  snippetHtml: z.string(),
});
export type PostHit = z.infer<typeof PostHit>;

export const CommunityHit = z.object({
  id: z.uuid(),
  name: z.string(),
  nameHtml: z.string(),
  kind: z.string(),
  joinPolicy: z.string(),
  memberCount: z.number().int(),
  subjects: z.array(z.string()),
  gradeBands: z.array(z.string()),
  snippetHtml: z.string(),
});
export type CommunityHit = z.infer<typeof CommunityHit>;

/**
 * A change idea a PDSA cycle adopted (decision 093): the summary the network's cycles list shows of it,
 * never the cycle's working materials. `networkId` is where its cycles are listed, when a network
 * owns the community.
 */
export const ChangeIdeaHit = z.object({
  /** The cycle that adopted it. */
  id: z.uuid(),
  changeIdeaId: z.uuid().nullable(),
  label: z.string(),
  labelHtml: z.string(),
  cycleTitle: z.string(),
  aimLabel: z.string().nullable(),
  community: Named,
  networkId: z.uuid().nullable(),
  createdAt: z.string(),
  snippetHtml: z.string(),
});
export type ChangeIdeaHit = z.infer<typeof ChangeIdeaHit>;

/** An event the viewer may see on the calendar; it leads to the event's page. */
export const EventHit = z.object({
  id: z.uuid(),
  title: z.string(),
  titleHtml: z.string(),
  snippetHtml: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  place: z.string(),
  createdAt: z.string(),
});
export type EventHit = z.infer<typeof EventHit>;

const group = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** The next page of this kind (with kind set to it), or null when there is no more. */
    nextCursor: z.string().nullable(),
    /**
     * Present when the ranking stopped at its limit: this many matches (the newest) were ranked and
     * can be paged through, and any older ones are not shown (at least this many match).
     */
    rankedWithin: z.number().int().optional(),
  });

/** Results grouped by kind; only the kinds searched are present. */
export const SearchResponse = z.object({
  data: z.object({
    threads: group(ThreadHit).optional(),
    posts: group(PostHit).optional(),
    communities: group(CommunityHit).optional(),
    people: group(ProfileView).optional(),
    /** Resources: the newest matches ranked by their words (the library pages and filters the rest). */
    resources: group(ResourceSummary).optional(),
    collections: group(CollectionSummary).optional(),
    /** Change ideas that PDSA cycles adopted, in communities the viewer may read or cycles they are on. */
    changeIdeas: group(ChangeIdeaHit).optional(),
    /** Events, by the calendar's rule of who may see them. */
    events: group(EventHit).optional(),
  }),
});
export type SearchResponse = z.infer<typeof SearchResponse>;
