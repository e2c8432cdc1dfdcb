import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterSyncRunResponse } from '#shared/contracts/roster-sync.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterSyncKey } from './get-roster-source.ts';

export function confirmRosterSyncRun(id: string) {
  return api<z.infer<typeof RosterSyncRunResponse>>(
    `/roster-sync/runs/${encodeURIComponent(id)}/confirmation`,
    {
      method: 'POST',
    },
  );
}

/** Confirms the deactivations a waiting sync held back: a new sync carries them out. */
export function useConfirmRosterSyncRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: confirmRosterSyncRun,
    onSettled: () => client.invalidateQueries({ queryKey: rosterSyncKey }),
  });
}
