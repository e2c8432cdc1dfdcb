import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterSourceResponse, SaveRosterSourceBody } from '#shared/contracts/roster-sync.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterSourceKey } from './get-roster-source.ts';

export function saveRosterSource(body: SaveRosterSourceBody) {
  return api<z.infer<typeof RosterSourceResponse>>('/roster-sync/source', { method: 'PUT', body });
}

/** Connects the source or changes its settings; a secret left empty keeps the one stored. */
export function useSaveRosterSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: saveRosterSource,
    onSuccess: (data) => client.setQueryData(rosterSourceKey, data),
  });
}
