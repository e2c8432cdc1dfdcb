import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OwnProfileResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';

export type OwnProfile = z.infer<typeof OwnProfileResponse>['data'];

export const ownProfileKey = ['profile'] as const;

export async function getOwnProfile(): Promise<OwnProfile> {
  return (await api<z.infer<typeof OwnProfileResponse>>('/profile')).data;
}

/** One's own profile with every field and the audience chosen for each. */
export function useOwnProfile() {
  return useQuery({ queryKey: ownProfileKey, queryFn: getOwnProfile });
}
