import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  AwardStanding,
  BulkRevokeResponse,
  CredentialAwardsResponse,
} from '#shared/contracts/credential-awards.ts';
import { api } from '#web/lib/api-client.ts';
import { awardKeys } from './keys.ts';

export interface AwardFilter {
  q: string;
  status: AwardStanding | '';
}

export function listCredentialAwards(credentialId: string, filter: AwardFilter, cursor: string | null) {
  return api<CredentialAwardsResponse>(`/micro-credentials/${credentialId}/awards`, {
    query: { q: filter.q.trim(), status: filter.status, cursor: cursor ?? undefined, limit: 25 },
  });
}

/** The address of the CSV export of the awards matching the filter (a plain download link). */
export function credentialAwardsCsvUrl(credentialId: string, filter: AwardFilter): string {
  const params = new URLSearchParams();
  if (filter.q.trim()) params.set('q', filter.q.trim());
  if (filter.status) params.set('status', filter.status);
  const query = params.toString();
  return `/api/micro-credentials/${credentialId}/awards.csv${query ? `?${query}` : ''}`;
}

/** The awards of a credential (issuer admins), newest first, a page at a time. */
export function useCredentialAwards(credentialId: string, filter: AwardFilter) {
  return useInfiniteQuery({
    queryKey: awardKeys.credentialList(credentialId, filter.q.trim(), filter.status),
    queryFn: ({ pageParam }) => listCredentialAwards(credentialId, filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export async function bulkRevokeAwards(
  credentialId: string,
  awardIds: string[],
  reason: string,
): Promise<BulkRevokeResponse['data']> {
  return (
    await api<BulkRevokeResponse>(`/micro-credentials/${credentialId}/awards/revoke`, {
      method: 'POST',
      body: { awardIds, reason },
    })
  ).data;
}

/** Revokes the chosen awards of a credential for one reason; the list is read again after. */
export function useBulkRevokeAwards(credentialId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: { awardIds: string[]; reason: string }) =>
      bulkRevokeAwards(credentialId, args.awardIds, args.reason),
    onSettled: () => client.invalidateQueries({ queryKey: awardKeys.ofCredential(credentialId) }),
  });
}
