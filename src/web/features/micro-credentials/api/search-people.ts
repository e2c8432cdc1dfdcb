import { useQuery } from '@tanstack/react-query';
import type { DirectoryResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';

/** People in the directory whose name or profile matches the words, for choosing assessors. */
export function searchPeople(q: string) {
  return api<DirectoryResponse>('/directory', { query: { q, limit: 10 } });
}

/** Directory matches for the words; nothing is asked until there are words. */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: ['micro-credentials', 'people', q],
    queryFn: () => searchPeople(q),
    enabled: q.trim().length > 0,
  });
}
