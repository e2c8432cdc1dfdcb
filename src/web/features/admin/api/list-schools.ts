import { useQuery } from '@tanstack/react-query';
import type { SchoolListResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function listSchools(includeArchived: boolean) {
  return api<SchoolListResponse>('/schools', { query: { includeArchived: includeArchived || undefined } });
}

/** The district's schools by name; archived ones too when asked (administrators only). */
export function useSchools(includeArchived = false) {
  return useQuery({
    queryKey: [...adminKeys.schools, { includeArchived }],
    queryFn: () => listSchools(includeArchived),
  });
}
