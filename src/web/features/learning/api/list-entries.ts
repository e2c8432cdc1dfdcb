import { useInfiniteQuery } from '@tanstack/react-query';
import type { LearningListResponse } from '#shared/contracts/learning.ts';
import { api } from '#web/lib/api-client.ts';
import { learningKeys } from './keys.ts';

/** The log's filters the address may carry. */
export const LEARNING_FILTERS = ['from', 'to', 'kind', 'source', 'competency', 'credit', 'status'] as const;

/** The address's filters, in a fixed order: the key of the list and of its query. */
export function learningSearchString(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of LEARNING_FILTERS) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  return kept.toString();
}

export function listEntries(search: string, cursor: string | null) {
  const query = Object.fromEntries(new URLSearchParams(search));
  return api<LearningListResponse>('/learning/entries', {
    query: { ...query, cursor: cursor ?? undefined, limit: 20 },
  });
}

/** My learning, newest first, filtered by the address, a page at a time. */
export function useLearningEntries(search: string) {
  return useInfiniteQuery({
    queryKey: learningKeys.entries(search),
    queryFn: ({ pageParam }) => listEntries(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
