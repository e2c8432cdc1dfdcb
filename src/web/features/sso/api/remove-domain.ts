import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function removeDomain(id: string) {
  return api<void>(`/sso/domains/${id}`, { method: 'DELETE' });
}

/** Removes a domain claim. */
export function useRemoveDomain() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: removeDomain,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
