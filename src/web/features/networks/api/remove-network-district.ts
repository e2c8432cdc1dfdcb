import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';

export function removeNetworkDistrict(args: { networkId: string; districtId: string }) {
  return api<void>(
    `/networks/${encodeURIComponent(args.networkId)}/districts/${encodeURIComponent(args.districtId)}`,
    { method: 'DELETE' },
  );
}

/** Takes a district out of a network; what its people may see changes everywhere, so every list reloads. */
export function useRemoveNetworkDistrict() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: removeNetworkDistrict,
    // Not awaited: the district's row goes with the refetch, and the caller's own success must run first.
    onSettled: () => {
      void client.invalidateQueries();
    },
  });
}
