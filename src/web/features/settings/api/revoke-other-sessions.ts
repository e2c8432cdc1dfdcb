import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { sessionsKey } from './list-sessions.ts';

export function revokeOtherSessions() {
  return api<void>('/sessions/revoke-others', { method: 'POST' });
}

/** Signs the person out everywhere but this device. */
export function useRevokeOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeOtherSessions,
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }),
  });
}
