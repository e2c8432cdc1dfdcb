import { useInfiniteQuery } from '@tanstack/react-query';
import type { JobListResponse, JobState } from '#shared/contracts/jobs.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function listJobs(state: JobState, cursor?: string) {
  return api<JobListResponse>('/admin/jobs', { query: { state, cursor, limit: 25 } });
}

/**
 * The background jobs in one state that the administrator may see, newest first, with how many are
 * in each state; refreshed every few seconds while the page is open, since jobs move on their own.
 */
export function useJobs(state: JobState) {
  return useInfiniteQuery({
    queryKey: [...adminKeys.jobs, state],
    queryFn: ({ pageParam }) => listJobs(state, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5_000,
  });
}
