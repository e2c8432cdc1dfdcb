import { Link, useNavigate, useParams } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LocalAddressWarning } from '#web/features/awards/components/local-address-warning.tsx';
import { useReviewWorkspace, useSubmitReview } from '#web/features/earning/api/reviews.ts';
import { EvidenceView } from '#web/features/earning/components/evidence-view.tsx';
import { ReviewForm } from '#web/features/earning/components/review-form.tsx';
import { RoundHistory } from '#web/features/earning/components/round-history.tsx';
import { STATUS_LABELS } from '#web/features/earning/components/status.ts';
import { formatWhen } from '#web/lib/format.ts';

/** Reviewing one submission: its evidence (files to download), earlier rounds, and the rubric to score. */
export default function ReviewPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const workspace = useReviewWorkspace(id);
  const review = useSubmitReview(id);
  if (workspace.isPending) return <Loading />;
  if (workspace.isError)
    return (
      <section className="page">
        <PageHeading>Review</PageHeading>
        <ErrorMessage error={workspace.error} />
        <p>
          <Link to="/reviews">Back to the queue</Link>
        </p>
      </section>
    );
  const submission = workspace.data;
  const current = submission.rounds.find((r) => r.round === submission.round);
  return (
    <section className="page review-page">
      <PageHeading title={`Review: ${submission.credential.title}`}>
        <span className="muted">Review:</span> {submission.credential.title}
      </PageHeading>
      <p className="muted">
        {submission.members.map((m) => m.name).join(', ')} · round {submission.round}
        {submission.submittedAt && `, submitted ${formatWhen(submission.submittedAt)}`} ·{' '}
        {STATUS_LABELS[submission.status]} · <Link to="/reviews">Back to the queue</Link>
      </p>
      <LocalAddressWarning />
      <div className="evidence-workspace">
        <section className="evidence-workspace__form" aria-labelledby="review-evidence-heading">
          <h2 id="review-evidence-heading">Evidence, round {submission.round}</h2>
          <EvidenceView
            submissionId={submission.id}
            prompts={submission.definition.prompts}
            evidence={current?.evidence ?? submission.evidence}
            activities={submission.activities}
          />
        </section>
        <div className="evidence-workspace__rubric">
          {submission.abilities.review ? (
            <ReviewForm
              rubric={submission.definition.rubric}
              pending={review.isPending}
              error={review.error}
              onSubmit={(body) =>
                review.mutate(body, {
                  onSuccess: (result) =>
                    navigate('/reviews', {
                      state: {
                        reviewed: `${submission.credential.title}: ${STATUS_LABELS[result.status].toLowerCase()}`,
                      },
                    }),
                })
              }
            />
          ) : (
            <p className="muted">This round needs nothing more from you.</p>
          )}
        </div>
      </div>
      <RoundHistory submission={submission} />
    </section>
  );
}
