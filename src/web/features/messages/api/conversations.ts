import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConversationListResponse,
  ConversationResponse,
  Message,
  StartConversationBody,
} from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { conversationKey, conversationListKey, messagesKey } from './keys.ts';

export function listConversations(cursor?: string) {
  return api<ConversationListResponse>('/conversations', { query: { cursor, limit: 25 } });
}

/** The person's conversations, most recently active first, a page at a time. */
export function useConversations() {
  return useInfiniteQuery({
    queryKey: conversationListKey,
    queryFn: ({ pageParam }) => listConversations(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function getConversation(id: string) {
  return api<ConversationResponse>(`/conversations/${id}`);
}

export function useConversation(id: string) {
  return useQuery({ queryKey: conversationKey(id), queryFn: () => getConversation(id) });
}

export function startConversation(body: StartConversationBody) {
  return api<{ data: { conversationId: string; message: Message } }>('/conversations', {
    method: 'POST',
    body,
  });
}

export function useStartConversation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: startConversation,
    onSuccess: () => client.invalidateQueries({ queryKey: messagesKey }),
  });
}
