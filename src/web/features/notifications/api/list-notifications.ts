import { useInfiniteQuery } from '@tanstack/react-query';
import type { NotificationListResponse } from '#shared/contracts/notifications.ts';
import { api } from '#web/lib/api-client.ts';
import { notificationListKey } from './keys.ts';

export function listNotifications(options: { unreadOnly: boolean; cursor?: string }) {
  return api<NotificationListResponse>('/notifications', {
    query: { unread: options.unreadOnly ? 1 : undefined, cursor: options.cursor, limit: 25 },
  });
}

/** The person's notifications, newest first, a page at a time. */
export function useNotifications(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: notificationListKey(unreadOnly),
    queryFn: ({ pageParam }) => listNotifications({ unreadOnly, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
