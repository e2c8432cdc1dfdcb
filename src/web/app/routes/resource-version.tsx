import { Link, useParams } from 'react-router';
import { RESOURCE_KIND_LABELS } from '#shared/contracts/resources.ts';
import { LICENCES } from '#shared/licences.ts';
import { PageHeading } from '#web/components/feedback.tsx';
import { useVersion } from '#web/features/resources/api/versions.ts';
import { ResourceContent } from '#web/features/resources/components/resource-items.tsx';
import { ResourceFacts } from '#web/features/resources/components/resource-meta.tsx';
import { ResourceFallback } from '#web/features/resources/components/resource-unavailable.tsx';
import { formatWhen } from '#web/lib/format.ts';

/** An earlier (or the current) version of a resource, whole, as it was. */
export default function ResourceVersionPage() {
  const { id = '', version = '' } = useParams();
  const number = Number(version);
  const query = useVersion(id, number);
  if (!query.data) return <ResourceFallback query={query} />;
  const v = query.data;
  return (
    <article className="page resource-page">
      <p>
        <Link to={`/resources/${id}`}>Current version of this resource</Link>
      </p>
      <p className="notice" role="note">
        {v.version === v.currentVersion
          ? `This is the current version (${v.version}).`
          : `You are reading version ${v.version} of ${v.currentVersion}, saved ${formatWhen(v.createdAt)} by ${v.editor.name}.`}
      </p>
      <p className="resource-page__kind">{RESOURCE_KIND_LABELS[v.kind]}</p>
      <PageHeading title={`${v.title} (version ${v.version})`}>{v.title}</PageHeading>
      <p className="muted">
        Version {v.version} · Licence: {LICENCES[v.licence].label}
        {v.changeNote && ` · ${v.changeNote}`}
      </p>
      <nav aria-label="Compare" className="actions">
        {v.version > 1 && (
          <Link to={`/resources/${id}/changes?from=${v.version - 1}&to=${v.version}`}>
            Changes from version {v.version - 1}
          </Link>
        )}
        {v.version < v.currentVersion && (
          <Link to={`/resources/${id}/changes?from=${v.version}&to=${v.currentVersion}`}>
            Changes since, up to the current version
          </Link>
        )}
      </nav>
      {v.summary && <p className="resource-page__summary">{v.summary}</p>}
      <ResourceFacts subjects={v.subjects} gradeBands={v.gradeBands} alignments={v.alignments} />
      <ResourceContent notesHtml={v.notesHtml} items={v.items} />
    </article>
  );
}
