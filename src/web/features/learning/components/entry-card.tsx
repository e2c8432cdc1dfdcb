import { Link } from 'react-router';
import {
  CREDIT_STATUS_LABELS,
  LEARNING_SOURCE_LABELS,
  type LearningEntryView,
} from '#shared/contracts/learning.ts';
import { formatDay } from '#web/lib/format.ts';
import { formatDuration } from './format.ts';
import './learning.css';

/** One entry of the log: what, when, how long, where it came from and where it stands for credit. */
export function EntryCard({ entry }: { entry: LearningEntryView }) {
  return (
    <article className="card learning-entry" aria-labelledby={`entry-${entry.id}`}>
      <h3 id={`entry-${entry.id}`} className="learning-entry__title">
        <Link to={`/learning/${entry.id}`}>{entry.title}</Link>
      </h3>
      <p className="learning-entry__facts">
        <span>{entry.kindLabel}</span>
        <span>
          <time dateTime={entry.occurredAt}>{formatDay(entry.occurredAt)}</time>
        </span>
        <span>
          <span className="visually-hidden">Duration: </span>
          {formatDuration(entry.durationMinutes)}
        </span>
        {entry.provider && <span>{entry.provider}</span>}
      </p>
      <ul className="tag-list" aria-label="Labels">
        <li className={`tag learning-source learning-source--${entry.source}`}>
          {LEARNING_SOURCE_LABELS[entry.source]}
        </li>
        {entry.status === 'draft' && <li className="tag">Draft</li>}
        {entry.creditStatus && <li className="tag">Credit: {CREDIT_STATUS_LABELS[entry.creditStatus]}</li>}
        {entry.evidence.length > 0 && (
          <li className="tag">
            {entry.evidence.length} {entry.evidence.length === 1 ? 'piece' : 'pieces'} of evidence
          </li>
        )}
      </ul>
      {entry.competencies.length > 0 && (
        <p className="muted learning-entry__competencies">
          {entry.competencies.map((c) => c.code || c.statement).join(' · ')}
        </p>
      )}
    </article>
  );
}
