import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import {
  ANNOTATION_MAX,
  COLLECTION_TITLE_MAX,
  type CollectionDetail,
} from '#shared/contracts/collections.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useAddCollectionItem } from '../api/collection-items.ts';
import { collectionKeys } from '../api/keys.ts';
import { useMyCollections } from '../api/list-collections.ts';
import { createCollection } from '../api/save-collection.ts';

const NEW = 'new';

/**
 * Add a resource to one of the viewer's collections (or to a new, private one), with an annotation:
 * a small disclosure on the resource page. Someone with no collection yet gets a link to create one
 * that brings this resource along.
 */
export function AddToCollection({ resourceId }: { resourceId: string }) {
  const mine = useMyCollections();
  const add = useAddCollectionItem();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [added, setAdded] = useState<CollectionDetail | null>(null);
  // Creating the new collection runs before `add`, so it keeps the button busy on its own.
  const [creating, setCreating] = useState(false);
  const panelId = useId();

  if (mine.isPending) return null;
  if (mine.isError)
    return (
      <div className="add-to-collection">
        <p>Your collections could not be loaded, so this resource cannot be added to one just now.</p>
        <ErrorMessage error={mine.error} />
      </div>
    );
  const collections = mine.data.data;
  if (collections.length === 0)
    return (
      <p className="add-to-collection">
        <Link to={`/collections/new?add=${resourceId}`}>Create a collection</Link> to gather this resource
        with others for colleagues.
      </p>
    );

  const selected = choice || collections[0].id;
  const apiError = add.error instanceof ApiError ? add.error : null;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const annotation = String(form.get('annotation') ?? '').trim();
    let collectionId = selected;
    setAdded(null);
    if (selected === NEW) {
      const title = String(form.get('title') ?? '').trim();
      if (!title) {
        setLocalError('Give the new collection a title.');
        return;
      }
      setLocalError(null);
      setCreating(true);
      try {
        // Private to begin with: its owner shares it from its page once it holds what they want.
        collectionId = (await createCollection({ title, audience: 'private' })).id;
        // Chosen from now on, so trying again adds to it rather than making another.
        setChoice(collectionId);
        await client.invalidateQueries({ queryKey: collectionKeys.lists });
      } catch (error) {
        setLocalError(error instanceof Error ? error.message : String(error));
        return;
      } finally {
        setCreating(false);
      }
    }
    setLocalError(null);
    add.mutate(
      { collectionId, resourceId, annotation },
      {
        onSuccess: (collection) => {
          setAdded(collection);
          setChoice(collection.id);
          formElement.reset();
        },
      },
    );
  };

  return (
    <section className="add-to-collection" aria-label="Add to a collection">
      <button
        type="button"
        className="button button--secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Add to a collection
      </button>
      <div id={panelId} hidden={!open}>
        <div aria-live="polite">
          {added && (
            <p className="notice notice--ok">
              Added to <Link to={`/collections/${added.id}`}>{added.title}</Link>.
            </p>
          )}
        </div>
        {open && (
          <form onSubmit={submit} noValidate className="add-to-collection__form">
            <ErrorMessage error={add.error} />
            <SelectField
              label="Collection"
              name="collectionId"
              value={selected}
              onChange={(e) => setChoice(e.target.value)}
              error={apiError?.fieldError('resourceId')}
            >
              {collections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title} ({c.itemCount} {c.itemCount === 1 ? 'resource' : 'resources'})
                </option>
              ))}
              <option value={NEW}>A new collection…</option>
            </SelectField>
            {selected === NEW && (
              <TextField
                label="New collection title"
                name="title"
                required
                maxLength={COLLECTION_TITLE_MAX}
                hint="Only you see it until you share it from its page."
                error={localError ?? undefined}
              />
            )}
            {selected !== NEW && localError && <ErrorMessage error={localError} />}
            <TextArea
              label="Note for readers"
              name="annotation"
              rows={3}
              maxLength={ANNOTATION_MAX}
              hint="Why it is here, and how to use it. Optional."
              error={apiError?.fieldError('annotation')}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={creating || add.isPending}>
                {creating || add.isPending ? 'Adding…' : 'Add'}
              </button>
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
