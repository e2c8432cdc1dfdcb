import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CommunityDetail, CommunityResponse } from '#shared/contracts/communities.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { communityKeys } from './keys.ts';

export async function getCommunity(id: string): Promise<CommunityDetail> {
  return (await api<z.infer<typeof CommunityResponse>>(`/communities/${id}`)).data;
}

/** One community's page data; a 404 (gone, or no longer visible) is not retried. */
export function useCommunity(id: string) {
  return useQuery({
    queryKey: communityKeys.detail(id),
    queryFn: () => getCommunity(id),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
