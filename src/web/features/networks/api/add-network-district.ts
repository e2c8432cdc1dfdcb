import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { NetworkDistrictResponse } from '#shared/contracts/networks.ts';
import { api } from '#web/lib/api-client.ts';
import { networkKeys } from './keys.ts';

export function addNetworkDistrict(args: { networkId: string; districtId: string }) {
  return api<z.infer<typeof NetworkDistrictResponse>>(
    `/networks/${encodeURIComponent(args.networkId)}/districts`,
    { method: 'POST', body: { districtId: args.districtId } },
  );
}

/** Adds a district to a network. */
export function useAddNetworkDistrict() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: addNetworkDistrict,
    // Not awaited, so the caller's own success runs before the lists change under it.
    onSettled: () => {
      void client.invalidateQueries({ queryKey: networkKeys.all });
    },
  });
}
