import { useQuery } from '@tanstack/react-query';
import type { CollectionDetail, CollectionResponse } from '#shared/contracts/collections.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { collectionKeys } from './keys.ts';

export async function getCollection(id: string): Promise<CollectionDetail> {
  return (await api<CollectionResponse>(`/collections/${id}`)).data;
}

/** One collection with the items the person may see; a 404 (gone, or not shared with them) is not retried. */
export function useCollection(id: string) {
  return useQuery({
    queryKey: collectionKeys.detail(id),
    queryFn: () => getCollection(id),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
