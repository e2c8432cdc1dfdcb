import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateIdentityLinkBody, CreateIdentityLinkResponse } from '#shared/contracts/lrs-identities.ts';
import { api } from '#web/lib/api-client.ts';
import { lrsKeys } from './keys.ts';

export function mapIdentity(body: CreateIdentityLinkBody) {
  return api<CreateIdentityLinkResponse>('/lrs/identity-links', { method: 'POST', body });
}

/** Maps an identity to a staff member; its earlier statements become theirs. */
export function useMapIdentity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: mapIdentity,
    onSuccess: () => client.invalidateQueries({ queryKey: lrsKeys.all }),
  });
}
