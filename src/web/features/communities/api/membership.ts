import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MembershipResponse } from '#shared/contracts/communities.ts';
import { api } from '#web/lib/api-client.ts';
import { communityKeys } from './keys.ts';

type MembershipResult = z.infer<typeof MembershipResponse>['data'];

export type MembershipAction =
  | { action: 'join' }
  | { action: 'leave' }
  | { action: 'request'; message?: string }
  | { action: 'withdraw' };

export function changeMembership(
  communityId: string,
  change: MembershipAction,
): Promise<{ data: MembershipResult }> {
  const base = `/communities/${communityId}`;
  switch (change.action) {
    case 'join':
      return api(`${base}/join`, { method: 'POST' });
    case 'leave':
      return api(`${base}/leave`, { method: 'POST' });
    case 'request':
      return api(`${base}/requests`, {
        method: 'POST',
        body: change.message ? { message: change.message } : {},
      });
    case 'withdraw':
      return api(`${base}/requests`, { method: 'DELETE' });
  }
}

/** Join, leave, ask to join or withdraw the request; the community and lists are read again. */
export function useChangeMembership(communityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: MembershipAction) => changeMembership(communityId, change),
    onSettled: () => client.invalidateQueries({ queryKey: communityKeys.all }),
  });
}
