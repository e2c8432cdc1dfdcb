import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SchoolChangeRequestResponse } from '#shared/contracts/school-membership.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function decideSchoolRequest(args: { id: string; approve: boolean }) {
  return api<z.infer<typeof SchoolChangeRequestResponse>>(
    `/school-requests/${encodeURIComponent(args.id)}/${args.approve ? 'approve' : 'decline'}`,
    { method: 'POST' },
  );
}

/** Approves (the person's schools change) or declines a request for a change of school. */
export function useDecideSchoolRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: decideSchoolRequest,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.schoolRequests }),
        client.invalidateQueries({ queryKey: adminKeys.staff }),
        client.invalidateQueries({ queryKey: adminKeys.audit }),
      ]),
  });
}
