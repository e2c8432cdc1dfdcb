import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AudienceOptionsResponse } from '#shared/contracts/collections.ts';
import { api } from '#web/lib/api-client.ts';
import { collectionKeys } from './keys.ts';

export async function getAudienceOptions() {
  return (await api<z.infer<typeof AudienceOptionsResponse>>('/collections/audience-options')).data;
}

/** One's school, district, networks and communities, to share a collection with. */
export function useAudienceOptions() {
  return useQuery({
    queryKey: collectionKeys.audienceOptions,
    queryFn: getAudienceOptions,
    staleTime: 300_000,
  });
}
