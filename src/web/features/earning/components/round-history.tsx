import type { RoundView, SubmissionDetail } from '#shared/contracts/submissions.ts';
import { formatWhen } from '#web/lib/format.ts';
import { EvidenceView } from './evidence-view.tsx';

const ROLE_LABELS = { first: 'Assessor', second: 'Second assessor', lead: 'Lead assessor' } as const;

/** One assessor's scores and feedback on a round. */
function ReviewCard({
  review,
  rubric,
}: {
  review: RoundView['reviews'][number];
  rubric: SubmissionDetail['definition']['rubric'];
}) {
  return (
    <article className="review-card">
      <h4>
        {ROLE_LABELS[review.role]}: {review.assessor.name} —{' '}
        {review.decision === 'earned' ? 'earned' : 'revise'}
      </h4>
      <p className="muted">{formatWhen(review.createdAt)}</p>
      {review.scores.length > 0 && (
        <dl className="review-card__scores">
          {review.scores.map((score) => {
            const criterion = rubric?.criteria.find((c) => c.id === score.criterionId);
            return (
              <div key={score.criterionId}>
                <dt>
                  {criterion?.name ?? score.criterionId}: {rubric?.levels[score.level]?.name ?? score.level}
                </dt>
                {score.feedback && <dd>{score.feedback}</dd>}
              </div>
            );
          })}
        </dl>
      )}
      {review.feedback && <p className="review-card__feedback">{review.feedback}</p>}
    </article>
  );
}

/** The rounds submitted so far, newest first, each with its evidence and the reviews one may see. */
export function RoundHistory({
  submission,
  showEvidence = true,
}: {
  submission: SubmissionDetail;
  showEvidence?: boolean;
}) {
  if (submission.rounds.length === 0) return null;
  return (
    <section className="round-history" aria-labelledby="round-history-heading">
      <h2 id="round-history-heading">History</h2>
      {[...submission.rounds].reverse().map((round) => (
        <details key={round.round} open={round.round === submission.round}>
          <summary>
            Round {round.round}, submitted {formatWhen(round.submittedAt)} —{' '}
            {round.reviews.length === 0
              ? 'no feedback yet'
              : `${round.reviews.length} review${round.reviews.length === 1 ? '' : 's'}`}
          </summary>
          {round.reviews.map((review) => (
            <ReviewCard key={review.id} review={review} rubric={submission.definition.rubric} />
          ))}
          {showEvidence && (
            <>
              <h3>Evidence submitted in round {round.round}</h3>
              <EvidenceView
                submissionId={submission.id}
                prompts={submission.definition.prompts}
                evidence={round.evidence}
                activities={submission.activities}
                headingLevel={4}
              />
            </>
          )}
        </details>
      ))}
    </section>
  );
}
