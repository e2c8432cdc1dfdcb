import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { formatDay } from '#web/lib/format.ts';
import { useCredentialHolders } from '../api/list-holders.ts';

/**
 * Shown on a micro-credential's page: the people who hold it, agreed to be listed on it and are
 * open to mentoring, among those the viewer may find in the directory.
 */
export function CredentialHolders({ credentialId }: { credentialId: string }) {
  const holders = useCredentialHolders(credentialId);
  const people = holders.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section aria-labelledby="credential-holders" className="credential-holders">
      <h2 id="credential-holders">People who hold this and are open to mentoring</h2>
      {holders.isPending ? (
        <Loading label="Loading people…" />
      ) : holders.isError ? (
        <ErrorMessage error={holders.error} />
      ) : people.length === 0 ? (
        <EmptyState title="No one listed yet">
          <p>
            Holders appear here when they choose to be listed and are open to mentoring. Hold it yourself?
            Choose it on <Link to="/my-credentials">My credentials</Link>.
          </p>
        </EmptyState>
      ) : (
        <ul className="bare-list credential-holders__list">
          {people.map((person) => (
            <li key={person.id} className="card">
              <Link to={`/people/${person.id}`}>{person.name}</Link>
              {person.roleTitle && <span> · {person.roleTitle}</span>}
              {person.school && <span className="muted"> · {person.school.name}</span>}
              <span className="muted"> · earned {formatDay(person.earnedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={holders} noun="people" />
    </section>
  );
}
