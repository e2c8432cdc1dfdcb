import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AudienceOptionsResponse } from '#shared/contracts/resources.ts';
import { api } from '#web/lib/api-client.ts';
import { resourceKeys } from './keys.ts';

/** The school, district, networks and communities one may share a resource or a collection with. */
export function useAudienceOptions() {
  return useQuery({
    queryKey: resourceKeys.audienceOptions,
    queryFn: async () =>
      (await api<z.infer<typeof AudienceOptionsResponse>>('/resources/audience-options')).data,
    staleTime: 300_000,
  });
}
