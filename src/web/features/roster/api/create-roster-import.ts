import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterImportResponse } from '#shared/contracts/roster.ts';
import { api } from '#web/lib/api-client.ts';
import { rosterImportsKey } from './list-roster-imports.ts';

/** Either one zip, or the CSV files of a OneRoster bundle (1.2 adds roles.csv and, where present, userProfiles.csv). */
export type RosterUpload =
  | { bundle: File }
  | { manifest: File; users: File; orgs?: File; roles?: File; userProfiles?: File };

export function createRosterImport(upload: RosterUpload) {
  const form = new FormData();
  for (const [field, file] of Object.entries(upload)) form.append(field, file, file.name);
  return api<z.infer<typeof RosterImportResponse>>('/roster-imports', { method: 'POST', formData: form });
}

/** Uploads a roster and gets back the dry-run plan; nothing changes in the district yet. */
export function useCreateRosterImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createRosterImport,
    onSuccess: () => client.invalidateQueries({ queryKey: rosterImportsKey }),
  });
}
