import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WelcomeSettingsBody, WelcomeSettings } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function getWelcomeSettings() {
  return api<{ data: WelcomeSettings }>('/staff/welcome');
}

export function updateWelcomeSettings(body: WelcomeSettingsBody) {
  return api<{ data: WelcomeSettings }>('/staff/welcome', { method: 'PUT', body });
}

/** Whether and when the district welcomes its staff by email, and who has not signed in yet. */
export function useWelcomeSettings() {
  return useQuery({ queryKey: adminKeys.welcome, queryFn: getWelcomeSettings });
}

export function useUpdateWelcomeSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateWelcomeSettings,
    onSuccess: (result) => client.setQueryData(adminKeys.welcome, result),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.audit }),
  });
}
