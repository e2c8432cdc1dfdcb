import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PdsaBody, PdsaResponse } from '#shared/contracts/improvement.ts';
import { api } from '#web/lib/api-client.ts';
import { improvementKey, pdsaKey } from './keys.ts';

export function getPdsa(cycleId: string) {
  return api<PdsaResponse>(`/inquiry/cycles/${cycleId}/pdsa`);
}

/** A PDSA cycle's plan, do, study and act, with the choices its forms offer and its ramp. */
export function usePdsa(cycleId: string) {
  return useQuery({ queryKey: pdsaKey(cycleId), queryFn: () => getPdsa(cycleId) });
}

export function useSavePdsa(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PdsaBody) => api<void>(`/inquiry/cycles/${cycleId}/pdsa`, { method: 'PATCH', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: improvementKey }),
  });
}
