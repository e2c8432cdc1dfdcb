import { useInfiniteQuery } from '@tanstack/react-query';
import type { SubmissionListResponse } from '#shared/contracts/submissions.ts';
import { api } from '#web/lib/api-client.ts';
import { earningKeys } from './keys.ts';

export function listSubmissions(cursor: string | null, limit = 50) {
  return api<SubmissionListResponse>('/submissions', { query: { cursor: cursor ?? undefined, limit } });
}

/** The person's submissions, newest first, a page at a time. */
export function useMySubmissions() {
  return useInfiniteQuery({
    queryKey: earningKeys.submissions,
    queryFn: ({ pageParam }) => listSubmissions(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
