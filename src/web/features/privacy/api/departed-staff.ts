import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { StaffListResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { privacyKeys } from './keys.ts';

export function listDepartedStaff(q: string, cursor?: string) {
  return api<StaffListResponse>('/staff', { query: { status: 'deactivated', q, cursor, limit: 25 } });
}

/** The district's deactivated accounts, by name: the people who may be erased. */
export function useDepartedStaff(q: string) {
  return useInfiniteQuery({
    queryKey: [...privacyKeys.departed, q],
    queryFn: ({ pageParam }) => listDepartedStaff(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
