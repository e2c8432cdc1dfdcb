import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClientResponse } from '#shared/contracts/integrations.ts';
import { api } from '#web/lib/api-client.ts';
import { integrationKeys } from './keys.ts';

export function revokeApiClient(id: string) {
  return api<ApiClientResponse>(`/api-clients/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
}

/** Revokes a client: its next request is refused. */
export function useRevokeApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeApiClient,
    onSettled: () => client.invalidateQueries({ queryKey: integrationKeys.apiClients }),
  });
}
