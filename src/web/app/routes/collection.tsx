import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { useCollection } from '#web/features/collections/api/get-collection.ts';
import { useDeleteCollection, useUpdateCollection } from '#web/features/collections/api/save-collection.ts';
import { audienceLabel } from '#web/features/collections/components/audience-label.ts';
import { CollectionForm } from '#web/features/collections/components/collection-form.tsx';
import { CollectionItems } from '#web/features/collections/components/collection-items.tsx';
import { useAudienceOptions } from '#web/features/resources/api/audience-options.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { formatDay } from '#web/lib/format.ts';

/** The owner's edit form for the title, description and audience. */
function EditDetails({ id, onDone }: { id: string; onDone: (saved: boolean) => void }) {
  const collection = useCollection(id);
  const options = useAudienceOptions();
  const update = useUpdateCollection(id);
  if (options.isPending) return <Loading label="Loading where you can share…" />;
  if (options.isError) return <ErrorMessage error={options.error} />;
  if (!collection.data) return null;
  return (
    <section aria-labelledby="collection-edit" className="collection-edit">
      <h2 id="collection-edit">Edit details</h2>
      <CollectionForm
        collection={collection.data}
        options={options.data}
        submitLabel="Save changes"
        pending={update.isPending}
        error={update.error}
        onCancel={() => onDone(false)}
        onSubmit={(values) => update.mutate(values, { onSuccess: () => onDone(true) })}
      />
    </section>
  );
}

function DeleteCollection({ id, title }: { id: string; title: string }) {
  const step = useConfirmStep();
  const remove = useDeleteCollection(id);
  const navigate = useNavigate();
  return step.open ? (
    <ConfirmStep
      prompt={`Delete “${title}”? The resources in it stay in the library.`}
      confirmLabel="Delete the collection"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/collections') })}
      onCancel={step.close}
    />
  ) : (
    <button ref={step.opener} type="button" className="button button--danger" onClick={step.start}>
      Delete collection
    </button>
  );
}

/** A collection: its resources in order with the curator's notes; its owner curates it here. */
export default function CollectionPage() {
  const { id = '' } = useParams();
  const collection = useCollection(id);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);

  if (collection.isPending) return <Loading />;
  if (collection.isError)
    return (
      <section className="page">
        {collection.error instanceof ApiError && collection.error.status < 500 ? (
          <>
            <PageHeading>Collection not found</PageHeading>
            <p>This collection does not exist, was deleted, or is not shared with you.</p>
          </>
        ) : (
          <>
            <PageHeading>Could not load this collection</PageHeading>
            <ErrorMessage error={collection.error} />
          </>
        )}
        <p>
          <Link to="/collections">Browse collections</Link>
        </p>
      </section>
    );

  const c = collection.data;
  return (
    <section className="page">
      <p>
        <Link to="/collections">Back to collections</Link>
      </p>
      <p className="collection-page__kind">Collection</p>
      <PageHeading title={c.title}>{c.title}</PageHeading>
      <p className="muted">
        Curated by <Link to={`/people/${c.owner.id}`}>{c.owner.name}</Link> · {audienceLabel(c.audience)} ·{' '}
        {c.itemCount} {c.itemCount === 1 ? 'resource' : 'resources'} · updated {formatDay(c.updatedAt)}
      </p>
      {saved && <Notice>Saved.</Notice>}
      {editing ? (
        <EditDetails
          id={c.id}
          onDone={(done) => {
            setEditing(false);
            setSaved(done);
          }}
        />
      ) : (
        <>
          {c.description ? (
            <p className="collection-page__description">{c.description}</p>
          ) : (
            <p className="muted">No description.</p>
          )}
          {c.abilities.edit && (
            <div className="actions">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
              >
                Edit details
              </button>
              <DeleteCollection id={c.id} title={c.title} />
            </div>
          )}
        </>
      )}
      <h2>Resources</h2>
      <CollectionItems collection={c} />
    </section>
  );
}
