import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { notificationsKey } from './keys.ts';

export function markNotificationRead(id: string) {
  return api<{ data: { id: string; read: true } }>(`/notifications/${id}/read`, { method: 'POST' });
}

export function useMarkNotificationRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: markNotificationRead,
    onSettled: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
}
