import { Link, useParams, useSearchParams } from 'react-router';
import { RESOURCE_KIND_LABELS } from '#shared/contracts/resources.ts';
import { LICENCES } from '#shared/licences.ts';
import { PageHeading } from '#web/components/feedback.tsx';
import { useChanges } from '#web/features/resources/api/versions.ts';
import { ResourceFallback } from '#web/features/resources/components/resource-unavailable.tsx';
import { TextChanges } from '#web/features/resources/components/text-changes.tsx';

const asVersion = (value: string | null) => (value && /^\d+$/.test(value) ? Number(value) : undefined);

function ListChanges({ label, added, removed }: { label: string; added: string[]; removed: string[] }) {
  if (!added.length && !removed.length) return null;
  return (
    <section>
      <h2>{label}</h2>
      <ul className="change-list">
        {added.map((a) => (
          <li key={`+${a}`}>
            <ins>
              <span className="visually-hidden">Added: </span>
              {a}
            </ins>
          </li>
        ))}
        {removed.map((r) => (
          <li key={`-${r}`}>
            <del>
              <span className="visually-hidden">Removed: </span>
              {r}
            </del>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What changed between two versions of a resource: words added and removed, tags, files and links. */
export default function ResourceChangesPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const query = useChanges(id, asVersion(params.get('from')), asVersion(params.get('to')));
  if (!query.data) return <ResourceFallback query={query} />;
  const { changes: c, from, to, title } = query.data;
  return (
    <article className="page resource-changes">
      <p>
        <Link to={`/resources/${id}`}>Back to {title}</Link>
      </p>
      <PageHeading title={`Changes to ${title}`}>
        What changed from version {from.version} to version {to.version}
      </PageHeading>
      <p className="muted">
        <Link to={`/resources/${id}/versions/${from.version}`}>Version {from.version}</Link> →{' '}
        <Link to={`/resources/${id}/versions/${to.version}`}>Version {to.version}</Link>
        {to.changeNote && ` · “${to.changeNote}”, ${to.editor.name}`}
      </p>
      {c.same ? (
        <p>
          {from.version === to.version
            ? 'This is the first version: there is nothing earlier to compare with.'
            : 'Nothing changed in the content between these versions.'}
        </p>
      ) : (
        <>
          <p className="muted">Added words are underlined, removed words are struck through.</p>
          {c.title && (
            <section>
              <h2>Title</h2>
              <TextChanges parts={c.title} />
            </section>
          )}
          {c.kind && (
            <section>
              <h2>Kind</h2>
              <p>
                {RESOURCE_KIND_LABELS[c.kind.from]} → {RESOURCE_KIND_LABELS[c.kind.to]}
              </p>
            </section>
          )}
          {c.licence && (
            <section>
              <h2>Licence</h2>
              <p>
                {LICENCES[c.licence.from].label} → {LICENCES[c.licence.to].label}
              </p>
            </section>
          )}
          {c.summary && (
            <section>
              <h2>Summary</h2>
              <TextChanges parts={c.summary} />
            </section>
          )}
          {c.notes && (
            <section>
              <h2>Notes</h2>
              <TextChanges parts={c.notes} />
            </section>
          )}
          <ListChanges label="Subjects" {...c.subjects} />
          <ListChanges label="Grade bands" {...c.gradeBands} />
          <ListChanges label="Alignments" {...c.alignments} />
          <ListChanges
            label="Files and links"
            added={c.items.added.map((i) => i.label)}
            removed={c.items.removed.map((i) => i.label)}
          />
          {c.items.commentaryChanged.length > 0 && (
            <section>
              <h2>Commentary</h2>
              {c.items.commentaryChanged.map((i) => (
                <div key={i.key}>
                  <h3>{i.label}</h3>
                  <TextChanges parts={i.commentary} />
                </div>
              ))}
            </section>
          )}
        </>
      )}
    </article>
  );
}
