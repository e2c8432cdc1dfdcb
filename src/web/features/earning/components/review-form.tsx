import { type FormEvent, useId, useState } from 'react';
import type { ReviewBody, RubricView } from '#shared/contracts/submissions.ts';
import { rubricPasses } from '#shared/rubric.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** Stems that prompt thinking rather than judge: offered as hints beside each criterion's feedback. */
const FEEDBACK_STEMS = ['What in the evidence shows…?', 'What might you try next…?', 'How might students…?'];

type Scores = Record<string, { level: number | null; feedback: string }>;

/** One criterion: a radio per level (its descriptor as the label) and feedback for the earner. */
function CriterionScore({
  rubric,
  criterion,
  value,
  onChange,
}: {
  rubric: RubricView;
  criterion: RubricView['criteria'][number];
  value: Scores[string];
  onChange: (value: Scores[string]) => void;
}) {
  const name = useId();
  return (
    <fieldset className="criterion-score">
      <legend>{criterion.name}</legend>
      <div className="criterion-score__levels">
        {rubric.levels.map((level, i) => (
          <label key={level.id} className="criterion-score__level">
            <input
              type="radio"
              name={name}
              value={i}
              checked={value.level === i}
              onChange={() => onChange({ ...value, level: i })}
            />{' '}
            <strong>{level.name}</strong>
            {i === rubric.passing.minLevel && <span className="muted"> (passing)</span>}:{' '}
            {criterion.descriptors[i]}
          </label>
        ))}
      </div>
      <TextArea
        label={`Feedback on ${criterion.name}`}
        hint={`Prompt thinking: ${FEEDBACK_STEMS.join(' ')}`}
        rows={3}
        maxLength={4000}
        value={value.feedback}
        onChange={(e) => onChange({ ...value, feedback: e.target.value })}
      />
    </fieldset>
  );
}

/**
 * Scoring a round against the rubric and deciding. "Earned" stays disabled, with the reason,
 * until every criterion reaches the passing level; "revise" asks for feedback.
 */
export function ReviewForm({
  rubric,
  pending,
  error,
  onSubmit,
}: {
  rubric: RubricView | null;
  pending: boolean;
  error: unknown;
  onSubmit: (body: ReviewBody) => void;
}) {
  const criteria = rubric?.criteria ?? [];
  const [scores, setScores] = useState<Scores>(() =>
    Object.fromEntries(criteria.map((c) => [c.id, { level: null, feedback: '' }])),
  );
  const [feedback, setFeedback] = useState('');
  const [decision, setDecision] = useState<ReviewBody['decision'] | null>(null);
  const decisionName = useId();
  const scored = criteria.flatMap((c) => {
    const s = scores[c.id];
    return s && s.level !== null ? [{ criterionId: c.id, level: s.level, feedback: s.feedback.trim() }] : [];
  });
  const complete = scored.length === criteria.length;
  const passes = complete && (rubric ? rubricPasses(rubric, scored) : true);
  const chosen = decision === 'earned' && !passes ? null : decision;
  const apiError = error instanceof ApiError ? error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    onSubmit({ scores: scored, feedback: feedback.trim(), decision: chosen });
  }

  return (
    <form className="review-form" onSubmit={submit} aria-labelledby="review-form-heading">
      <h2 id="review-form-heading">Your review</h2>
      {rubric &&
        criteria.map((criterion) => (
          <CriterionScore
            key={criterion.id}
            rubric={rubric}
            criterion={criterion}
            value={scores[criterion.id]}
            onChange={(value) => setScores((prev) => ({ ...prev, [criterion.id]: value }))}
          />
        ))}
      <TextArea
        label="Overall feedback"
        hint="Required when you ask for a revision: say what to work on next."
        rows={5}
        maxLength={10_000}
        value={feedback}
        error={apiError?.fieldError('feedback')}
        onChange={(e) => setFeedback(e.target.value)}
      />
      <fieldset className="review-form__decision">
        <legend>Decision</legend>
        <label>
          <input
            type="radio"
            name={decisionName}
            value="earned"
            disabled={!passes}
            aria-describedby={`${decisionName}-why`}
            checked={chosen === 'earned'}
            onChange={() => setDecision('earned')}
          />{' '}
          Earned
        </label>
        <p id={`${decisionName}-why`} className="muted">
          {passes
            ? 'Every criterion reaches the passing level.'
            : complete
              ? 'Earned needs every criterion at the passing level or above.'
              : 'Score every criterion first; earned needs each at the passing level.'}
        </p>
        <label>
          <input
            type="radio"
            name={decisionName}
            value="revise"
            checked={chosen === 'revise'}
            onChange={() => setDecision('revise')}
          />{' '}
          Revise: ask for more evidence
        </label>
        {apiError?.fieldError('decision') && (
          <p className="field__error">{apiError.fieldError('decision')}</p>
        )}
      </fieldset>
      <ErrorMessage error={error} />
      <button type="submit" className="button" disabled={pending || !chosen || !complete}>
        {pending ? 'Sending…' : 'Send review'}
      </button>
    </form>
  );
}
