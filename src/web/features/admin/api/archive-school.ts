import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SchoolResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

/** Archives (`archived: true`) or brings back a school: the archive and unarchive endpoints. */
export function archiveSchool(args: { id: string; archived: boolean }) {
  return api<z.infer<typeof SchoolResponse>>(
    `/schools/${encodeURIComponent(args.id)}/${args.archived ? 'archive' : 'unarchive'}`,
    { method: 'POST' },
  );
}

export function useArchiveSchool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: archiveSchool,
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.schools }),
  });
}
