import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import {
  useMarkCommunitiesRead,
  useUnreadCounts,
  useUnreadThreads,
} from '#web/features/discussion/api/reading.ts';
import { TYPE_LABELS } from '#web/features/discussion/components/community-threads.tsx';
import { formatWhen } from '#web/lib/format.ts';

/** New and unread: threads with posts I have not read, across my communities, newest activity first. */
export default function UnreadPage() {
  const threads = useUnreadThreads();
  const counts = useUnreadCounts();
  const markAll = useMarkCommunitiesRead();
  const items = threads.data?.pages.flatMap((p) => p.data) ?? [];
  const withNew = counts.data?.communities.filter((c) => c.unreadPosts > 0) ?? [];
  return (
    <section className="page">
      <PageHeading>New and unread</PageHeading>
      <p>
        Conversations in your communities with posts you have not read in the last 30 days.{' '}
        <Link to="/bookmarks">Your bookmarks</Link>
      </p>
      {withNew.length > 0 && (
        <section aria-labelledby="by-community">
          <h2 id="by-community">By community</h2>
          <ul className="unread-communities">
            {withNew.map((c) => (
              <li key={c.communityId}>
                <Link to={`/communities/${c.communityId}`}>{c.name}</Link>{' '}
                <span className="tag tag--new">
                  {c.unreadPosts} new in {c.unreadThreads} {c.unreadThreads === 1 ? 'thread' : 'threads'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {threads.isPending ? (
        <Loading label="Loading what is new…" />
      ) : threads.isError ? (
        <ErrorMessage error={threads.error} />
      ) : items.length === 0 ? (
        <EmptyState title="You are all caught up.">
          <p>
            New posts in the communities you belong to show here.{' '}
            <Link to="/communities">Browse communities</Link>
          </p>
        </EmptyState>
      ) : (
        <>
          <button
            type="button"
            className="button button--secondary"
            disabled={markAll.isPending}
            onClick={() => markAll.mutate(undefined)}
          >
            Mark everything as read
          </button>
          <ErrorMessage error={markAll.error} />
          <ul className="thread-list">
            {items.map((thread) => (
              <li key={thread.id} className="thread-item thread-item--unread">
                <p className="thread-item__badges">
                  <span className="tag tag--new">
                    {thread.unreadCount} new{thread.isNew ? ' thread' : ''}
                  </span>
                  <span className={`tag tag--${thread.type}`}>{TYPE_LABELS[thread.type]}</span>
                </p>
                <h2 className="thread-item__title">
                  <Link to={`/communities/${thread.community.id}/threads/${thread.id}`}>{thread.title}</Link>
                </h2>
                <p className="muted">
                  {thread.community.name} · last post{' '}
                  <time dateTime={thread.lastPostAt}>{formatWhen(thread.lastPostAt)}</time>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      <LoadMore query={threads} noun="conversations" />
    </section>
  );
}
