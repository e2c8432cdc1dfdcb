import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MemberListResponse, MemberRole } from '#shared/contracts/communities.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { communityKeys } from './keys.ts';

export type MemberStatus = 'active' | 'requested' | 'invited';

export function listMembers(communityId: string, status: MemberStatus, cursor: string | null) {
  return api<MemberListResponse>(`/communities/${communityId}/members`, {
    query: { status, cursor: cursor ?? undefined, limit: 50 },
  });
}

/** A community's members, requests or invitations, a page at a time. */
export function useMembers(communityId: string, status: MemberStatus, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...communityKeys.members(communityId), status],
    queryFn: ({ pageParam }) => listMembers(communityId, status, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export type MemberAction =
  | { action: 'approve' | 'decline'; userId: string; message?: string }
  | { action: 'invite'; userId: string }
  | { action: 'role'; userId: string; role: MemberRole }
  | { action: 'remove'; userId: string; message?: string };

export function changeMember(communityId: string, change: MemberAction): Promise<unknown> {
  const base = `/communities/${communityId}`;
  const message = 'message' in change && change.message ? { message: change.message } : {};
  switch (change.action) {
    case 'approve':
    case 'decline':
      return api(`${base}/requests/${change.userId}/${change.action}`, { method: 'POST', body: message });
    case 'invite':
      return api(`${base}/invitations`, { method: 'POST', body: { userId: change.userId } });
    case 'role':
      return api(`${base}/members/${change.userId}`, { method: 'PATCH', body: { role: change.role } });
    case 'remove':
      return api(`${base}/members/${change.userId}`, { method: 'DELETE', body: message });
  }
}

/** Facilitators decide requests, invite, change roles and remove members. */
export function useChangeMember(communityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: MemberAction) => changeMember(communityId, change),
    onSettled: () => client.invalidateQueries({ queryKey: communityKeys.all }),
  });
}
