import { useQuery } from '@tanstack/react-query';
import type { NetworkDistrictListResponse } from '#shared/contracts/networks.ts';
import { api } from '#web/lib/api-client.ts';
import { networkKeys } from './keys.ts';

export function listNetworkDistricts(networkId: string) {
  return api<NetworkDistrictListResponse>(`/networks/${encodeURIComponent(networkId)}/districts`);
}

/** A network's member districts (its administrators only). */
export function useNetworkDistricts(networkId: string) {
  return useQuery({
    queryKey: networkKeys.districts(networkId),
    queryFn: () => listNetworkDistricts(networkId),
  });
}
