import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ProfileResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';

export type ProfilePage = z.infer<typeof ProfileResponse>;

export const profileKey = (id: string) => ['profiles', id] as const;

export function getProfile(id: string) {
  return api<ProfilePage>(`/profiles/${encodeURIComponent(id)}`);
}

/** A person's profile as the signed-in viewer may see it, with what they may do to it. */
export function useProfile(id: string) {
  return useQuery({ queryKey: profileKey(id), queryFn: () => getProfile(id) });
}
