import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';
import { learningKeys } from './keys.ts';

export const deleteEntry = (id: string) => api<void>(`/learning/entries/${id}`, { method: 'DELETE' });

/** Deletes an entry I logged by hand. */
export function useDeleteEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteEntry,
    onSuccess: (_nothing, id) => {
      client.removeQueries({ queryKey: learningKeys.entry(id) });
      void client.invalidateQueries({ queryKey: learningKeys.all });
    },
  });
}
