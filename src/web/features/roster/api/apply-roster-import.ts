import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterImportResponse } from '#shared/contracts/roster.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterImportsKey } from './list-roster-imports.ts';

/** `deactivateMissing` confirms deactivating the people a bulk users.csv no longer lists. */
export function applyRosterImport(args: { id: string; deactivateMissing?: boolean }) {
  return api<z.infer<typeof RosterImportResponse>>(`/roster-imports/${encodeURIComponent(args.id)}/apply`, {
    method: 'POST',
    ...(args.deactivateMissing ? { body: { deactivateMissing: true } } : {}),
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
