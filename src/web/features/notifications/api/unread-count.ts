import { useQuery } from '@tanstack/react-query';
import type { UnreadCountResponse } from '#shared/contracts/notifications.ts';
import { api } from '#web/lib/api-client.ts';
import { unreadCountKey } from './keys.ts';

export async function getUnreadCount(): Promise<number> {
  return (await api<UnreadCountResponse>('/notifications/unread-count')).data.unread;
}

/** The bell's number; refetched when a signal says something changed. */
export function useUnreadCount(enabled = true) {
  return useQuery({ queryKey: unreadCountKey, queryFn: getUnreadCount, enabled, staleTime: 30_000 });
}
