import { useInfiniteQuery } from '@tanstack/react-query';
import type { MyAwardListResponse } from '#shared/contracts/wallet.ts';
import { api } from '#web/lib/api-client.ts';
import { walletKeys } from './keys.ts';

export function listMyAwards(cursor: string | null) {
  return api<MyAwardListResponse>('/my/awards', { query: { cursor: cursor ?? undefined, limit: 20 } });
}

/** One's own credentials, newest first, a page at a time ("Load more" fetches the next). */
export function useMyAwards() {
  return useInfiniteQuery({
    queryKey: walletKeys.myAwards,
    queryFn: ({ pageParam }) => listMyAwards(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
