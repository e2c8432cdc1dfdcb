import { useInfiniteQuery } from '@tanstack/react-query';
import type { CommunityListResponse } from '#shared/contracts/communities.ts';
import { api } from '#web/lib/api-client.ts';
import { communityKeys } from './keys.ts';

/** The browse page's filters as they appear in its address. */
export interface CommunitySearch {
  q?: string;
  kind?: string;
  subject?: string;
  gradeBand?: string;
  mine?: string;
}

export function listCommunities(search: CommunitySearch, cursor: string | null) {
  return api<CommunityListResponse>('/communities', {
    query: { ...search, cursor: cursor ?? undefined, limit: 20 },
  });
}

/** Communities the person may see, a page at a time ("Load more" fetches the next). */
export function useCommunityList(search: CommunitySearch) {
  return useInfiniteQuery({
    queryKey: [...communityKeys.lists, search],
    queryFn: ({ pageParam }) => listCommunities(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
