import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import type { NotificationView } from '#shared/contracts/notifications.ts';
import { useNotifications } from '../api/list-notifications.ts';
import { useMarkAllNotificationsRead } from '../api/mark-all-read.ts';
import { useMarkNotificationRead } from '../api/mark-read.ts';
import { formatWhen } from '#web/lib/format.ts';

/** The notifications page's list: unread first marked, each leading to what it is about. */
export function NotificationList() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);

  const items: NotificationView[] = list.data?.pages.flatMap((page) => page.data) ?? [];
  const anyUnread = items.some((n) => !n.read);

  return (
    <>
      <div className="actions notification-toolbar">
        <fieldset className="choice-group choice-group--inline">
          <legend className="visually-hidden">Show</legend>
          <button
            type="button"
            className="button button--secondary"
            aria-pressed={!unreadOnly}
            onClick={() => setUnreadOnly(false)}
          >
            All
          </button>{' '}
          <button
            type="button"
            className="button button--secondary"
            aria-pressed={unreadOnly}
            onClick={() => setUnreadOnly(true)}
          >
            Unread
          </button>
        </fieldset>
        <button
          type="button"
          className="button"
          disabled={markAll.isPending || !anyUnread}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: ({ data }) => {
                setStatus(
                  data.marked === 1
                    ? 'Marked 1 notification as read.'
                    : `Marked ${data.marked} notifications as read.`,
                );
                requestAnimationFrame(() => statusRef.current?.focus());
              },
            })
          }
        >
          Mark all as read
        </button>
      </div>
      <div ref={statusRef} tabIndex={-1}>
        {status && (
          <Notice>
            <p>{status}</p>
          </Notice>
        )}
      </div>
      <ErrorMessage error={markAll.error ?? markRead.error} />

      {list.isPending ? (
        <Loading label="Loading your notifications…" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : items.length === 0 ? (
        <EmptyState title={unreadOnly ? 'You have read every notification.' : 'No notifications yet.'}>
          <p className="muted">
            Replies to your posts, mentions, and news about your communities will show up here.
          </p>
        </EmptyState>
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'notification' : 'notification notification--unread'}>
              <div className="notification__body">
                {!n.read && <span className="visually-hidden">Unread: </span>}
                <Link
                  to={n.link}
                  onClick={() => {
                    if (!n.read) markRead.mutate(n.id);
                  }}
                >
                  {n.text}
                </Link>
                <br />
                <time className="muted" dateTime={n.createdAt}>
                  {formatWhen(n.createdAt)}
                </time>
              </div>
              {!n.read && (
                <button
                  type="button"
                  className="link-button"
                  disabled={markRead.isPending && markRead.variables === n.id}
                  onClick={() => markRead.mutate(n.id)}
                >
                  Mark as read<span className="visually-hidden">: {n.text}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={list} noun="notifications" />
    </>
  );
}
