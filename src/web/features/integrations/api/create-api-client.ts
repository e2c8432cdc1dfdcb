import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClientWithSecretResponse, CreateApiClientBody } from '#shared/contracts/integrations.ts';
import { api } from '#web/lib/api-client.ts';
import { integrationKeys } from './keys.ts';

export function createApiClient(body: CreateApiClientBody) {
  return api<ApiClientWithSecretResponse>('/api-clients', { method: 'POST', body });
}

/** Creates an API client; the answer holds its secret, this once. */
export function useCreateApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createApiClient,
    onSuccess: () => client.invalidateQueries({ queryKey: integrationKeys.apiClients }),
  });
}
