import { Link } from 'react-router';
import { RESOURCE_KIND_LABELS } from '#shared/contracts/resources.ts';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useRemixes } from '../api/remixes.ts';

/** The remixes of a resource the viewer may see. */
export function RemixList({ resourceId, count }: { resourceId: string; count: number }) {
  const query = useRemixes(resourceId, count > 0);
  const remixes = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="page" aria-labelledby="resource-remixes">
      <h2 id="resource-remixes">Remixes</h2>
      {count === 0 ? (
        <p className="muted">No remixes shared with you yet.</p>
      ) : (
        <>
          {query.isPending && <Loading label="Loading remixes…" />}
          <ErrorMessage error={query.error} />
          <ul className="remix-list">
            {remixes.map((r) => (
              <li key={r.id}>
                <Link to={`/resources/${r.id}`}>{r.title}</Link>{' '}
                <span className="muted">
                  {RESOURCE_KIND_LABELS[r.kind]} by {r.owner.name}
                  {r.gradeBands.length > 0 && ` · grades ${r.gradeBands.join(', ')}`}
                </span>
              </li>
            ))}
          </ul>
          <LoadMore query={query} noun="remixes" />
        </>
      )}
    </section>
  );
}
