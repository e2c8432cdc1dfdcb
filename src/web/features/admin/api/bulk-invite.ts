import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BulkInvitationBody, BulkInvitationResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export type BulkInviteInput = z.input<typeof BulkInvitationBody>;

export function bulkInvite(body: BulkInviteInput) {
  return api<BulkInvitationResponse>('/invitations/bulk', { method: 'POST', body });
}

/** Invites a list of people with one role; answers with a result per row. */
export function useBulkInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: bulkInvite,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.invitations }),
  });
}
