import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { DistrictRole, StaffListResponse, StaffStatus } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export interface StaffFilters {
  q?: string;
  role?: DistrictRole | '';
  status?: StaffStatus | '';
}

export function listStaff(filters: StaffFilters, cursor?: string) {
  return api<StaffListResponse>('/staff', { query: { ...filters, cursor, limit: 25 } });
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
