import { Link } from 'react-router';
import { RESOURCE_KIND_LABELS, type ResourceView } from '#shared/contracts/resources.ts';
import { LICENCES } from '#shared/licences.ts';
import { formatDay } from '#web/lib/format.ts';

const audienceText = (r: ResourceView) =>
  r.audience.audience === 'private'
    ? 'Only the sharer'
    : r.audience.audience === 'public'
      ? 'Everyone on Trellis'
      : (r.audience.name ?? `A ${r.audience.audience}`);

/** Who shared it, with whom, under which licence, and where it came from. */
export function ResourceMeta({ resource: r }: { resource: ResourceView }) {
  const licence = LICENCES[r.licence];
  return (
    <>
      <p className="resource-page__kind">{RESOURCE_KIND_LABELS[r.kind]}</p>
      <p className="muted">
        Shared by <Link to={`/people/${r.owner.id}`}>{r.owner.name}</Link> on {formatDay(r.createdAt)} ·
        Visible to: {audienceText(r)} · Licence:{' '}
        {licence.url ? (
          <a href={licence.url} rel="noopener noreferrer license" target="_blank">
            {licence.label}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : (
          licence.label
        )}
      </p>
      {r.remixOf && (
        <p>
          Remixed from <Link to={`/resources/${r.remixOf.id}`}>{r.remixOf.title}</Link>
          {r.remixOfVersion ? ` (version ${r.remixOfVersion})` : ''}.
        </p>
      )}
    </>
  );
}

/** Subjects, grade bands and alignments, when there are any. */
export function ResourceFacts({
  subjects,
  gradeBands,
  alignments,
}: {
  subjects: string[];
  gradeBands: string[];
  alignments: string[];
}) {
  if (!subjects.length && !gradeBands.length && !alignments.length) return null;
  return (
    <dl className="resource-facts">
      {subjects.length > 0 && (
        <>
          <dt>Subjects</dt>
          <dd>{subjects.join(', ')}</dd>
        </>
      )}
      {gradeBands.length > 0 && (
        <>
          <dt>Grade bands</dt>
          <dd>{gradeBands.join(', ')}</dd>
        </>
      )}
      {alignments.length > 0 && (
        <>
          <dt>Aligned to</dt>
          <dd>
            <ul className="tag-list">
              {alignments.map((a) => (
                <li key={a} className="tag">
                  {a}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}
