import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function deleteProvider(id: string) {
  return api<void>(`/sso/providers/${id}`, { method: 'DELETE' });
}

/** Disconnects a provider. */
export function useDeleteProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteProvider,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
