import { Link, useNavigate, useParams } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { useResource } from '#web/features/resources/api/get-resource.ts';
import { useUpdateResource } from '#web/features/resources/api/save-resource.ts';
import { ResourceFallback } from '#web/features/resources/components/resource-unavailable.tsx';
import { ResourceForm } from '#web/features/resources/components/resource-form.tsx';

/** Edit a resource: saving keeps the old version and makes a new one. */
export default function ResourceEditPage() {
  const { id = '' } = useParams();
  const query = useResource(id);
  const save = useUpdateResource(id);
  const navigate = useNavigate();
  if (!query.data) return <ResourceFallback query={query} />;
  const r = query.data;
  if (!r.permissions.canEdit)
    return (
      <section className="page">
        <PageHeading>Only the sharer can edit this</PageHeading>
        <p>
          {r.permissions.canRemix ? (
            <>
              You can <Link to={`/resources/${r.id}/remix`}>remix it</Link> into a copy of your own and adapt
              that.
            </>
          ) : (
            <Link to={`/resources/${r.id}`}>Back to the resource</Link>
          )}
        </p>
      </section>
    );
  return (
    <section className="page page--narrow">
      <p>
        <Link to={`/resources/${r.id}`}>Back to {r.title}</Link>
      </p>
      <PageHeading title={`Edit ${r.title}`}>Edit “{r.title}”</PageHeading>
      <p className="muted">
        You are editing version {r.version}. Saving makes version {r.version + 1}; earlier versions stay
        viewable.
      </p>
      <ResourceForm
        key={`${r.id}-${r.version}`}
        mode="edit"
        resource={r}
        pending={save.isPending}
        error={save.error}
        onSubmit={(body) => save.mutate(body, { onSuccess: () => navigate(`/resources/${r.id}`) })}
      />
    </section>
  );
}
