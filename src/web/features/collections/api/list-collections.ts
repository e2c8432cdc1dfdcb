import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { CollectionListResponse } from '#shared/contracts/collections.ts';
import { api } from '#web/lib/api-client.ts';
import { collectionKeys } from './keys.ts';

/** The list page's filters as they appear in its address. */
export interface CollectionSearch {
  q?: string;
  mine?: string;
}

export function listCollections(search: CollectionSearch, cursor: string | null, limit = 20) {
  return api<CollectionListResponse>('/collections', {
    query: { ...search, cursor: cursor ?? undefined, limit },
  });
}

/** Collections the person may see, a page at a time ("Load more" fetches the next). */
export function useCollectionList(search: CollectionSearch) {
  return useInfiniteQuery({
    queryKey: [...collectionKeys.lists, search],
    queryFn: ({ pageParam }) => listCollections(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** One's own collections, most recently changed first (the 50 latest), to add a resource to. */
export function useMyCollections() {
  return useQuery({
    queryKey: collectionKeys.mine,
    queryFn: () => listCollections({ mine: '1' }, null, 50),
  });
}
