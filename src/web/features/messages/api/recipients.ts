import { useQuery } from '@tanstack/react-query';
import type { RecipientListResponse, RecipientResponse } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { recipientKey } from './keys.ts';

export function findRecipients(q: string, signal?: AbortSignal) {
  return api<RecipientListResponse>('/messages/recipients', { query: { q }, signal });
}

export function getRecipient(id: string) {
  return api<RecipientResponse>(`/messages/recipients/${id}`);
}

/** A person one may message, with whether one blocked them; an error (404) when one may not. */
export function useRecipient(id: string | null) {
  return useQuery({
    queryKey: recipientKey(id ?? ''),
    queryFn: () => getRecipient(id!),
    enabled: !!id,
    retry: false,
  });
}
