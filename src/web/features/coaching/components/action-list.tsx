import { Link } from 'react-router';
import type { CoachingAction } from '#shared/contracts/coaching.ts';
import { useMyActions, useUpdateAction } from '../api/coaching.ts';
import { day } from './labels.ts';

/** One follow-up action with a box to tick it done. */
export function ActionItem({ action, showCycle }: { action: CoachingAction; showCycle?: boolean }) {
  const update = useUpdateAction();
  return (
    <li>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={action.doneAt !== null}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ id: action.id, body: { done: e.target.checked } })}
        />
        {action.title}
      </label>{' '}
      <span className="muted">
        {action.owner.name} ·{' '}
        {action.overdue ? <strong>was due {day(action.dueOn)}</strong> : <>due {day(action.dueOn)}</>}
        {showCycle && (
          <>
            {' '}
            · <Link to={`/coaching/${action.cycleId}`}>{action.cycleTitle}</Link>
          </>
        )}
      </span>
    </li>
  );
}

/** The person's open follow-up actions from coaching cycles, on their home; nothing when they have none. */
export function CoachingActionsDue() {
  const actions = useMyActions();
  if (!actions.data || actions.data.length === 0) return null;
  return (
    <section className="page" aria-labelledby="coaching-actions-heading">
      <h2 id="coaching-actions-heading">Your coaching follow-ups</h2>
      <ul className="plain-list">
        {actions.data.map((a) => (
          <ActionItem key={a.id} action={a} showCycle />
        ))}
      </ul>
    </section>
  );
}
