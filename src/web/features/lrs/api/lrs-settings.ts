import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LrsSettings, UpdateLrsSettingsBody } from '#shared/contracts/lrs-identities.ts';
import { api } from '#web/lib/api-client.ts';
import { lrsKeys } from './keys.ts';

export function getLrsSettings() {
  return api<{ data: LrsSettings }>('/lrs/settings');
}

/** The district's LRS address and the home pages whose accounts name its people. */
export function useLrsSettings() {
  return useQuery({ queryKey: lrsKeys.settings, queryFn: getLrsSettings });
}

export function updateLrsSettings(body: UpdateLrsSettingsBody) {
  return api<{ data: LrsSettings }>('/lrs/settings', { method: 'PUT', body });
}

/** Sets the home page of the district's learning tools; identities that match now leave the unmatched list. */
export function useUpdateLrsSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateLrsSettings,
    onSuccess: () => client.invalidateQueries({ queryKey: lrsKeys.all }),
  });
}
