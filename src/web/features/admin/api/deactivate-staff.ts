import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { StaffResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function deactivateStaff(id: string) {
  return api<z.infer<typeof StaffResponse>>(`/staff/${encodeURIComponent(id)}/deactivate`, {
    method: 'POST',
  });
}

/** Deactivates an account and signs it out everywhere. */
export function useDeactivateStaff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deactivateStaff,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.staff }),
        client.invalidateQueries({ queryKey: adminKeys.audit }),
      ]),
  });
}
