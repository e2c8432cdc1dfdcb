import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ErasureResponse } from '#shared/contracts/privacy.ts';
import { api } from '#web/lib/api-client.ts';
import { privacyKeys } from './keys.ts';

export function erasePerson(args: { id: string; confirm: string }) {
  return api<ErasureResponse>(`/staff/${encodeURIComponent(args.id)}/erasure`, {
    method: 'POST',
    body: { confirm: args.confirm },
  });
}

/** Erases a person who has left: irreversible. */
export function useErasePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: erasePerson,
    onSettled: () => client.invalidateQueries({ queryKey: privacyKeys.departed }),
  });
}
