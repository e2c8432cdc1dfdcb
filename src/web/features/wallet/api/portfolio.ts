import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Portfolio, PortfolioResponse } from '#shared/contracts/wallet.ts';
import { api } from '#web/lib/api-client.ts';
import { walletKeys } from './keys.ts';

export async function getMyPortfolio(): Promise<Portfolio> {
  return (await api<PortfolioResponse>('/my/portfolio')).data;
}

export async function updateMyPortfolio(isPublic: boolean): Promise<Portfolio> {
  return (await api<PortfolioResponse>('/my/portfolio', { method: 'PATCH', body: { public: isPublic } }))
    .data;
}

/** Whether one's portfolio is public, and its address. */
export function useMyPortfolio() {
  return useQuery({ queryKey: walletKeys.myPortfolio, queryFn: getMyPortfolio });
}

/** Makes one's portfolio public or private. */
export function useUpdateMyPortfolio() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateMyPortfolio,
    onSuccess: (portfolio) => client.setQueryData(walletKeys.myPortfolio, portfolio),
  });
}
