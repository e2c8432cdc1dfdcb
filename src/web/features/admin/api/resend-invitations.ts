import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ResendInvitationsResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function resendInvitations(ids: string[]) {
  return api<z.infer<typeof ResendInvitationsResponse>>('/invitations/resend', {
    method: 'POST',
    body: { ids },
  });
}

/** Emails fresh links for several pending invitations at once. */
export function useResendInvitations() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: resendInvitations,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.invitations }),
        client.invalidateQueries({ queryKey: adminKeys.audit }),
      ]),
  });
}
