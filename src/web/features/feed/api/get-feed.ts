import { useInfiniteQuery } from '@tanstack/react-query';
import type { FeedResponse } from '#shared/contracts/feed.ts';
import { api } from '#web/lib/api-client.ts';

export const feedKey = ['feed'] as const;

export function getFeed(cursor: string | null) {
  return api<FeedResponse>('/feed', { query: { cursor: cursor ?? undefined, limit: 20 } });
}

/** The home feed, a page at a time ("Load more" fetches the next). */
export function useFeed() {
  return useInfiniteQuery({
    queryKey: feedKey,
    queryFn: ({ pageParam }) => getFeed(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
