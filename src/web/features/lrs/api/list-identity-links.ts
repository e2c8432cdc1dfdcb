import { useInfiniteQuery } from '@tanstack/react-query';
import type { IdentityLinkListResponse } from '#shared/contracts/lrs-identities.ts';
import { api } from '#web/lib/api-client.ts';
import { lrsKeys } from './keys.ts';

export function listIdentityLinks(cursor?: string) {
  return api<IdentityLinkListResponse>('/lrs/identity-links', { query: { cursor, limit: 25 } });
}

/** Identities mapped by hand to staff members, newest first. */
export function useIdentityLinks() {
  return useInfiniteQuery({
    queryKey: lrsKeys.links,
    queryFn: ({ pageParam }) => listIdentityLinks(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
