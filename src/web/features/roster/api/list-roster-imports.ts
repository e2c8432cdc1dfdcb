import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterImportListResponse } from '#shared/contracts/roster.ts';
import { api } from '#web/lib/api-client.ts';

export const rosterImportsKey = ['roster-imports'] as const;

export function listRosterImports(cursor?: string) {
  return api<z.infer<typeof RosterImportListResponse>>('/roster-imports', { query: { cursor, limit: 10 } });
}

/** The district's recent imports, newest first. */
export function useRosterImports() {
  return useInfiniteQuery({
    queryKey: rosterImportsKey,
    queryFn: ({ pageParam }) => listRosterImports(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
