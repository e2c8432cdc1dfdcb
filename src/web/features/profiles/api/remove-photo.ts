import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';

export function removePhoto() {
  return api<void>('/profile/photo', { method: 'DELETE' });
}

/** Removes one's profile photo. */
export function useRemovePhoto() {
  const client = useQueryClient();
  return useMutation({ mutationFn: removePhoto, onSuccess: () => client.invalidateQueries() });
}
