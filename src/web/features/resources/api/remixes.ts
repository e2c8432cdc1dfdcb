import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ResourceListResponse } from '#shared/contracts/resources.ts';
import { api } from '#web/lib/api-client.ts';
import { resourceKeys } from './keys.ts';

/** Remixes of a resource the viewer may see, a page at a time. */
export function useRemixes(id: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: resourceKeys.remixes(id),
    queryFn: ({ pageParam }) =>
      api<z.infer<typeof ResourceListResponse>>(`/resources/${id}/remixes`, {
        query: { cursor: pageParam ?? undefined, limit: 10 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}
