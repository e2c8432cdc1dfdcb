import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Domain } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function verifyDomainByDns(id: string) {
  return api<{ data: Domain }>(`/sso/domains/${id}/verify-dns`, { method: 'POST' });
}

export function sendDomainMail({ id, email }: { id: string; email: string }) {
  return api<{ data: Domain }>(`/sso/domains/${id}/verify-mail`, { method: 'POST', body: { email } });
}

/** Checks a claimed domain's TXT record. */
export function useVerifyDomainByDns() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: verifyDomainByDns,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}

/** Mails a confirmation link to an address at the domain. */
export function useSendDomainMail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: sendDomainMail,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
