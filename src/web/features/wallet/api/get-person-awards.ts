import { useQuery } from '@tanstack/react-query';
import type { ShownAward, ShownAwardListResponse } from '#shared/contracts/wallet.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { walletKeys } from './keys.ts';

export async function getPersonAwards(userId: string): Promise<ShownAward[]> {
  return (await api<ShownAwardListResponse>(`/people/${encodeURIComponent(userId)}/awards`)).data;
}

/** The credentials a person earned, as far as the viewer may see their profile. */
export function usePersonAwards(userId: string) {
  return useQuery({
    queryKey: walletKeys.personAwards(userId),
    queryFn: () => getPersonAwards(userId),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
