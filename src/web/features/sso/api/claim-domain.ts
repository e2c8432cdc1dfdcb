import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Domain } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function claimDomain(domain: string) {
  return api<{ data: Domain }>('/sso/domains', { method: 'POST', body: { domain } });
}

/** Claims an email domain for the district. */
export function useClaimDomain() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: claimDomain,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
