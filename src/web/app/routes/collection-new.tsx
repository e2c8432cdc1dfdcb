import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { addCollectionItem } from '#web/features/collections/api/collection-items.ts';
import { useCreateCollection } from '#web/features/collections/api/save-collection.ts';
import { CollectionForm } from '#web/features/collections/components/collection-form.tsx';
import { useAudienceOptions } from '#web/features/resources/api/audience-options.ts';

/**
 * Start a collection. Opened from a resource's "Create a collection" link (`?add=<resource id>`), it
 * puts that resource in the new collection too.
 */
export default function CollectionNewPage() {
  const options = useAudienceOptions();
  const create = useCreateCollection();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const adding = params.get('add');
  const [failedAdd, setFailedAdd] = useState<{ error: unknown; collectionId: string } | null>(null);

  return (
    <section className="page page--narrow">
      <PageHeading>New collection</PageHeading>
      <p>
        <Link to={adding ? `/resources/${adding}` : '/collections'}>
          {adding ? 'Back to the resource' : 'Back to collections'}
        </Link>
      </p>
      {adding && <p>The resource you came from will be the collection’s first item.</p>}
      {failedAdd ? (
        <>
          <ErrorMessage error={failedAdd.error} />
          <p>
            The collection was created, but the resource could not be added to it.{' '}
            <Link to={`/collections/${failedAdd.collectionId}`}>Open the new collection</Link>
          </p>
        </>
      ) : options.isPending ? (
        <Loading />
      ) : options.isError ? (
        <ErrorMessage error={options.error} />
      ) : (
        <CollectionForm
          options={options.data}
          submitLabel="Create the collection"
          pending={create.isPending}
          error={create.error}
          onSubmit={(values) =>
            create.mutate(values, {
              onSuccess: async (collection) => {
                if (adding)
                  try {
                    await addCollectionItem(collection.id, { resourceId: adding });
                  } catch (error) {
                    // The collection stands: say why the resource is not in it, and link to it.
                    setFailedAdd({ error, collectionId: collection.id });
                    return;
                  }
                navigate(`/collections/${collection.id}`);
              },
            })
          }
        />
      )}
    </section>
  );
}
