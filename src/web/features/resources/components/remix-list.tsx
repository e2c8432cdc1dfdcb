import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ResourceCard } from '#web/features/library/components/resource-card.tsx';
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
          <ul className="resource-list">
            {remixes.map((r) => (
              <li key={r.id}>
                <ResourceCard resource={r} />
              </li>
            ))}
          </ul>
          <LoadMore query={query} noun="remixes" />
        </>
      )}
    </section>
  );
}
