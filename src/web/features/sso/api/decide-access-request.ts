import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AccessRequest } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function decideAccessRequest({ id, decision }: { id: string; decision: 'approve' | 'decline' }) {
  return api<{ data: AccessRequest }>(`/sso/access-requests/${id}/${decision}`, { method: 'POST' });
}

/** Approves (opens a teacher's account) or declines a request for an account. */
export function useDecideAccessRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: decideAccessRequest,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
