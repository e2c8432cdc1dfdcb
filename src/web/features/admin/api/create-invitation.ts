import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateInvitationBody, InvitationResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export type CreateInvitationInput = z.input<typeof CreateInvitationBody>;

export function createInvitation(body: CreateInvitationInput) {
  return api<z.infer<typeof InvitationResponse>>('/invitations', { method: 'POST', body });
}

/** Invites one person to the district. */
export function useCreateInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createInvitation,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.invitations }),
  });
}
