import { Link, useLocation, useSearchParams } from 'react-router';
import { EmptyState, ErrorMessage, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField } from '#web/components/field.tsx';
import { LoadMore, ResultCount } from '#web/components/paged-list.tsx';
import { useReviewQueue } from '#web/features/earning/api/reviews.ts';
import { waitingFor } from '#web/features/earning/components/status.ts';
import { formatWhen } from '#web/lib/format.ts';

const ROLE_NOTES = {
  first: '',
  second: 'Second review',
  lead: 'Assessors disagree: a lead decides',
} as const;

/** The assessor's queue: submissions waiting for their review, oldest first, by credential. */
export default function ReviewsPage() {
  const [params, setParams] = useSearchParams();
  const credentialId = params.get('credentialId') ?? undefined;
  const queue = useReviewQueue(credentialId);
  const items = queue.data?.pages.flatMap((p) => p.data) ?? [];
  const credentials = queue.data?.pages[0]?.credentials ?? [];
  const reviewed = (useLocation().state as { reviewed?: string } | null)?.reviewed;
  return (
    <section className="page">
      <PageHeading>Reviews</PageHeading>
      <p className="muted">
        Evidence waiting for you as an assessor, oldest first.{' '}
        <Link to="/submissions">Your own submissions</Link>
      </p>
      {reviewed && (
        <Notice>
          <p>Review sent ({reviewed}).</p>
        </Notice>
      )}
      {credentials.length > 1 && (
        <SelectField
          label="Credential"
          value={credentialId ?? ''}
          onChange={(e) => setParams(e.target.value ? { credentialId: e.target.value } : {})}
        >
          <option value="">Every credential you assess</option>
          {credentials.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </SelectField>
      )}
      <ResultCount
        query={queue}
        count={items.length}
        none="Nothing is waiting."
        one="submission"
        many="submissions"
      />
      {queue.isPending ? null : queue.isError ? (
        <ErrorMessage error={queue.error} />
      ) : items.length === 0 ? (
        <EmptyState
          title={credentials.length ? 'Nothing waiting for your review' : 'You assess no credentials'}
        >
          <p>
            {credentials.length
              ? 'You will be notified when someone submits evidence.'
              : 'An issuer appoints assessors for each credential.'}
          </p>
        </EmptyState>
      ) : (
        <ol className="review-queue">
          {items.map((item) => (
            <li key={item.submissionId} className="card">
              <h2 className="review-queue__title">
                <Link to={`/reviews/${item.submissionId}`}>{item.credential.title}</Link>
              </h2>
              <p>
                {item.members.map((m) => m.name).join(', ')}
                {item.teamSize > 1 && ` (team of ${item.teamSize})`}
              </p>
              <p className="muted">
                Submitted {formatWhen(item.submittedAt)}, waiting {waitingFor(item.waitingSeconds)}
                {item.round > 1 && ` · round ${item.round}`}
                {ROLE_NOTES[item.role] && ` · ${ROLE_NOTES[item.role]}`}
              </p>
            </li>
          ))}
        </ol>
      )}
      <LoadMore query={queue} noun="submissions" />
    </section>
  );
}
