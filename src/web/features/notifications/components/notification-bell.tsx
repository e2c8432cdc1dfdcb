import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { NavLink } from 'react-router';
import { useRealtime } from '#web/lib/realtime.ts';
import { notificationsKey } from '../api/keys.ts';
import { useUnreadCount } from '../api/unread-count.ts';

/**
 * The header's bell: a link to the notifications page with the unread count, kept current by the
 * person's own realtime topic. When their access changes every page's data is fetched again, so a
 * removed member sees a community's pages close at once.
 */
export function NotificationBell({ userId }: { userId: string }) {
  const client = useQueryClient();
  const count = useUnreadCount();
  useRealtime([`user:${userId}`], (signal) => {
    if (signal.type === 'access' || signal.type === 'resync') void client.invalidateQueries();
    else void client.invalidateQueries({ queryKey: notificationsKey });
  });

  const unread = count.data ?? 0;
  // Announce new arrivals only, not the count as the page loads or as things are read.
  const previous = useRef<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (count.data === undefined) return;
    if (previous.current !== null && count.data > previous.current)
      setAnnouncement(
        count.data === 1 ? 'You have 1 unread notification.' : `You have ${count.data} unread notifications.`,
      );
    previous.current = count.data;
  }, [count.data]);

  const label = `Notifications, ${unread === 0 ? 'none' : unread > 99 ? 'more than 99' : unread} unread`;
  return (
    <>
      <NavLink to="/notifications" className="bell" aria-label={label}>
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className="bell__text">Notifications</span>
        {unread > 0 && (
          <span className="bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </NavLink>
      <span className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </span>
    </>
  );
}
