import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignOnSettings } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function saveSettings(body: SignOnSettings) {
  return api<{ data: SignOnSettings }>('/sso/settings', { method: 'PUT', body });
}

/** Sets whether passwords remain allowed and what unknown people may do. */
export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: saveSettings,
    onSuccess: () => client.invalidateQueries({ queryKey: signOnKeys.overview }),
  });
}
