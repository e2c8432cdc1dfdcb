import { useQuery } from '@tanstack/react-query';
import type { PublicPortfolio, PublicPortfolioResponse } from '#shared/contracts/wallet.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { walletKeys } from './keys.ts';

export async function getPublicPortfolio(userId: string): Promise<PublicPortfolio> {
  return (await api<PublicPortfolioResponse>(`/public/portfolio/${encodeURIComponent(userId)}`)).data;
}

/** A person's public portfolio (no sign-in); a 404 (private, or no such person) is not retried. */
export function usePublicPortfolio(userId: string) {
  return useQuery({
    queryKey: walletKeys.publicPortfolio(userId),
    queryFn: () => getPublicPortfolio(userId),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
