import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SchoolResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function renameSchool(args: { id: string; name: string }) {
  return api<z.infer<typeof SchoolResponse>>(`/schools/${encodeURIComponent(args.id)}`, {
    method: 'PATCH',
    body: { name: args.name },
  });
}

/** Renames a school of the district. */
export function useRenameSchool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: renameSchool,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.schools }),
  });
}
