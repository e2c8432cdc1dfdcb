import { useQuery } from '@tanstack/react-query';
import type { MessagingPolicyResponse } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { messagingPolicyKey } from './keys.ts';

export function getMessagingPolicy() {
  return api<MessagingPolicyResponse>('/messages/policy');
}

/** How the person's district keeps messages, for the messages page to say. */
export function useMessagingPolicy() {
  return useQuery({ queryKey: messagingPolicyKey, queryFn: getMessagingPolicy, select: (r) => r.data });
}
