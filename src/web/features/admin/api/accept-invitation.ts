import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AcceptInvitationBody, AcceptInvitationResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';

export function acceptInvitation(body: z.input<typeof AcceptInvitationBody>) {
  return api<z.infer<typeof AcceptInvitationResponse>>('/invitations/accept', { method: 'POST', body });
}

/** Creates the invited person's account and signs them in. */
export function useAcceptInvitation() {
  return useMutation({ mutationFn: acceptInvitation });
}
