import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterSyncRunResponse } from '#shared/contracts/roster-sync.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterSyncKey } from './get-roster-source.ts';

export function startRosterSyncRun(kind: 'preview' | 'sync') {
  return api<z.infer<typeof RosterSyncRunResponse>>('/roster-sync/runs', { method: 'POST', body: { kind } });
}

/** Queues a preview (a dry run) or a sync; the background job carries it out. */
export function useStartRosterSyncRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: startRosterSyncRun,
    onSettled: () => client.invalidateQueries({ queryKey: rosterSyncKey }),
  });
}
