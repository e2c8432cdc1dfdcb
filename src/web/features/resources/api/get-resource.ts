import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ResourceResponse, ResourceView } from '#shared/contracts/resources.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { resourceKeys } from './keys.ts';

export async function getResource(id: string): Promise<ResourceView> {
  return (await api<z.infer<typeof ResourceResponse>>(`/resources/${id}`)).data;
}

/** A resource's page data; a 404 (gone, or not one's to see) is not retried. */
export function useResource(id: string) {
  return useQuery({
    queryKey: resourceKeys.detail(id),
    queryFn: () => getResource(id),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
