import { useInfiniteQuery } from '@tanstack/react-query';
import type { UnmatchedIdentityListResponse } from '#shared/contracts/lrs-identities.ts';
import { api } from '#web/lib/api-client.ts';
import { lrsKeys } from './keys.ts';

export function listUnmatchedIdentities(cursor?: string) {
  return api<UnmatchedIdentityListResponse>('/lrs/unmatched-identities', { query: { cursor, limit: 25 } });
}

/** Identities of stored statements that match no one of the district, most recently seen first. */
export function useUnmatchedIdentities() {
  return useInfiniteQuery({
    queryKey: lrsKeys.unmatched,
    queryFn: ({ pageParam }) => listUnmatchedIdentities(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
