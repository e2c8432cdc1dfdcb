import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreditSettingsBody,
  CreditSettingsResponse,
  CreditTypeBody,
  CreditTypeListResponse,
  CreditTypeView,
} from '#shared/contracts/credit.ts';
import { api } from '#web/lib/api-client.ts';
import { creditKeys } from './keys.ts';

/** The district's credit types (admins also see archived ones). */
export function useCreditTypes() {
  return useQuery({
    queryKey: creditKeys.types,
    queryFn: () => api<CreditTypeListResponse>('/credit/types'),
  });
}

/** Creates a type, or changes one when `id` is given. */
export function useSaveCreditType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id?: string; body: CreditTypeBody }) =>
      (
        await api<{ data: CreditTypeView }>(id ? `/credit/types/${id}` : '/credit/types', {
          method: id ? 'PUT' : 'POST',
          body,
        })
      ).data,
    onSuccess: () => client.invalidateQueries({ queryKey: creditKeys.types }),
  });
}

export function useArchiveCreditType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archived }: { id: string; archived: boolean }) =>
      api<{ data: CreditTypeView }>(`/credit/types/${id}/archived`, { method: 'PUT', body: { archived } }),
    onSuccess: () => client.invalidateQueries({ queryKey: creditKeys.types }),
  });
}

type Settings = z.infer<typeof CreditSettingsResponse>['data'];

export function useCreditSettings() {
  return useQuery({
    queryKey: creditKeys.settings,
    queryFn: async () => (await api<{ data: Settings }>('/credit/settings')).data,
  });
}

export function useSaveCreditSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreditSettingsBody) =>
      (await api<{ data: Settings }>('/credit/settings', { method: 'PUT', body })).data,
    onSuccess: (data) => client.setQueryData(creditKeys.settings, data),
  });
}
