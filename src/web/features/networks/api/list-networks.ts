import { useQuery } from '@tanstack/react-query';
import type { NetworkListResponse } from '#shared/contracts/networks.ts';
import { api } from '#web/lib/api-client.ts';
import { networkKeys } from './keys.ts';

export function listNetworks() {
  return api<NetworkListResponse>('/networks');
}

/** The networks of one's district and those one administers, with what one may do in each. */
export function useNetworks() {
  return useQuery({ queryKey: networkKeys.all, queryFn: listNetworks });
}
