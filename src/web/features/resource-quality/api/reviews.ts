import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReviewBody, ReviewListResponse, ReviewView } from '#shared/contracts/resource-quality.ts';
import { api } from '#web/lib/api-client.ts';
import { everyResourceQuery, qualityKeys } from './keys.ts';

/** A resource's reviews, newest first, with the summary and the viewer's own review on each page. */
export function useReviews(resourceId: string) {
  return useInfiniteQuery({
    queryKey: qualityKeys.reviews(resourceId),
    queryFn: ({ pageParam }) =>
      api<ReviewListResponse>(`/resources/${resourceId}/reviews`, {
        query: { cursor: pageParam ?? undefined, limit: 10 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Creates or replaces the viewer's review of the current version. */
export function useSaveReview(resourceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ReviewBody) =>
      (await api<{ data: ReviewView }>(`/resources/${resourceId}/reviews/mine`, { method: 'PUT', body }))
        .data,
    onSuccess: () => client.invalidateQueries(everyResourceQuery),
  });
}

export function useDeleteReview(resourceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/resources/${resourceId}/reviews/mine`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries(everyResourceQuery),
  });
}
