import { Link } from 'react-router';
import { useDue } from '../../api/cycles.ts';
import { formatPeriod } from './dates.ts';

/** What is due in the person's inquiry cycles, on their home; nothing when they are in none. */
export function DueList() {
  const due = useDue();
  if (!due.data || due.data.length === 0) return null;
  return (
    <section className="page" aria-labelledby="due-heading">
      <h2 id="due-heading">Due in your cycles</h2>
      <ul>
        {due.data.map((d) => (
          <li key={d.cycleId}>
            <Link to={`/cycles/${d.cycleId}?phase=${d.phase}`}>{d.cycleTitle}</Link>: {d.phaseTitle}{' '}
            {d.overdue ? <strong>was due {formatPeriod(d.dueOn)}</strong> : <>due {formatPeriod(d.dueOn)}</>}
            <span className="muted"> · {d.communityName}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
