import { useInfiniteQuery } from '@tanstack/react-query';
import type { HolderListResponse } from '#shared/contracts/wallet.ts';
import { api } from '#web/lib/api-client.ts';
import { walletKeys } from './keys.ts';

export function listHolders(credentialId: string, cursor: string | null) {
  return api<HolderListResponse>(`/micro-credentials/${credentialId}/holders`, {
    query: { cursor: cursor ?? undefined, limit: 20 },
  });
}

/** People who hold a credential and are open to mentoring, a page at a time. */
export function useCredentialHolders(credentialId: string) {
  return useInfiniteQuery({
    queryKey: walletKeys.holders(credentialId),
    queryFn: ({ pageParam }) => listHolders(credentialId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
