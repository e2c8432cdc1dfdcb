import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { StaffResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function reactivateStaff(id: string) {
  return api<z.infer<typeof StaffResponse>>(`/staff/${encodeURIComponent(id)}/reactivate`, {
    method: 'POST',
  });
}

/** Lets a deactivated account sign in again. */
export function useReactivateStaff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: reactivateStaff,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.staff }),
        client.invalidateQueries({ queryKey: adminKeys.audit }),
      ]),
  });
}
