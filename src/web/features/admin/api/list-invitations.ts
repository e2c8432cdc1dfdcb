import { useInfiniteQuery } from '@tanstack/react-query';
import type { InvitationListResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function listInvitations(cursor?: string) {
  return api<InvitationListResponse>('/invitations', { query: { cursor, limit: 25 } });
}

/** The district's pending invitations, newest first. */
export function useInvitations() {
  return useInfiniteQuery({
    queryKey: adminKeys.invitations,
    queryFn: ({ pageParam }) => listInvitations(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
