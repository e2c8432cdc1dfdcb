import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { DistrictRole, SignInFilter, StaffListResponse, StaffStatus } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export interface StaffFilters {
  q?: string;
  role?: DistrictRole | '';
  status?: StaffStatus | '';
  schoolId?: string;
  signedIn?: SignInFilter | '';
}

/** The filters as the API takes them: empty choices left out. */
export function staffFilterQuery(filters: StaffFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) if (value) query[key] = value;
  return query;
}

export function listStaff(filters: StaffFilters, cursor?: string) {
  return api<StaffListResponse>('/staff', { query: { ...staffFilterQuery(filters), cursor, limit: 25 } });
}

/** The district's staff by name, searched and filtered, a page at a time. */
export function useStaff(filters: StaffFilters) {
  return useInfiniteQuery({
    queryKey: [...adminKeys.staff, filters],
    queryFn: ({ pageParam }) => listStaff(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Where the filtered list downloads as CSV. */
export function staffExportHref(filters: StaffFilters): string {
  const query = new URLSearchParams(staffFilterQuery(filters)).toString();
  return `/api/staff/export.csv${query ? `?${query}` : ''}`;
}
