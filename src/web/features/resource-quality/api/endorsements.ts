import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EndorseBody,
  EndorsementListResponse,
  EndorsementView,
} from '#shared/contracts/resource-quality.ts';
import { api } from '#web/lib/api-client.ts';
import { everyResourceQuery, qualityKeys } from './keys.ts';

/** A resource's endorsements, and where the viewer (a facilitator) could still endorse it. */
export function useEndorsements(resourceId: string) {
  return useQuery({
    queryKey: qualityKeys.endorsements(resourceId),
    queryFn: () => api<EndorsementListResponse>(`/resources/${resourceId}/endorsements`),
  });
}

export function useEndorse(resourceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: EndorseBody) =>
      (
        await api<{ data: EndorsementView }>(`/resources/${resourceId}/endorsements`, {
          method: 'POST',
          body,
        })
      ).data,
    onSuccess: () => client.invalidateQueries(everyResourceQuery),
  });
}

export function useWithdrawEndorsement(resourceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (communityId: string) =>
      api(`/resources/${resourceId}/endorsements/${communityId}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries(everyResourceQuery),
  });
}
