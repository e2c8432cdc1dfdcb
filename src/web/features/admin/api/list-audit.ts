import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditListResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function listAudit(cursor?: string) {
  return api<AuditListResponse>('/audit', { query: { cursor, limit: 50 } });
}

/** The district's administrative actions, newest first. */
export function useAuditLog() {
  return useInfiniteQuery({
    queryKey: adminKeys.audit,
    queryFn: ({ pageParam }) => listAudit(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
