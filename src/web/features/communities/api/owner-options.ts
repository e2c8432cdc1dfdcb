import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OwnerOptionsResponse } from '#shared/contracts/communities.ts';
import { api } from '#web/lib/api-client.ts';
import { communityKeys } from './keys.ts';

export async function getOwnerOptions() {
  return (await api<z.infer<typeof OwnerOptionsResponse>>('/communities/owner-options')).data;
}

/** The schools, district and networks one may create a community for. */
export function useOwnerOptions() {
  return useQuery({ queryKey: communityKeys.ownerOptions, queryFn: getOwnerOptions, staleTime: 300_000 });
}
