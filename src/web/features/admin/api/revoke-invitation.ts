import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function revokeInvitation(id: string) {
  return api<void>(`/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Withdraws a pending invitation. */
export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeInvitation,
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.invitations }),
  });
}
