import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataProtectionBody, DataProtectionResponse } from '#shared/contracts/privacy.ts';
import { api } from '#web/lib/api-client.ts';
import { privacyKeys } from './keys.ts';

export function readDataProtection() {
  return api<DataProtectionResponse>('/data-protection');
}

/** The data-protection page: the operator's words and what Trellis keeps, per data class. */
export function useDataProtection() {
  return useQuery({ queryKey: privacyKeys.dataProtection, queryFn: readDataProtection });
}

export function updateDataProtection(body: DataProtectionBody) {
  return api<DataProtectionResponse>('/data-protection', { method: 'PUT', body });
}

/** Saves the operator's words. */
export function useUpdateDataProtection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateDataProtection,
    onSuccess: (response) => client.setQueryData(privacyKeys.dataProtection, response),
  });
}
