import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddCollectionItemBody,
  CollectionDetail,
  CollectionResponse,
  UpdateCollectionItemBody,
} from '#shared/contracts/collections.ts';
import { api } from '#web/lib/api-client.ts';
import { useStoreCollection } from './save-collection.ts';

export type AddItemInput = z.input<typeof AddCollectionItemBody>;
export type UpdateItemInput = z.input<typeof UpdateCollectionItemBody>;

export async function addCollectionItem(collectionId: string, body: AddItemInput): Promise<CollectionDetail> {
  return (await api<CollectionResponse>(`/collections/${collectionId}/items`, { method: 'POST', body })).data;
}

export async function updateCollectionItem(
  collectionId: string,
  resourceId: string,
  body: UpdateItemInput,
): Promise<CollectionDetail> {
  return (
    await api<CollectionResponse>(`/collections/${collectionId}/items/${resourceId}`, {
      method: 'PATCH',
      body,
    })
  ).data;
}

export async function removeCollectionItem(
  collectionId: string,
  resourceId: string,
): Promise<CollectionDetail> {
  return (
    await api<CollectionResponse>(`/collections/${collectionId}/items/${resourceId}`, { method: 'DELETE' })
  ).data;
}

/** Adds a resource at the end of one of one's collections. */
export function useAddCollectionItem() {
  const store = useStoreCollection();
  return useMutation({
    mutationFn: ({ collectionId, ...body }: AddItemInput & { collectionId: string }) =>
      addCollectionItem(collectionId, body),
    onSuccess: store,
  });
}

/** Edits an item's annotation or moves it. */
export function useUpdateCollectionItem(collectionId: string) {
  const store = useStoreCollection();
  return useMutation({
    mutationFn: ({ resourceId, ...body }: UpdateItemInput & { resourceId: string }) =>
      updateCollectionItem(collectionId, resourceId, body),
    onSuccess: store,
  });
}

/** Removes an item. */
export function useRemoveCollectionItem(collectionId: string) {
  const store = useStoreCollection();
  return useMutation({
    mutationFn: (resourceId: string) => removeCollectionItem(collectionId, resourceId),
    onSuccess: store,
  });
}

/** Puts a removed item back where it was, with its annotation (added at the end, then moved). */
export function useRestoreCollectionItem(collectionId: string) {
  const store = useStoreCollection();
  return useMutation({
    mutationFn: async (item: { resourceId: string; annotation: string; position: number }) => {
      await addCollectionItem(collectionId, { resourceId: item.resourceId, annotation: item.annotation });
      return updateCollectionItem(collectionId, item.resourceId, { position: item.position });
    },
    onSuccess: store,
  });
}
