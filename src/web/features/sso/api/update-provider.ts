import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Provider, UpdateProviderBody } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function updateProvider({ id, ...body }: UpdateProviderBody & { id: string }) {
  return api<{ data: Provider }>(`/sso/providers/${id}`, { method: 'PATCH', body });
}

/** Changes a provider; a secret left empty is kept. */
export function useUpdateProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateProvider,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
