import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OwnSchoolsResponse } from '#shared/contracts/school-membership.ts';
import { api } from '#web/lib/api-client.ts';

export type OwnSchools = z.infer<typeof OwnSchoolsResponse>['data'];

export const ownSchoolsKey = ['profile', 'schools'] as const;

export async function getOwnSchools(): Promise<OwnSchools> {
  return (await api<z.infer<typeof OwnSchoolsResponse>>('/profile/schools')).data;
}

/** The schools one belongs to, whether the roster sets them, and one's latest request for a change. */
export function useOwnSchools() {
  return useQuery({ queryKey: ownSchoolsKey, queryFn: getOwnSchools });
}
