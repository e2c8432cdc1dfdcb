import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateProviderBody, Provider } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function createProvider(body: z.input<typeof CreateProviderBody>) {
  return api<{ data: Provider }>('/sso/providers', { method: 'POST', body });
}

/** Connects a provider; the server discovers it first and names the field that is wrong. */
export function useCreateProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createProvider,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
