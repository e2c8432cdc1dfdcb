import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CollectionDetail,
  CollectionResponse,
  CreateCollectionBody,
  UpdateCollectionBody,
} from '#shared/contracts/collections.ts';
import { api } from '#web/lib/api-client.ts';
import { collectionKeys } from './keys.ts';

export type CreateCollectionInput = z.input<typeof CreateCollectionBody>;
export type UpdateCollectionInput = z.input<typeof UpdateCollectionBody>;

export async function createCollection(body: CreateCollectionInput): Promise<CollectionDetail> {
  return (await api<CollectionResponse>('/collections', { method: 'POST', body })).data;
}

export async function updateCollection(id: string, body: UpdateCollectionInput): Promise<CollectionDetail> {
  return (await api<CollectionResponse>(`/collections/${id}`, { method: 'PATCH', body })).data;
}

export async function deleteCollection(id: string): Promise<void> {
  await api<void>(`/collections/${id}`, { method: 'DELETE' });
}

/** Keeps the page's copy of a collection and every list current after a write. */
export function useStoreCollection() {
  const client = useQueryClient();
  return (collection: CollectionDetail) => {
    client.setQueryData(collectionKeys.detail(collection.id), collection);
    void client.invalidateQueries({ queryKey: collectionKeys.lists });
  };
}

/** Creates a collection; one is its owner. */
export function useCreateCollection() {
  const store = useStoreCollection();
  return useMutation({ mutationFn: createCollection, onSuccess: store });
}

/** The owner edits the title, description or audience. */
export function useUpdateCollection(id: string) {
  const store = useStoreCollection();
  return useMutation({
    mutationFn: (body: UpdateCollectionInput) => updateCollection(id, body),
    onSuccess: store,
  });
}

/** The owner deletes the collection. */
export function useDeleteCollection(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => deleteCollection(id),
    onSuccess: () => {
      client.removeQueries({ queryKey: collectionKeys.detail(id) });
      void client.invalidateQueries({ queryKey: collectionKeys.lists });
    },
  });
}
