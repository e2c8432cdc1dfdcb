import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { notificationsKey } from './keys.ts';

export function markAllNotificationsRead() {
  return api<{ data: { marked: number } }>('/notifications/read-all', { method: 'POST' });
}

export function useMarkAllNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onSettled: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
}
