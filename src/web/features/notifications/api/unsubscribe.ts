import { useMutation } from '@tanstack/react-query';
import type { UnsubscribeResponse } from '#shared/contracts/notifications.ts';
import { api } from '#web/lib/api-client.ts';

export function unsubscribe(token: string) {
  return api<UnsubscribeResponse>('/unsubscribe', { method: 'POST', query: { token } });
}

/** Turns off notification email for the person an emailed link names; no sign-in needed. */
export function useUnsubscribe() {
  return useMutation({ mutationFn: unsubscribe });
}
