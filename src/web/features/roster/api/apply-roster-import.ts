import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterImportResponse } from '#shared/contracts/roster.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterImportsKey } from './list-roster-imports.ts';

export function applyRosterImport(id: string) {
  return api<z.infer<typeof RosterImportResponse>>(`/roster-imports/${encodeURIComponent(id)}/apply`, {
    method: 'POST',
  });
}

/** Carries out a previewed import. */
export function useApplyRosterImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: applyRosterImport,
    onSettled: () => client.invalidateQueries({ queryKey: rosterImportsKey }),
  });
}
