import { useMutation } from '@tanstack/react-query';
import type { Domain } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';

export function confirmDomain(token: string) {
  return api<{ data: Domain }>('/sso/domains/confirm', { method: 'POST', body: { token } });
}

/** Confirms a domain with the token its confirmation mail carried. */
export function useConfirmDomain() {
  return useMutation({ mutationFn: confirmDomain });
}
