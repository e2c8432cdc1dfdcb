import { type FormEvent, useRef, useState } from 'react';
import {
  COMMENT_MAX,
  REVIEW_CRITERIA,
  RUBRIC,
  type ReviewCriterion,
  type ReviewSummary,
  type ReviewView,
} from '#shared/contracts/resource-quality.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatDay } from '#web/lib/format.ts';
import { useDeleteReview, useReviews, useSaveReview } from '../api/reviews.ts';

const score = (n: number | null) => (n === null ? '–' : n.toFixed(1));

/** "3.4 of 4 from 5 reviews", and the mean of each criterion. */
export function RatingSummary({ summary }: { summary: ReviewSummary }) {
  if (summary.count === 0 || summary.rating === null) return <p className="muted">No reviews yet.</p>;
  return (
    <div className="rating-summary">
      <p className="rating-summary__overall">
        <strong>{score(summary.rating)} of 4</strong> from {summary.count}{' '}
        {summary.count === 1 ? 'review' : 'reviews'}
      </p>
      <dl className="rating-summary__criteria">
        {REVIEW_CRITERIA.map((c) => (
          <div key={c}>
            <dt>{RUBRIC[c].label}</dt>
            <dd>{score(summary.criteria[c])} of 4</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The rubric summary, the viewer's own review (to write, change or withdraw) and everyone's reviews. */
export function ReviewSection({ resourceId, isOwner }: { resourceId: string; isOwner: boolean }) {
  const reviews = useReviews(resourceId);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const say = (text: string) => {
    setStatus(text);
    requestAnimationFrame(() => statusRef.current?.focus());
  };
  if (reviews.isPending) return <Loading label="Loading reviews…" />;
  if (reviews.isError) return <ErrorMessage error={reviews.error} />;
  const first = reviews.data.pages[0];
  const all = reviews.data.pages.flatMap((p) => p.data);
  const mine = first.mine;
  const canReview = first.abilities.review && !isOwner;
  return (
    <section aria-labelledby="reviews-heading" className="quality__section">
      <h3 id="reviews-heading">Reviews</h3>
      <RatingSummary summary={first.summary} />
      <p ref={statusRef} tabIndex={-1} aria-live="polite" className="quality__status">
        {status}
      </p>
      {canReview &&
        (editing ? (
          <ReviewForm
            resourceId={resourceId}
            mine={mine}
            onDone={(saved) => {
              setEditing(false);
              if (saved) say('Your review is saved. Thank you.');
            }}
          />
        ) : mine ? (
          <MyReviewActions resourceId={resourceId} onEdit={() => setEditing(true)} onDeleted={say} />
        ) : (
          <p>
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Review this resource
            </button>
          </p>
        ))}
      {isOwner && (
        <p className="muted">Colleagues review what you share; you cannot review your own resource.</p>
      )}
      {all.length === 0 ? (
        <EmptyState title="No reviews yet">
          <p>Reviews score the resource against a short rubric, with a comment.</p>
        </EmptyState>
      ) : (
        <>
          <ul className="review-list">
            {all.map((r) => (
              <ReviewItem key={r.id} review={r} />
            ))}
          </ul>
          <LoadMore query={reviews} noun="reviews" />
        </>
      )}
    </section>
  );
}

function ReviewItem({ review: r }: { review: ReviewView }) {
  return (
    <li className="review card">
      <p className="review__head">
        <strong>{r.isMine ? 'Your review' : (r.reviewer.name ?? 'A teacher in another network')}</strong>{' '}
        <span className="muted">
          · version {r.version} · {formatDay(r.updatedAt)}
        </span>
      </p>
      <ul className="review__scores">
        {REVIEW_CRITERIA.map((c) => (
          <li key={c}>
            {RUBRIC[c].label}: <strong>{r[c]} of 4</strong>
          </li>
        ))}
      </ul>
      {r.comment && <p className="quality__text">{r.comment}</p>}
    </li>
  );
}

function MyReviewActions({
  resourceId,
  onEdit,
  onDeleted,
}: {
  resourceId: string;
  onEdit: () => void;
  onDeleted: (status: string) => void;
}) {
  const remove = useDeleteReview(resourceId);
  const confirm = useConfirmStep();
  return (
    <div className="actions">
      <button type="button" className="button button--secondary" onClick={onEdit}>
        Edit your review
      </button>
      {confirm.open ? (
        <ConfirmStep
          prompt="Delete your review? The rating will no longer count it."
          confirmLabel="Delete review"
          pending={remove.isPending}
          error={remove.error}
          onCancel={confirm.close}
          onConfirm={() =>
            remove.mutate(undefined, { onSuccess: () => onDeleted('Your review is deleted.') })
          }
        />
      ) : (
        <button
          ref={confirm.opener}
          type="button"
          className="button button--secondary"
          onClick={confirm.start}
        >
          Delete your review
        </button>
      )}
    </div>
  );
}

type Scores = Partial<Record<ReviewCriterion, number>>;

/** The rubric as radio groups (a fieldset per criterion, each level with its descriptor) and a comment. */
function ReviewForm({
  resourceId,
  mine,
  onDone,
}: {
  resourceId: string;
  mine: ReviewView | null;
  onDone: (saved: boolean) => void;
}) {
  const save = useSaveReview(resourceId);
  const [scores, setScores] = useState<Scores>(
    mine
      ? {
          alignment: mine.alignment,
          clarity: mine.clarity,
          evidence: mine.evidence,
          adaptability: mine.adaptability,
        }
      : {},
  );
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [missing, setMissing] = useState<ReviewCriterion[]>([]);
  const serverError = (f: string) => (save.error instanceof ApiError ? save.error.fieldError(f) : undefined);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const unscored = REVIEW_CRITERIA.filter((c) => scores[c] === undefined);
    setMissing(unscored);
    if (unscored.length) {
      event.currentTarget.querySelector<HTMLInputElement>(`input[name="${unscored[0]}"]`)?.focus();
      return;
    }
    save.mutate(
      {
        alignment: scores.alignment ?? 0,
        clarity: scores.clarity ?? 0,
        evidence: scores.evidence ?? 0,
        adaptability: scores.adaptability ?? 0,
        comment,
      },
      { onSuccess: () => onDone(true) },
    );
  };
  const anyFieldError = REVIEW_CRITERIA.some((c) => serverError(c)) || serverError('comment');
  return (
    <form
      className="quality__form review-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="review-form-heading"
    >
      <h4 id="review-form-heading">{mine ? 'Edit your review' : 'Review this resource'}</h4>
      <p className="muted">Score each criterion from 1 (not yet) to 4 (strong).</p>
      {REVIEW_CRITERIA.map((c) => {
        const error = missing.includes(c) ? 'Choose a score for this criterion.' : serverError(c);
        const errorId = `review-${c}-error`;
        return (
          <fieldset
            key={c}
            className={`choice-group rubric${error ? ' field--invalid' : ''}`}
            aria-describedby={error ? errorId : undefined}
          >
            <legend>
              {RUBRIC[c].label}
              <span className="rubric__question">{RUBRIC[c].question}</span>
            </legend>
            {RUBRIC[c].levels.map((descriptor, i) => {
              const level = i + 1;
              return (
                <label key={level} className="rubric__level">
                  <input
                    type="radio"
                    name={c}
                    value={level}
                    checked={scores[c] === level}
                    onChange={() => {
                      setScores((s) => ({ ...s, [c]: level }));
                      setMissing((m) => m.filter((x) => x !== c));
                    }}
                  />{' '}
                  <strong>{level}</strong> — {descriptor}
                </label>
              );
            })}
            {error && (
              <p className="field__error" id={errorId}>
                {error}
              </p>
            )}
          </fieldset>
        );
      })}
      <TextArea
        label="Comment (optional)"
        hint="What would another teacher want to know? Plain text; no student names."
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={COMMENT_MAX}
        rows={4}
        error={serverError('comment')}
      />
      <ErrorMessage error={anyFieldError ? null : save.error} />
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : mine ? 'Save changes' : 'Save review'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
