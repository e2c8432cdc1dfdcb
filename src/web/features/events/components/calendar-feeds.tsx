import { ErrorMessage } from '#web/components/feedback.tsx';
import { useCreateFeed, useFeeds, useRevokeFeed } from '#web/features/events/api/events.ts';

/** The person's private calendar feeds: make one (its URL shown once), or revoke it. */
export function CalendarFeeds({ eventId = null }: { eventId?: string | null }) {
  const feeds = useFeeds();
  const create = useCreateFeed();
  const revoke = useRevokeFeed();
  const mine = (feeds.data?.data ?? []).filter((f) =>
    eventId ? f.eventId === eventId : f.kind === 'personal',
  );
  return (
    <section className="page" aria-labelledby={`feeds-${eventId ?? 'personal'}`}>
      <h2 id={`feeds-${eventId ?? 'personal'}`}>
        {eventId ? 'Calendar feed of this series' : 'Subscribe in your calendar'}
      </h2>
      <p className="muted">
        A private address your calendar app checks for changes. Anyone with it sees these events: revoke it if
        it gets out.
      </p>
      {create.data && (
        <p>
          <label htmlFor={`feed-url-${eventId ?? 'personal'}`}>
            Your feed address (copy it now; it is shown once)
          </label>
          <input
            id={`feed-url-${eventId ?? 'personal'}`}
            readOnly
            value={create.data.data.url ?? ''}
            onFocus={(e) => e.target.select()}
          />
        </p>
      )}
      {mine.length > 0 && (
        <ul className="plain-list">
          {mine.map((f) => (
            <li key={f.id}>
              Feed made {new Date(f.createdAt).toLocaleDateString()}{' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => revoke.mutate(f.id)}
                disabled={revoke.isPending}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button"
        onClick={() => create.mutate(eventId)}
        disabled={create.isPending}
      >
        {create.isPending ? 'Making…' : 'Make a feed address'}
      </button>
      {create.error && <ErrorMessage error={create.error} />}
    </section>
  );
}
