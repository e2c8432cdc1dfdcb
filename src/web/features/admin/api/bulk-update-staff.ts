import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StaffBulkBody, StaffBulkResult } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function bulkUpdateStaff(body: StaffBulkBody) {
  return api<{ data: StaffBulkResult }>('/staff/bulk', { method: 'POST', body });
}

/** One action over many staff members (a selection, or everyone matching the filters). */
export function useBulkUpdateStaff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: bulkUpdateStaff,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.staff }),
        client.invalidateQueries({ queryKey: adminKeys.audit }),
        client.invalidateQueries({ queryKey: adminKeys.welcome }),
      ]),
  });
}
