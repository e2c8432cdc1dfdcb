import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { sessionsKey } from './list-sessions.ts';

export function revokeSession(id: string) {
  return api<void>(`/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Signs the person out on one other device. */
export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }),
  });
}
