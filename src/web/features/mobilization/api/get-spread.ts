import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SpreadResponse, SpreadView } from '#shared/contracts/mobilization.ts';
import { api } from '#web/lib/api-client.ts';

export const spreadKey = (resourceId: string) => ['spread', resourceId] as const;

export async function getSpread(resourceId: string): Promise<SpreadView> {
  return (await api<z.infer<typeof SpreadResponse>>(`/resources/${encodeURIComponent(resourceId)}/spread`))
    .data;
}

/** Where a resource has gone, as far as the viewer may know. */
export function useSpread(resourceId: string) {
  return useQuery({ queryKey: spreadKey(resourceId), queryFn: () => getSpread(resourceId), retry: false });
}
