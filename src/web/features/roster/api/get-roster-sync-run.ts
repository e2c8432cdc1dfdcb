import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterSyncRunResponse } from '#shared/contracts/roster-sync.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterSyncRunsKey } from './list-roster-sync-runs.ts';

export function getRosterSyncRun(id: string) {
  return api<z.infer<typeof RosterSyncRunResponse>>(`/roster-sync/runs/${encodeURIComponent(id)}`);
}

/** One run with what it changed; polled until it has finished. */
export function useRosterSyncRun(id: string | null) {
  return useQuery({
    queryKey: [...rosterSyncRunsKey, id],
    queryFn: () => getRosterSyncRun(id!),
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.data.status;
      return status === 'queued' || status === 'running' ? 1000 : false;
    },
  });
}
