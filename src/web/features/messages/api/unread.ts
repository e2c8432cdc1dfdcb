import { useQuery } from '@tanstack/react-query';
import type { UnreadMessagesResponse } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { unreadMessagesKey } from './keys.ts';

export function getUnreadMessages() {
  return api<UnreadMessagesResponse>('/messages/unread');
}

/** How many messages wait unread, for the navigation's badge. */
export function useUnreadMessages() {
  return useQuery({ queryKey: unreadMessagesKey, queryFn: getUnreadMessages, select: (r) => r.data.count });
}
