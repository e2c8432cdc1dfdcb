import { Link, useNavigate } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { useCreateResource } from '#web/features/resources/api/save-resource.ts';
import { ResourceForm } from '#web/features/resources/components/resource-form.tsx';

/** Share a resource: a lesson, unit, task or bundle with its files, links, licence and audience. */
export default function ResourceNewPage() {
  const create = useCreateResource();
  const navigate = useNavigate();
  return (
    <section className="page page--narrow">
      <p>
        <Link to="/resources">Library</Link>
      </p>
      <PageHeading>Share a resource</PageHeading>
      <ResourceForm
        mode="create"
        pending={create.isPending}
        error={create.error}
        onSubmit={({ changeNote: _, ...body }) =>
          create.mutate(body, { onSuccess: (resource) => navigate(`/resources/${resource.id}`) })
        }
      />
    </section>
  );
}
