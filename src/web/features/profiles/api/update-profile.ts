import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OwnProfileResponse, UpdateProfileBody } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';
import { type OwnProfile, ownProfileKey } from './get-own-profile.ts';

export type UpdateProfileInput = z.input<typeof UpdateProfileBody>;

export async function updateProfile(body: UpdateProfileInput): Promise<OwnProfile> {
  return (await api<z.infer<typeof OwnProfileResponse>>('/profile', { method: 'PATCH', body })).data;
}

/** Saves profile fields; everything shown elsewhere (home, directory, session name) is reloaded. */
export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (profile) => {
      client.setQueryData(ownProfileKey, profile);
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'profile' });
    },
  });
}
