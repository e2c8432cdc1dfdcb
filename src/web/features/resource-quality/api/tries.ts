import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { TryBody, TryListResponse, TryView } from '#shared/contracts/resource-quality.ts';
import { api } from '#web/lib/api-client.ts';
import { everyResourceQuery, qualityKeys } from './keys.ts';

/** "I tried it" reports of a resource, newest first. */
export function useTries(resourceId: string) {
  return useInfiniteQuery({
    queryKey: qualityKeys.tries(resourceId),
    queryFn: ({ pageParam }) =>
      api<TryListResponse>(`/resources/${resourceId}/tries`, {
        query: { cursor: pageParam ?? undefined, limit: 10 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useReportTry(resourceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: TryBody) =>
      (await api<{ data: TryView }>(`/resources/${resourceId}/tries`, { method: 'POST', body })).data,
    onSuccess: () => client.invalidateQueries(everyResourceQuery),
  });
}
