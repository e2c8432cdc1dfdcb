/** Query keys of the notifications feature; a signal invalidates them all at once. */
export const notificationsKey = ['notifications'] as const;
export const notificationListKey = (unreadOnly: boolean) =>
  [...notificationsKey, 'list', { unreadOnly }] as const;
export const unreadCountKey = [...notificationsKey, 'unread-count'] as const;
export const notificationSettingsKey = ['notification-settings'] as const;
