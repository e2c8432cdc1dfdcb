import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MyAward, MyAwardListResponse, MyAwardResponse } from '#shared/contracts/wallet.ts';
import { api } from '#web/lib/api-client.ts';
import { walletKeys } from './keys.ts';

export async function updateMyAward(id: string, listed: boolean): Promise<MyAward> {
  return (await api<MyAwardResponse>(`/my/awards/${id}`, { method: 'PATCH', body: { listed } })).data;
}

/** Gives or takes back one's consent to be listed on a credential's page; the list shows the change. */
export function useUpdateMyAward() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, listed }: { id: string; listed: boolean }) => updateMyAward(id, listed),
    onSuccess: (award) => {
      client.setQueryData<InfiniteData<MyAwardListResponse>>(walletKeys.myAwards, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                data: page.data.map((a) => (a.id === award.id ? award : a)),
              })),
            }
          : data,
      );
      void client.invalidateQueries({ queryKey: walletKeys.holders(award.credential.id) });
    },
  });
}
