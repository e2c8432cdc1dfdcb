import { Link } from 'react-router';
import type { MicroCredentialSummary } from '#shared/contracts/micro-credentials.ts';

/** One micro-credential or stack in a list: image, title, issuer, competencies, how many earned it. */
export function CredentialCard({ credential }: { credential: MicroCredentialSummary }) {
  return (
    <article className="card credential-card">
      {credential.imageUrl ? (
        <img className="credential-card__image" src={credential.imageUrl} alt="" width={72} height={72} />
      ) : (
        <span className="credential-card__image credential-card__image--none" aria-hidden="true" />
      )}
      <div className="credential-card__body">
        <h3 className="credential-card__title">
          <Link to={`/micro-credentials/${credential.id}`}>{credential.title}</Link>
        </h3>
        <p className="muted">
          {credential.kind === 'stack' ? 'Stack' : 'Micro-credential'} · {credential.issuer.name}
          {credential.status !== 'published' && (
            <>
              {' '}
              ·{' '}
              <span className={`credential-status credential-status--${credential.status}`}>
                {credential.status}
              </span>
            </>
          )}
        </p>
        {credential.summary && <p>{credential.summary}</p>}
        {credential.competencies.length > 0 && (
          <ul className="tag-list" aria-label="Competencies">
            {credential.competencies.map((c) => (
              <li key={c.id} className="tag" title={c.statement}>
                {c.code || c.statement}
                {c.code && <span className="visually-hidden">: {c.statement}</span>}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          Earned by {credential.earnedCount} {credential.earnedCount === 1 ? 'person' : 'people'}
        </p>
      </div>
    </article>
  );
}
