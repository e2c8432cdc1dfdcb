import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { InvitationLookupResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';

export function lookupInvitation(token: string) {
  return api<z.infer<typeof InvitationLookupResponse>>('/invitations/lookup', { query: { token } });
}

/** What an invitation link is for; an error when the link cannot be used. */
export function useInvitationLookup(token: string) {
  return useQuery({
    queryKey: ['invitation-lookup', token],
    queryFn: () => lookupInvitation(token),
    enabled: token.length > 0,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
