import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useApprovals, useDecide } from '#web/features/events/api/events.ts';

/** A principal's queue: registrations for daytime events waiting for approval. */
export default function EventApprovalsPage() {
  const approvals = useApprovals();
  const decide = useDecide();
  const rows = approvals.data?.data ?? [];
  return (
    <section className="page">
      <PageHeading>Event approvals</PageHeading>
      {approvals.isPending ? (
        <Loading />
      ) : approvals.error ? (
        <ErrorMessage error={approvals.error} />
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing waits for your approval." />
      ) : (
        <ul className="plain-list">
          {rows.map((r) => (
            <li key={r.id}>
              {r.name} asks to attend <Link to={`/events/${r.eventId}`}>{r.eventTitle}</Link>{' '}
              <span className="muted">
                {new Date(r.startsAt).toLocaleDateString()}
                {r.needsSubstitute && ' · needs a substitute'}
              </span>{' '}
              <button
                type="button"
                className="button"
                onClick={() => decide.mutate({ id: r.id, approve: true })}
                disabled={decide.isPending}
              >
                Approve
              </button>{' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => decide.mutate({ id: r.id, approve: false })}
                disabled={decide.isPending}
              >
                Decline
              </button>
            </li>
          ))}
        </ul>
      )}
      {decide.error && <ErrorMessage error={decide.error} />}
    </section>
  );
}
