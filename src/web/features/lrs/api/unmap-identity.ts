import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DeleteIdentityLinkResponse } from '#shared/contracts/lrs-identities.ts';
import { api } from '#web/lib/api-client.ts';
import { lrsKeys } from './keys.ts';

export function unmapIdentity(id: string) {
  return api<DeleteIdentityLinkResponse>(`/lrs/identity-links/${id}`, { method: 'DELETE' });
}

/** Unmaps an identity: its statements no longer belong to the person. */
export function useUnmapIdentity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: unmapIdentity,
    onSuccess: () => client.invalidateQueries({ queryKey: lrsKeys.all }),
  });
}
