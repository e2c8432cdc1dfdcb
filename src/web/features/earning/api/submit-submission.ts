import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SubmissionDetail } from '#shared/contracts/submissions.ts';
import { api } from '#web/lib/api-client.ts';
import { earningKeys } from './keys.ts';

export async function submitSubmission(id: string): Promise<SubmissionDetail> {
  return (await api<{ data: SubmissionDetail }>(`/submissions/${id}/submit`, { method: 'POST' })).data;
}

export async function withdrawSubmission(id: string): Promise<SubmissionDetail> {
  return (await api<{ data: SubmissionDetail }>(`/submissions/${id}/withdraw`, { method: 'POST' })).data;
}

function useStoreSubmission() {
  const client = useQueryClient();
  return (submission: SubmissionDetail) => {
    client.setQueryData(earningKeys.submission(submission.id), submission);
    void client.invalidateQueries({ queryKey: earningKeys.submissions });
    void client.invalidateQueries({ queryKey: earningKeys.progress(submission.credential.id) });
  };
}

/** Sends the evidence to the assessors. */
export function useSubmitSubmission(id: string) {
  return useMutation({ mutationFn: () => submitSubmission(id), onSuccess: useStoreSubmission() });
}

/** The owner withdraws the submission. */
export function useWithdrawSubmission(id: string) {
  return useMutation({ mutationFn: () => withdrawSubmission(id), onSuccess: useStoreSubmission() });
}
