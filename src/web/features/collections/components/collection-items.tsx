import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ANNOTATION_MAX, type CollectionDetail, type CollectionItem } from '#shared/contracts/collections.ts';
import { EmptyState, ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { ResourceCard } from '#web/features/library/components/resource-card.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import {
  useRemoveCollectionItem,
  useRestoreCollectionItem,
  useUpdateCollectionItem,
} from '../api/collection-items.ts';

/** The owner's note on an item, edited in place. */
function AnnotationEditor({
  collectionId,
  item,
  onDone,
}: {
  collectionId: string;
  item: CollectionItem;
  onDone: (saved: boolean) => void;
}) {
  const update = useUpdateCollectionItem(collectionId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const annotation = String(new FormData(event.currentTarget).get('annotation') ?? '').trim();
    update.mutate({ resourceId: item.resource.id, annotation }, { onSuccess: () => onDone(true) });
  };
  return (
    <form onSubmit={submit} noValidate className="collection-item__editor">
      <ErrorMessage error={update.error} />
      <TextArea
        label={`Note on “${item.resource.title}”`}
        name="annotation"
        rows={3}
        maxLength={ANNOTATION_MAX}
        defaultValue={item.annotation}
        error={update.error instanceof ApiError ? update.error.fieldError('annotation') : undefined}
        // The editor opens on request, so the keyboard goes straight to it.
        autoFocus
      />
      <div className="actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save note'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type Removed = { resourceId: string; title: string; annotation: string; position: number };

/**
 * The items of a collection in order, each with its annotation. Its owner edits notes in place, moves
 * items up and down (the new place is announced, and the keyboard's focus stays on the moved item)
 * and removes them, with a moment to undo.
 */
export function CollectionItems({ collection }: { collection: CollectionDetail }) {
  const { items } = collection;
  const editable = collection.abilities.edit;
  const update = useUpdateCollectionItem(collection.id);
  const remove = useRemoveCollectionItem(collection.id);
  const restore = useRestoreCollectionItem(collection.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [removed, setRemoved] = useState<Removed | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const focusLater = (key: string) => requestAnimationFrame(() => buttons.current.get(key)?.focus());
  const bind = (key: string) => (el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(key, el);
    else buttons.current.delete(key);
  };

  const move = (index: number, by: -1 | 1) => {
    const item = items[index];
    const neighbour = items[index + by];
    if (!item || !neighbour) return;
    setRemoved(null);
    // Taking the neighbour's place puts the item just past it, whatever hidden items lie between.
    update.mutate(
      { resourceId: item.resource.id, position: neighbour.position },
      {
        onSuccess: (next) => {
          const at = next.items.findIndex((i) => i.resource.id === item.resource.id);
          setStatus(`Moved “${item.resource.title}” to position ${at + 1} of ${next.items.length}.`);
          const direction = at === 0 ? 'down' : at === next.items.length - 1 ? 'up' : by < 0 ? 'up' : 'down';
          focusLater(`${direction}:${item.resource.id}`);
        },
      },
    );
  };

  const removeItem = (item: CollectionItem) => {
    remove.mutate(item.resource.id, {
      onSuccess: () => {
        setRemoved({
          resourceId: item.resource.id,
          title: item.resource.title,
          annotation: item.annotation,
          position: item.position,
        });
        setStatus('');
        focusLater('undo');
      },
    });
  };

  const undo = (r: Removed) =>
    restore.mutate(r, {
      onSuccess: () => {
        setRemoved(null);
        setStatus(`Put “${r.title}” back.`);
        focusLater(`remove:${r.resourceId}`);
      },
    });

  const hidden = collection.hiddenItemCount;
  return (
    <>
      <div role="status" aria-live="polite" className="collection-items__status">
        {status && <p>{status}</p>}
        {removed && (
          <p className="notice notice--ok">
            Removed “{removed.title}”.{' '}
            <button
              ref={bind('undo')}
              type="button"
              className="button button--secondary"
              disabled={restore.isPending}
              onClick={() => undo(removed)}
            >
              Undo
            </button>
          </p>
        )}
      </div>
      <ErrorMessage error={update.error ?? remove.error ?? restore.error} />
      {hidden > 0 && (
        <p className="notice">
          {hidden === 1
            ? '1 item is shared with people you are not among, so it is not shown.'
            : `${hidden} items are shared with people you are not among, so they are not shown.`}
        </p>
      )}
      {items.length === 0 ? (
        <EmptyState title={hidden > 0 ? 'Nothing here you can see' : 'No resources in this collection yet'}>
          {editable && (
            <p>
              Open a resource in the <Link to="/resources">library</Link> and choose “Add to a collection”.
            </p>
          )}
        </EmptyState>
      ) : (
        <ol className="collection-items">
          {items.map((item, index) => {
            const noteLabel = item.annotation ? 'Edit note' : 'Add a note';
            return (
              <li key={item.resource.id} className="collection-item">
                <ResourceCard resource={item.resource}>
                  {editing === item.resource.id ? (
                    <AnnotationEditor
                      collectionId={collection.id}
                      item={item}
                      onDone={(saved) => {
                        setEditing(null);
                        if (saved) setStatus(`Saved the note on “${item.resource.title}”.`);
                        focusLater(`note:${item.resource.id}`);
                      }}
                    />
                  ) : (
                    item.annotation && (
                      <blockquote className="collection-item__annotation">
                        <p className="visually-hidden">Curator’s note:</p>
                        <p>{item.annotation}</p>
                      </blockquote>
                    )
                  )}
                  {editable && editing !== item.resource.id && (
                    <div className="actions collection-item__actions">
                      <button
                        ref={bind(`up:${item.resource.id}`)}
                        type="button"
                        className="button button--secondary"
                        disabled={index === 0 || update.isPending}
                        aria-label={`Move up: ${item.resource.title}`}
                        onClick={() => move(index, -1)}
                      >
                        Move up
                      </button>
                      <button
                        ref={bind(`down:${item.resource.id}`)}
                        type="button"
                        className="button button--secondary"
                        disabled={index === items.length - 1 || update.isPending}
                        aria-label={`Move down: ${item.resource.title}`}
                        onClick={() => move(index, 1)}
                      >
                        Move down
                      </button>
                      <button
                        ref={bind(`note:${item.resource.id}`)}
                        type="button"
                        className="button button--secondary"
                        aria-label={`${noteLabel}: ${item.resource.title}`}
                        onClick={() => setEditing(item.resource.id)}
                      >
                        {noteLabel}
                      </button>
                      <button
                        ref={bind(`remove:${item.resource.id}`)}
                        type="button"
                        className="button button--danger"
                        disabled={remove.isPending}
                        aria-label={`Remove: ${item.resource.title}`}
                        onClick={() => removeItem(item)}
                      >
                        Remove
                      </button>
                    </div>
                  )}
                </ResourceCard>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
