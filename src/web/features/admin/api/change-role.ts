import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DistrictRole, StaffResponse } from '#shared/contracts/admin.ts';
import { getSession, sessionKey } from '#web/features/session/api/session.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function changeRole(args: { id: string; role: DistrictRole }) {
  return api<z.infer<typeof StaffResponse>>(`/staff/${encodeURIComponent(args.id)}/role`, {
    method: 'PATCH',
    body: { role: args.role },
  });
}

/** Gives a staff member a new district role. */
export function useChangeRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: changeRole,
    onSettled: () =>
      Promise.all([
        // Changing one's own role rotates one's session: take up its new CSRF token and roles.
        client.fetchQuery({ queryKey: sessionKey, queryFn: getSession, staleTime: 0 }),
        client.invalidateQueries({ queryKey: adminKeys.staff }),
        client.invalidateQueries({ queryKey: adminKeys.audit }),
      ]),
  });
}
