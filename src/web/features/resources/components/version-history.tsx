import { Link } from 'react-router';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { formatWhen } from '#web/lib/format.ts';
import { useVersions } from '../api/versions.ts';

/** Every version of a resource, newest first, each viewable and comparable with the one before. */
export function VersionHistory({ resourceId, current }: { resourceId: string; current: number }) {
  const query = useVersions(resourceId);
  const versions = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="page" aria-labelledby="resource-history">
      <h2 id="resource-history">Version history</h2>
      {query.isPending && <Loading label="Loading versions…" />}
      <ErrorMessage error={query.error} />
      <ol className="version-list">
        {versions.map((v) => (
          <li key={v.version}>
            <Link to={`/resources/${resourceId}/versions/${v.version}`}>
              Version {v.version}
              {v.version === current ? ' (current)' : ''}
            </Link>{' '}
            <span className="muted">
              by {v.editor.name}, {formatWhen(v.createdAt)}
            </span>
            {v.changeNote && <span> — {v.changeNote}</span>}
            {v.version > 1 && (
              <>
                {' '}
                <Link to={`/resources/${resourceId}/changes?from=${v.version - 1}&to=${v.version}`}>
                  What changed<span className="visually-hidden"> in version {v.version}</span>
                </Link>
              </>
            )}
          </li>
        ))}
      </ol>
      <LoadMore query={query} noun="versions" />
    </section>
  );
}
