import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterImportResponse } from '#shared/contracts/roster.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterImportsKey } from './list-roster-imports.ts';

export function getRosterImport(id: string) {
  return api<z.infer<typeof RosterImportResponse>>(`/roster-imports/${encodeURIComponent(id)}`);
}

/** One import with its plan, to review a past import. */
export function useRosterImport(id: string | null) {
  return useQuery({
    queryKey: [...rosterImportsKey, id],
    queryFn: () => getRosterImport(id!),
    enabled: id !== null,
  });
}
