import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  NotificationSettingsBody,
  NotificationSettingsResponse,
} from '#shared/contracts/notifications.ts';
import { api } from '#web/lib/api-client.ts';
import { notificationSettingsKey } from './keys.ts';

export function getNotificationSettings() {
  return api<NotificationSettingsResponse>('/notification-settings');
}

export function updateNotificationSettings(body: NotificationSettingsBody) {
  return api<NotificationSettingsResponse>('/notification-settings', { method: 'PUT', body });
}

/** How the person wants notifications emailed. */
export function useNotificationSettings() {
  return useQuery({ queryKey: notificationSettingsKey, queryFn: getNotificationSettings });
}

export function useUpdateNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateNotificationSettings,
    onSuccess: (saved) => client.setQueryData(notificationSettingsKey, saved),
  });
}
