import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ReviewBody,
  ReviewQueueResponse,
  ReviewResult,
  SubmissionDetail,
} from '#shared/contracts/submissions.ts';
import { api } from '#web/lib/api-client.ts';
import { earningKeys, retryServerErrors } from './keys.ts';

export function listReviewQueue(credentialId: string | undefined, cursor: string | null) {
  return api<ReviewQueueResponse>('/reviews', {
    query: { credentialId, cursor: cursor ?? undefined, limit: 25 },
  });
}

/** Submissions waiting for the assessor, oldest first, a page at a time. */
export function useReviewQueue(credentialId: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...earningKeys.queue, credentialId ?? 'all'],
    queryFn: ({ pageParam }) => listReviewQueue(credentialId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The submission as its assessor reviews it. */
export function useReviewWorkspace(id: string) {
  return useQuery({
    queryKey: earningKeys.workspace(id),
    queryFn: async () => (await api<{ data: SubmissionDetail }>(`/reviews/${id}`)).data,
    retry: retryServerErrors,
  });
}

/** Scores the round and decides. */
export function useSubmitReview(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ReviewBody) =>
      (await api<{ data: ReviewResult }>(`/reviews/${id}`, { method: 'POST', body })).data,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: earningKeys.queue });
      void client.invalidateQueries({ queryKey: earningKeys.workspace(id) });
    },
  });
}
