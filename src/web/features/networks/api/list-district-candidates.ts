import { useQuery } from '@tanstack/react-query';
import type { DistrictCandidateListResponse } from '#shared/contracts/networks.ts';
import { api } from '#web/lib/api-client.ts';
import { networkKeys } from './keys.ts';

export function listDistrictCandidates(networkId: string) {
  return api<DistrictCandidateListResponse>(`/networks/${encodeURIComponent(networkId)}/district-candidates`);
}

/** Districts a network administrator may add to the network. */
export function useDistrictCandidates(networkId: string) {
  return useQuery({
    queryKey: networkKeys.candidates(networkId),
    queryFn: () => listDistrictCandidates(networkId),
  });
}
