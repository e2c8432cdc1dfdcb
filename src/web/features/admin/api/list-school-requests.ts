import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SchoolChangeRequestListResponse } from '#shared/contracts/school-membership.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function listSchoolRequests() {
  return api<z.infer<typeof SchoolChangeRequestListResponse>>('/school-requests');
}

/** The district's pending requests for a change of school, oldest first. */
export function useSchoolRequests() {
  return useQuery({ queryKey: adminKeys.schoolRequests, queryFn: listSchoolRequests });
}
