import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CompetencyChoice, CompetencySearchResponse } from '#shared/contracts/frameworks.ts';
import { api } from '#web/lib/api-client.ts';
import { frameworkKeys } from './keys.ts';

/** Competencies in the frameworks the person may see whose code or statement holds the words. */
export async function searchCompetencies(q: string): Promise<CompetencyChoice[]> {
  return (await api<CompetencySearchResponse>('/competencies', { query: { q, limit: 20 } })).data;
}

/** The named competencies (those the person may see), to show chosen ones by code and statement. */
export async function getCompetencies(ids: string[]): Promise<CompetencyChoice[]> {
  if (!ids.length) return [];
  return (await api<CompetencySearchResponse>('/competencies', { query: { ids: ids.join(',') } })).data;
}

/** Search results as one types; the last results stay shown while the next arrive. */
export function useCompetencySearch(q: string) {
  return useQuery({
    queryKey: [...frameworkKeys.competencies, 'search', q],
    queryFn: () => searchCompetencies(q),
    placeholderData: keepPreviousData,
  });
}

/** The chosen competencies, looked up by id. */
export function useCompetencies(ids: string[]) {
  const sorted = [...ids].sort();
  return useQuery({
    queryKey: [...frameworkKeys.competencies, 'ids', sorted],
    queryFn: () => getCompetencies(sorted),
    enabled: ids.length > 0,
  });
}
