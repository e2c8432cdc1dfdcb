import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Licence } from '#shared/licences.ts';
import { ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { useResource } from '#web/features/resources/api/get-resource.ts';
import { useRemixResource } from '#web/features/resources/api/save-resource.ts';
import { audienceText } from '#web/features/library/components/resource-card.tsx';
import { type AudienceChoice, AudienceSelect } from '#web/features/resources/components/audience-select.tsx';
import { LicenceSelect } from '#web/features/resources/components/licence-select.tsx';
import { ResourceFallback } from '#web/features/resources/components/resource-unavailable.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** Remix a resource: a copy of one's own, linked to its source, ready to adapt. */
export default function ResourceRemixPage() {
  const { id = '' } = useParams();
  const query = useResource(id);
  const remix = useRemixResource(id);
  const navigate = useNavigate();
  const [title, setTitle] = useState<string | null>(null);
  const [licence, setLicence] = useState<Licence | null>(null);
  const [audience, setAudience] = useState<AudienceChoice>({ audience: 'private', audienceId: null });
  if (!query.data) return <ResourceFallback query={query} />;
  const r = query.data;
  const p = r.permissions;
  const fieldError = (field: string) =>
    remix.error instanceof ApiError ? remix.error.fieldError(field) : undefined;
  if (!p.canRemix)
    return (
      <section className="page">
        <PageHeading>This resource cannot be remixed</PageHeading>
        <p>{p.remixRefusal}</p>
        <p>
          <Link to={`/resources/${r.id}`}>Back to {r.title}</Link>
        </p>
      </section>
    );
  const chosenLicence = licence ?? p.remixLicences[0];
  function submit(event: FormEvent) {
    event.preventDefault();
    remix.mutate(
      { title: (title ?? r.title).trim() || undefined, licence: chosenLicence, ...audience },
      { onSuccess: (copy) => navigate(`/resources/${copy.id}/edit`) },
    );
  }
  return (
    <section className="page page--narrow">
      <p>
        <Link to={`/resources/${r.id}`}>Back to {r.title}</Link>
      </p>
      <PageHeading title={`Remix ${r.title}`}>Remix “{r.title}”</PageHeading>
      <p>
        You get a copy of version {r.version} with its files and links. It links back to the original, which
        lists it among its remixes. Next you can adapt it, for example for another grade.
      </p>
      <form onSubmit={submit} className="resource-form" noValidate>
        <TextField
          label="Title of your remix"
          value={title ?? r.title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          error={fieldError('title')}
        />
        {p.remixLicences.length === 1 && (
          <p className="field__hint">
            The original’s licence requires remixes to be shared under the same licence.
          </p>
        )}
        <LicenceSelect
          value={chosenLicence}
          onChange={setLicence}
          choices={p.remixLicences}
          error={fieldError('licence')}
        />
        <p className="field__hint" id="remix-audience-hint">
          A remix reaches no further than the original, which is shared with “{audienceText(r.audience)}”:
          keep it private, share it with the same audience, or with a part of it.
        </p>
        <AudienceSelect
          value={audience}
          onChange={setAudience}
          error={fieldError('audienceId') ?? fieldError('audience')}
        />
        <ErrorMessage error={remix.error} />
        <div className="actions">
          <button type="submit" className="button" disabled={remix.isPending}>
            {remix.isPending ? 'Remixing…' : 'Remix and adapt'}
          </button>
        </div>
      </form>
    </section>
  );
}
