import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RevokeAwardResponse } from '#shared/contracts/awards.ts';
import { api } from '#web/lib/api-client.ts';
import { awardKeys } from './keys.ts';

export async function revokeAward(id: string, reason: string): Promise<RevokeAwardResponse['data']> {
  return (await api<RevokeAwardResponse>(`/awards/${id}/revoke`, { method: 'POST', body: { reason } })).data;
}

/** Revokes a credential (issuer admins); its page then shows it revoked and verifies it again. */
export function useRevokeAward(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => revokeAward(id, reason),
    onSuccess: () => client.invalidateQueries({ queryKey: awardKeys.publicAward(id) }),
  });
}
