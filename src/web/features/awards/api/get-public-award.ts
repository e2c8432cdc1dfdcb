import { useQuery } from '@tanstack/react-query';
import type { PublicAward, PublicAwardResponse } from '#shared/contracts/awards.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { awardKeys } from './keys.ts';

export async function getPublicAward(id: string): Promise<PublicAward> {
  return (await api<PublicAwardResponse>(`/public/awards/${encodeURIComponent(id)}`)).data;
}

/** A credential's public page data (no sign-in needed); a 404 or 400 is not retried. */
export function usePublicAward(id: string) {
  return useQuery({
    queryKey: awardKeys.publicAward(id),
    queryFn: () => getPublicAward(id),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
