import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';

export function unlinkIdentity(id: string) {
  return api<void>(`/sso/identities/${id}`, { method: 'DELETE' });
}

/** Unlinks a provider sign-in from its account. */
export function useUnlinkIdentity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: unlinkIdentity,
    onSuccess: () => client.invalidateQueries({ queryKey: ['sign-on', 'identities'] }),
  });
}
