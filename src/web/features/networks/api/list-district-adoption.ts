import { useQuery } from '@tanstack/react-query';
import type { DistrictAdoptionListResponse } from '#shared/contracts/networks.ts';
import { api } from '#web/lib/api-client.ts';
import { networkKeys } from './keys.ts';

export function listDistrictAdoption(networkId: string) {
  return api<DistrictAdoptionListResponse>(`/networks/${encodeURIComponent(networkId)}/adoption`);
}

/** Each member district's adoption (the network's administrators only). */
export function useDistrictAdoption(networkId: string) {
  return useQuery({
    queryKey: networkKeys.adoption(networkId),
    queryFn: () => listDistrictAdoption(networkId),
  });
}
