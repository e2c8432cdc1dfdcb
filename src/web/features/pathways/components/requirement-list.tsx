import './pathways.css';
import { Link } from 'react-router';
import type { RequirementStatus } from '#shared/contracts/pathways.ts';

const STANDING_LABELS: Record<RequirementStatus['standing'], string> = {
  met: 'Met',
  in_progress: 'In progress',
  not_started: 'Not started',
};

/** Where a person stands on each requirement: met, in progress with what is missing, or not started, with the next step's link. */
export function RequirementList({
  requirements,
  linked = true,
}: {
  requirements: RequirementStatus[];
  linked?: boolean;
}) {
  if (requirements.length === 0) return <p className="muted">No requirements.</p>;
  return (
    <ul className="plain-list requirement-list">
      {requirements.map((r) => (
        <li key={r.id} className={`requirement requirement--${r.standing}`}>
          <span className={`tag requirement__standing requirement__standing--${r.standing}`}>
            {STANDING_LABELS[r.standing]}
          </span>{' '}
          <span>{r.label}</span>
          {r.missing && <span className="muted"> — {r.missing}</span>}
          {linked && r.link && r.standing !== 'met' && (
            <>
              {' '}
              <Link to={r.link}>
                Next step<span className="visually-hidden">: {r.label}</span>
              </Link>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Dollars from cents, for stipends. */
export const money = (cents: number | null) =>
  cents === null ? null : (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
