import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { InvitationResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function resendInvitation(id: string) {
  return api<z.infer<typeof InvitationResponse>>(`/invitations/${encodeURIComponent(id)}/resend`, {
    method: 'POST',
  });
}

/** Emails a fresh link for a pending invitation. */
export function useResendInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: resendInvitation,
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.invitations }),
  });
}
