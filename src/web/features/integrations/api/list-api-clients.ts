import { useInfiniteQuery } from '@tanstack/react-query';
import type { ApiClientListResponse } from '#shared/contracts/integrations.ts';
import { api } from '#web/lib/api-client.ts';
import { integrationKeys } from './keys.ts';

export function listApiClients(cursor?: string) {
  return api<ApiClientListResponse>('/api-clients', { query: { cursor, limit: 25 } });
}

/** The district's API clients, newest first, revoked ones included. */
export function useApiClients() {
  return useInfiniteQuery({
    queryKey: integrationKeys.apiClients,
    queryFn: ({ pageParam }) => listApiClients(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
