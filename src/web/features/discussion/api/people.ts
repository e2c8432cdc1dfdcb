import { useQuery } from '@tanstack/react-query';
import type { DirectoryResponse } from '#shared/contracts/profiles.ts';
import type { ComposerPerson } from '#web/components/composer.tsx';
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

/** The composer's @-autocomplete: people of the directory whose name matches what was typed. */
export async function searchPeople(q: string, signal: AbortSignal): Promise<ComposerPerson[]> {
  const found = await api<DirectoryResponse>('/directory', { query: { q, limit: 8 }, signal });
  return found.data.map((person) => ({
    id: person.id,
    name: person.name,
    detail: person.district?.name ?? null,
  }));
}
