import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClientResponse } from '#shared/contracts/integrations.ts';
import { api } from '#web/lib/api-client.ts';
import { integrationKeys } from './keys.ts';

export function retireApiClientSecret(id: string) {
  return api<ApiClientResponse>(`/api-clients/${encodeURIComponent(id)}/retire`, { method: 'POST' });
}

/** Stops accepting a client's previous secret. */
export function useRetireApiClientSecret() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: retireApiClientSecret,
    onSettled: () => client.invalidateQueries({ queryKey: integrationKeys.apiClients }),
  });
}
