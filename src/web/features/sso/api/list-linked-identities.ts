import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { LinkedIdentitiesResponse } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function listLinkedIdentities(email: string) {
  return api<z.infer<typeof LinkedIdentitiesResponse>>('/sso/identities', { query: { email } });
}

/** The provider sign-ins linked to a person of the district, once an address is asked about. */
export function useLinkedIdentities(email: string | null) {
  return useQuery({
    queryKey: signOnKeys.identities(email ?? ''),
    queryFn: () => listLinkedIdentities(email ?? ''),
    enabled: email !== null,
  });
}
