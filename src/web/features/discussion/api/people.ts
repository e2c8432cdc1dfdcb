import { useQuery } from '@tanstack/react-query';
import type { DirectoryResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';

/** People to mention, found through the directory. */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: ['discussion', 'mention-search', q],
    queryFn: () => api<DirectoryResponse>('/directory', { query: { q, limit: 8 } }),
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
  });
}
