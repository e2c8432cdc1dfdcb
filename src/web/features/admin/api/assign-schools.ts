import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PersonSchoolsResponse } from '#shared/contracts/school-membership.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function assignSchools(args: { id: string; schoolIds: string[] }) {
  return api<z.infer<typeof PersonSchoolsResponse>>(`/staff/${encodeURIComponent(args.id)}/schools`, {
    method: 'PUT',
    body: { schoolIds: args.schoolIds },
  });
}

/** Sets the schools a staff member belongs to (the first is their main school). */
export function useAssignSchools() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: assignSchools,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.staff }),
        client.invalidateQueries({ queryKey: adminKeys.audit }),
      ]),
  });
}
