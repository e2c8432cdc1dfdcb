import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConversationMembersResponse } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { conversationKey, conversationListKey, conversationMessagesKey } from './keys.ts';

export function addPeople(conversationId: string, participantIds: string[]) {
  return api<ConversationMembersResponse>(`/conversations/${conversationId}/people`, {
    method: 'POST',
    body: { participantIds },
  });
}

/** Removes someone from a group, or, with one's own id, leaves it. */
export function removePerson(conversationId: string, userId: string) {
  return api<ConversationMembersResponse>(`/conversations/${conversationId}/people/${userId}`, {
    method: 'DELETE',
  });
}

/** Adds people to a group conversation, or takes one out (leaving, with one's own id). */
export function useMemberChange(conversationId: string) {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: conversationKey(conversationId) });
    void client.invalidateQueries({ queryKey: conversationMessagesKey(conversationId) });
    void client.invalidateQueries({ queryKey: conversationListKey });
  };
  return {
    add: useMutation({ mutationFn: (ids: string[]) => addPeople(conversationId, ids), onSuccess: refresh }),
    remove: useMutation({
      mutationFn: (userId: string) => removePerson(conversationId, userId),
      onSuccess: refresh,
    }),
  };
}
