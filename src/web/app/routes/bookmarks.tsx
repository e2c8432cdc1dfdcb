import { useState } from 'react';
import { Link } from 'react-router';
import type { Bookmark } from '#shared/contracts/reading.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useBookmarks, useDeleteBookmark, useUpdateBookmark } from '#web/features/discussion/api/reading.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';

/** The threads and posts I bookmarked, newest first, with their reminders. */
export default function BookmarksPage() {
  const bookmarks = useBookmarks();
  const items = bookmarks.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="page">
      <PageHeading>Bookmarks</PageHeading>
      <p>
        Threads and posts you keep to come back to. Only you see them.{' '}
        <Link to="/unread">New and unread</Link>
      </p>
      {bookmarks.isPending ? (
        <Loading label="Loading your bookmarks…" />
      ) : bookmarks.isError ? (
        <ErrorMessage error={bookmarks.error} />
      ) : items.length === 0 ? (
        <EmptyState title="No bookmarks yet.">
          <p>Use “Bookmark” on a thread or a reply to keep it here, with a reminder if you like.</p>
        </EmptyState>
      ) : (
        <ul className="thread-list">
          {items.map((bookmark) => (
            <BookmarkItem key={bookmark.id} bookmark={bookmark} />
          ))}
        </ul>
      )}
      <LoadMore query={bookmarks} noun="bookmarks" />
    </section>
  );
}

/** A local date and time for a datetime-local field. */
const localValue = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function BookmarkItem({ bookmark }: { bookmark: Bookmark }) {
  const update = useUpdateBookmark();
  const remove = useDeleteBookmark();
  const [when, setWhen] = useState(bookmark.remindAt ? localValue(bookmark.remindAt) : '');
  const fieldId = `remind-${bookmark.id}`;
  const error = update.error instanceof ApiError ? update.error.fieldError('remindAt') : undefined;
  const href = `/communities/${bookmark.community.id}/threads/${bookmark.thread.id}${bookmark.post ? `#post-${bookmark.post.id}` : ''}`;
  return (
    <li className="thread-item">
      <h2 className="thread-item__title">
        <Link to={href}>
          {bookmark.post
            ? `Reply by ${bookmark.post.author} in “${bookmark.thread.title}”`
            : bookmark.thread.title}
        </Link>
      </h2>
      {bookmark.post?.excerpt && <p>{bookmark.post.excerpt}</p>}
      <p className="muted">
        {bookmark.community.name} · bookmarked{' '}
        <time dateTime={bookmark.createdAt}>{formatWhen(bookmark.createdAt)}</time>
        {bookmark.remindedAt && ' · reminder sent'}
      </p>
      <form
        className="bookmark-form"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ id: bookmark.id, remindAt: when ? new Date(when).toISOString() : null });
        }}
      >
        <label htmlFor={fieldId}>Reminder</label>
        <input
          id={fieldId}
          type="datetime-local"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
        />
        {error && (
          <p className="field__error" id={`${fieldId}-error`}>
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button--secondary" disabled={update.isPending}>
            {when ? 'Save reminder' : 'Clear reminder'}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={remove.isPending}
            onClick={() => remove.mutate(bookmark.id)}
          >
            Remove<span className="visually-hidden"> bookmark {bookmark.thread.title}</span>
          </button>
        </div>
        {update.isSuccess && <p role="status">Reminder saved.</p>}
        <ErrorMessage error={error ? null : (update.error ?? remove.error)} />
      </form>
    </li>
  );
}
