import { useInfiniteQuery } from '@tanstack/react-query';
import type { MessageSearchResponse } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { messageSearchKey } from './keys.ts';

export function searchMessages(q: string, cursor?: string) {
  return api<MessageSearchResponse>('/messages/search', { query: { q, cursor, limit: 20 } });
}

/** The person's own messages matching the words, newest first. */
export function useMessageSearch(q: string) {
  return useInfiniteQuery({
    queryKey: messageSearchKey(q),
    queryFn: ({ pageParam }) => searchMessages(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: q.trim().length >= 2,
  });
}
