import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MessageListResponse, MessageResponse, SendMessageBody } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { conversationKey, conversationListKey, conversationMessagesKey, unreadMessagesKey } from './keys.ts';

export function listMessages(conversationId: string, cursor?: string) {
  return api<MessageListResponse>(`/conversations/${conversationId}/messages`, {
    query: { cursor, limit: 30 },
  });
}

/** A conversation's messages, newest page first; older pages follow on request. */
export function useMessages(conversationId: string) {
  return useInfiniteQuery({
    queryKey: conversationMessagesKey(conversationId),
    queryFn: ({ pageParam }) => listMessages(conversationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function sendMessage(conversationId: string, body: SendMessageBody) {
  return api<MessageResponse>(`/conversations/${conversationId}/messages`, { method: 'POST', body });
}

export function useSendMessage(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SendMessageBody) => sendMessage(conversationId, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: conversationMessagesKey(conversationId) });
      void client.invalidateQueries({ queryKey: conversationListKey });
    },
  });
}

export function markConversationRead(conversationId: string) {
  return api<void>(`/conversations/${conversationId}/read`, { method: 'POST' });
}

export function useMarkConversationRead(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => markConversationRead(conversationId),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: unreadMessagesKey });
      void client.invalidateQueries({ queryKey: conversationListKey });
      void client.invalidateQueries({ queryKey: conversationKey(conversationId) });
    },
  });
}
