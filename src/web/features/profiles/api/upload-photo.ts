import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OwnProfileResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';
import { type OwnProfile, ownProfileKey } from './get-own-profile.ts';

/** The largest photo the server accepts. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

export async function uploadPhoto(photo: File): Promise<OwnProfile> {
  const form = new FormData();
  form.append('photo', photo, photo.name);
  return (await api<z.infer<typeof OwnProfileResponse>>('/profile/photo', { method: 'PUT', formData: form }))
    .data;
}

/** Uploads a new profile photo; the server re-encodes it and drops its metadata. */
export function useUploadPhoto() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: uploadPhoto,
    onSuccess: (profile) => {
      client.setQueryData(ownProfileKey, profile);
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'profile' });
    },
  });
}
