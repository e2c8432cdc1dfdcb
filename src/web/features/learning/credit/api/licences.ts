import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LicenceBody, LicenceListResponse, LicenceView } from '#shared/contracts/credit.ts';
import { api } from '#web/lib/api-client.ts';
import { creditKeys } from './keys.ts';

/** My licences with renewal progress in each one's current cycle. */
export function useLicences() {
  return useQuery({
    queryKey: creditKeys.licences,
    queryFn: async () => (await api<LicenceListResponse>('/credit/licences')).data,
  });
}

export function useSaveLicence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id?: string; body: LicenceBody }) =>
      (
        await api<{ data: LicenceView }>(id ? `/credit/licences/${id}` : '/credit/licences', {
          method: id ? 'PUT' : 'POST',
          body,
        })
      ).data,
    onSuccess: () => client.invalidateQueries({ queryKey: creditKeys.licences }),
  });
}

export function useRemoveLicence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/credit/licences/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: creditKeys.licences }),
  });
}
