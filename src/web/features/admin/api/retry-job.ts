import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { JobResponse } from '#shared/contracts/jobs.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export async function retryJob(id: string) {
  return (await api<JobResponse>(`/admin/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' })).data;
}

/** Gives a failed job one more attempt, now. */
export function useRetryJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: retryJob,
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.jobs }),
  });
}
