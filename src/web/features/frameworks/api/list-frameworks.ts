import { useInfiniteQuery } from '@tanstack/react-query';
import type { FrameworkListResponse } from '#shared/contracts/frameworks.ts';
import { api } from '#web/lib/api-client.ts';
import { frameworkKeys } from './keys.ts';

export function listFrameworks(q: string | undefined, cursor: string | null) {
  return api<FrameworkListResponse>('/frameworks', { query: { q, cursor: cursor ?? undefined, limit: 20 } });
}

/** Frameworks the person may read, by title, a page at a time ("Load more" fetches the next). */
export function useFrameworkList(q: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...frameworkKeys.lists, { q }],
    queryFn: ({ pageParam }) => listFrameworks(q, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
