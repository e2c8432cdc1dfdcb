import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ClaimListResponse,
  ClaimPreviewResponse,
  ClaimView,
  DecideClaimBody,
  SubmitClaimsBody,
} from '#shared/contracts/credit.ts';
import { api } from '#web/lib/api-client.ts';
import { creditKeys } from './keys.ts';

/** My claims, newest first, a page at a time. */
export function useMyClaims(search = '') {
  return useInfiniteQuery({
    queryKey: creditKeys.claims(search),
    queryFn: ({ pageParam }) =>
      api<ClaimListResponse>('/credit/claims', {
        query: {
          ...Object.fromEntries(new URLSearchParams(search)),
          cursor: pageParam ?? undefined,
          limit: 20,
        },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The approver's queue, oldest first, filtered by the address's search. */
export function useApprovals(search: string) {
  return useInfiniteQuery({
    queryKey: creditKeys.approvals(search),
    queryFn: ({ pageParam }) =>
      api<ClaimListResponse>('/credit/approvals', {
        query: {
          ...Object.fromEntries(new URLSearchParams(search)),
          cursor: pageParam ?? undefined,
          limit: 20,
        },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

type Preview = z.infer<typeof ClaimPreviewResponse>['data'];

/** Default hours and problems of the chosen entries under a type. */
export function useClaimPreview(creditTypeId: string, entryIds: string[]) {
  const ids = entryIds.join(',');
  return useQuery({
    queryKey: creditKeys.preview(creditTypeId, ids),
    queryFn: async () =>
      (await api<{ data: Preview }>('/credit/claims/preview', { query: { creditTypeId, entryIds: ids } }))
        .data,
    enabled: Boolean(creditTypeId && ids),
  });
}

const invalidateAll = (client: ReturnType<typeof useQueryClient>) => {
  void client.invalidateQueries({ queryKey: creditKeys.all });
  void client.invalidateQueries({ queryKey: ['learning'] });
};

export function useSubmitClaims() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: SubmitClaimsBody) =>
      (await api<{ data: ClaimView[] }>('/credit/claims', { method: 'POST', body })).data,
    onSuccess: () => invalidateAll(client),
  });
}

export function useDecideClaim() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: DecideClaimBody }) =>
      (await api<{ data: ClaimView }>(`/credit/claims/${id}/decision`, { method: 'POST', body })).data,
    onSuccess: () => invalidateAll(client),
  });
}

export function useResubmitClaim() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: { hours?: number; adjustmentReason?: string } }) =>
      (await api<{ data: ClaimView }>(`/credit/claims/${id}/resubmission`, { method: 'POST', body })).data,
    onSuccess: () => invalidateAll(client),
  });
}

export function useWithdrawClaim() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/credit/claims/${id}`, { method: 'DELETE' }),
    onSuccess: () => invalidateAll(client),
  });
}
