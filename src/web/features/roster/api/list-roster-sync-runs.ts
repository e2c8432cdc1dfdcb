import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterSyncRunListResponse } from '#shared/contracts/roster-sync.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterSyncKey } from './get-roster-source.ts';

export const rosterSyncRunsKey = [...rosterSyncKey, 'runs'] as const;

export function listRosterSyncRuns(cursor?: string) {
  return api<z.infer<typeof RosterSyncRunListResponse>>('/roster-sync/runs', {
    query: { cursor, limit: 10 },
  });
}

/** The district's previews and syncs, newest first; polled while one is queued or running. */
export function useRosterSyncRuns() {
  return useInfiniteQuery({
    queryKey: rosterSyncRunsKey,
    queryFn: ({ pageParam }) => listRosterSyncRuns(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages[0]?.data.some((r) => r.status === 'queued' || r.status === 'running')
        ? 2000
        : false,
  });
}
