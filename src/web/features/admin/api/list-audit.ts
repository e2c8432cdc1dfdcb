import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  AuditActorListResponse,
  AuditEntryListResponse,
  AuditFilters,
} from '#shared/contracts/audit.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function listAudit(filters: AuditFilters, cursor?: string) {
  return api<AuditEntryListResponse>('/audit', { query: { ...filters, cursor, limit: 50 } });
}

/** The district's administrative actions in words, newest first, under the chosen filters. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...adminKeys.audit, filters],
    queryFn: ({ pageParam }) => listAudit(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The people who appear in the district's log, for the "who" filter. */
export function useAuditActors() {
  return useQuery({
    queryKey: [...adminKeys.audit, 'actors'],
    queryFn: () => api<AuditActorListResponse>('/audit/actors'),
  });
}

/** The address of the CSV export of the log under these filters (a download, not a fetch). */
export function auditExportHref(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return `/api/audit/export.csv${query ? `?${query}` : ''}`;
}
