import { Link } from 'react-router';
import type { SubmissionSummary } from '#shared/contracts/submissions.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useMySubmissions } from '#web/features/earning/api/list-submissions.ts';
import { STATUS_LABELS, STATUS_ORDER } from '#web/features/earning/components/status.ts';
import { formatWhen } from '#web/lib/format.ts';

function SubmissionItem({ submission }: { submission: SubmissionSummary }) {
  const team = submission.members.length > 1 ? submission.members.map((m) => m.name).join(', ') : null;
  return (
    <li className="card submission-card">
      <h3>
        <Link to={`/submissions/${submission.id}`}>{submission.credential.title}</Link>
      </h3>
      <p className="muted">
        Started {formatWhen(submission.startedAt)}
        {submission.submittedAt && `, submitted ${formatWhen(submission.submittedAt)}`}
        {submission.round > 1 && `, round ${submission.round}`}
      </p>
      {team && <p>Team: {team}</p>}
      {submission.revokedAt && <p>Revoked on {formatWhen(submission.revokedAt)}</p>}
    </li>
  );
}

/** One's submissions, grouped by what they need: revise and drafts first, then those with assessors. */
export default function SubmissionsPage() {
  const list = useMySubmissions();
  const submissions = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="page">
      <PageHeading>Your submissions</PageHeading>
      <p className="muted">
        Evidence you are gathering for micro-credentials, alone or with a team.{' '}
        <Link to="/reviews">Reviews waiting for you as an assessor</Link>
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : submissions.length === 0 ? (
        <EmptyState title="No submissions yet">
          <p>
            Find a credential that recognises what you already do:{' '}
            <Link to="/micro-credentials">browse micro-credentials</Link>.
          </p>
        </EmptyState>
      ) : (
        [...STATUS_ORDER, 'revoked' as const].map((status) => {
          // An earned submission whose award was revoked is listed as revoked, not as earned.
          const group = submissions.filter((s) =>
            status === 'revoked' ? s.revokedAt !== null : s.status === status && s.revokedAt === null,
          );
          if (group.length === 0) return null;
          return (
            <section key={status} aria-labelledby={`group-${status}`}>
              <h2 id={`group-${status}`}>
                {status === 'revoked' ? 'Revoked' : STATUS_LABELS[status]} ({group.length})
              </h2>
              <ul className="submission-list">
                {group.map((s) => (
                  <SubmissionItem key={s.id} submission={s} />
                ))}
              </ul>
            </section>
          );
        })
      )}
      <LoadMore query={list} noun="submissions" />
    </section>
  );
}
