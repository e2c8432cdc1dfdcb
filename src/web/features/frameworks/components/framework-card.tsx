import { Link } from 'react-router';
import type { FrameworkSummary } from '#shared/contracts/frameworks.ts';
import { formatDay } from '#web/lib/format.ts';

/** One framework in a list: title, owner, how many competencies, whether it came from CASE. */
export function FrameworkCard({ framework }: { framework: FrameworkSummary }) {
  return (
    <article className="card framework-card">
      <h3 className="framework-card__title">
        <Link to={`/frameworks/${framework.id}`}>{framework.title}</Link>
      </h3>
      <p className="muted">
        {framework.owner.name}
        {' · '}
        <span className="tag">{framework.published ? 'Published' : 'Private'}</span>
        {framework.importedFromCase && (
          <>
            {' · '}
            <span className="tag">Imported from CASE</span>
          </>
        )}
      </p>
      {framework.description && <p className="framework-card__description">{framework.description}</p>}
      <p className="muted">
        {framework.competencyCount} {framework.competencyCount === 1 ? 'competency' : 'competencies'} ·
        updated {formatDay(framework.updatedAt)}
      </p>
    </article>
  );
}
