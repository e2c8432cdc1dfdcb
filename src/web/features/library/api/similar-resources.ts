import { useQuery } from '@tanstack/react-query';
import type { SimilarResponse } from '#shared/contracts/library.ts';
import { api } from '#web/lib/api-client.ts';
import { libraryKeys } from './keys.ts';

export function listSimilarResources(resourceId: string) {
  return api<SimilarResponse>(`/resources/${encodeURIComponent(resourceId)}/similar`);
}

/** Up to six resources like this one that the viewer may see. */
export function useSimilarResources(resourceId: string) {
  return useQuery({
    queryKey: libraryKeys.similar(resourceId),
    queryFn: () => listSimilarResources(resourceId),
    select: (response) => response.data,
  });
}
