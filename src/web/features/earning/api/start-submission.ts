import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SubmissionDetail } from '#shared/contracts/submissions.ts';
import { api } from '#web/lib/api-client.ts';
import { earningKeys } from './keys.ts';

export async function startSubmission(
  credentialId: string,
  teammateIds: string[],
): Promise<SubmissionDetail> {
  return (
    await api<{ data: SubmissionDetail }>(`/micro-credentials/${credentialId}/submissions`, {
      method: 'POST',
      body: { teammateIds },
    })
  ).data;
}

/** Starts earning a credential, alone or with teammates. */
export function useStartSubmission(credentialId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (teammateIds: string[]) => startSubmission(credentialId, teammateIds),
    onSuccess: (submission) => {
      client.setQueryData(earningKeys.submission(submission.id), submission);
      void client.invalidateQueries({ queryKey: earningKeys.progress(credentialId) });
      void client.invalidateQueries({ queryKey: earningKeys.submissions });
    },
  });
}
