import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RetentionBody, RetentionResponse } from '#shared/contracts/privacy.ts';
import { api } from '#web/lib/api-client.ts';
import { privacyKeys } from './keys.ts';

export function readRetention() {
  return api<RetentionResponse>('/district/retention');
}

/** How long the district keeps each kind of record (null: kept). */
export function useRetention() {
  return useQuery({ queryKey: privacyKeys.retention, queryFn: readRetention });
}

export function updateRetention(body: RetentionBody) {
  return api<RetentionResponse>('/district/retention', { method: 'PUT', body });
}

/** Saves the district's age limits. */
export function useUpdateRetention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateRetention,
    onSuccess: (response) => client.setQueryData(privacyKeys.retention, response),
  });
}
