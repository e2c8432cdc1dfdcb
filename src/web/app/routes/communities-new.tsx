import { Link, useNavigate } from 'react-router';
import type { CommunityKind, JoinPolicy } from '#shared/contracts/communities.ts';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useOwnerOptions } from '#web/features/communities/api/owner-options.ts';
import {
  type CreateCommunityInput,
  useCreateCommunity,
} from '#web/features/communities/api/save-community.ts';
import { CommunityForm } from '#web/features/communities/components/community-form.tsx';

/** Start a community; one becomes its first facilitator. */
export default function NewCommunityPage() {
  const owners = useOwnerOptions();
  const create = useCreateCommunity();
  const navigate = useNavigate();
  return (
    <section className="page page--narrow">
      <PageHeading>Create a community</PageHeading>
      <p>
        <Link to="/communities">Back to communities</Link>
      </p>
      {owners.isPending ? (
        <Loading />
      ) : owners.isError ? (
        <ErrorMessage error={owners.error} />
      ) : (
        <CommunityForm
          owners={owners.data}
          submitLabel="Create the community"
          pending={create.isPending}
          error={create.error}
          onSubmit={(values) =>
            create.mutate(
              {
                ...values,
                ownerId: values.ownerId ?? '',
                kind: values.kind as CommunityKind,
                joinPolicy: values.joinPolicy as JoinPolicy,
              } as CreateCommunityInput,
              { onSuccess: (community) => navigate(`/communities/${community.id}`) },
            )
          }
        />
      )}
    </section>
  );
}
