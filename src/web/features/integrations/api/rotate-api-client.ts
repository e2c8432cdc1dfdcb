import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClientWithSecretResponse } from '#shared/contracts/integrations.ts';
import { api } from '#web/lib/api-client.ts';
import { integrationKeys } from './keys.ts';

export function rotateApiClient(id: string) {
  return api<ApiClientWithSecretResponse>(`/api-clients/${encodeURIComponent(id)}/rotate`, {
    method: 'POST',
  });
}

/** Gives a client a new secret (in the answer, this once); the previous one works until retired. */
export function useRotateApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: rotateApiClient,
    onSuccess: () => client.invalidateQueries({ queryKey: integrationKeys.apiClients }),
  });
}
