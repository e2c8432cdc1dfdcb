import { useQueryClient } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { useRealtime } from '#web/lib/realtime.ts';
import { messagesKey } from '../api/keys.ts';
import { useUnreadMessages } from '../api/unread.ts';

/**
 * The navigation's link to direct messages with the number of unread messages, kept current by the
 * person's own realtime topic (a message sent or read on any device).
 */
export function MessagesLink({ userId }: { userId: string }) {
  const client = useQueryClient();
  const count = useUnreadMessages();
  useRealtime([`user:${userId}`], (signal) => {
    if (signal.type === 'messages') void client.invalidateQueries({ queryKey: messagesKey });
  });
  const unread = count.data ?? 0;
  const label = unread === 0 ? 'Messages' : `Messages, ${unread > 99 ? 'more than 99' : unread} unread`;
  return (
    <NavLink to="/messages" className="bell" aria-label={label}>
      Messages
      {unread > 0 && (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
