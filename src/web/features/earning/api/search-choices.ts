import { useQuery } from '@tanstack/react-query';
import type { DirectoryResponse } from '#shared/contracts/profiles.ts';
import type { ResourceSummary } from '#shared/contracts/resources.ts';
import { api } from '#web/lib/api-client.ts';

/** Resources the person may see matching the words, to offer one as evidence. */
export function useResourceChoices(q: string) {
  return useQuery({
    queryKey: ['earning', 'resource-choices', q],
    queryFn: () => api<{ data: ResourceSummary[] }>('/resources', { query: { q, limit: 10 } }),
    enabled: q.trim().length > 1,
  });
}

/** Colleagues in the directory matching the words, to invite as teammates. */
export function usePeopleChoices(q: string) {
  return useQuery({
    queryKey: ['earning', 'people-choices', q],
    queryFn: () => api<DirectoryResponse>('/directory', { query: { q, limit: 10 } }),
    enabled: q.trim().length > 1,
  });
}
