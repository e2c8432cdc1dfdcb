import { Link } from 'react-router';
import { CYCLE_KIND_LABELS, type CycleSummary } from '#shared/contracts/inquiry.ts';
import { formatPeriod } from './dates.ts';

const DECISION_LABELS = {
  adopt: 'Change idea adopted',
  adapt: 'Change idea adapted',
  abandon: 'Change idea abandoned',
};

/**
 * A cycle in a list: its team's cycles link to their page; another team's published or adopted
 * cycle shows what it found, with a link to the findings when they were published.
 */
export function CycleCard({ cycle }: { cycle: CycleSummary }) {
  return (
    <li className="cycle-card">
      <p className="community-card__kind">
        {CYCLE_KIND_LABELS[cycle.kind]} · {cycle.communityName}
      </p>
      <h3 className="cycle-card__title">
        {cycle.readable ? <Link to={`/cycles/${cycle.id}`}>{cycle.title}</Link> : cycle.title}
      </h3>
      <p className="muted">
        {cycle.status === 'completed' ? 'Completed' : `${cycle.currentPhaseTitle} phase`} ·{' '}
        {formatPeriod(cycle.startsOn)} to {formatPeriod(cycle.endsOn)} · {cycle.memberCount}{' '}
        {cycle.memberCount === 1 ? 'person' : 'people'}
        {cycle.subjects.length > 0 && ` · ${cycle.subjects.join(', ')}`}
      </p>
      {(cycle.changeIdeaLabel || cycle.aimLabel) && (
        <p>
          {cycle.aimLabel && <>Aim: {cycle.aimLabel}. </>}
          {cycle.changeIdeaLabel && <>Change idea: {cycle.changeIdeaLabel}</>}
          {cycle.decision && <> · {DECISION_LABELS[cycle.decision]}</>}
        </p>
      )}
      {cycle.findingsResourceId && (
        <p>
          <Link to={`/resources/${cycle.findingsResourceId}`}>
            Read the findings <span className="visually-hidden">of {cycle.title}</span>
          </Link>
        </p>
      )}
    </li>
  );
}
