import { useQuery } from '@tanstack/react-query';
import type { SubmissionDetail } from '#shared/contracts/submissions.ts';
import { api } from '#web/lib/api-client.ts';
import { earningKeys, retryServerErrors } from './keys.ts';

export async function getSubmission(id: string): Promise<SubmissionDetail> {
  return (await api<{ data: SubmissionDetail }>(`/submissions/${id}`)).data;
}

/** One submission as the person may see it. */
export function useSubmission(id: string) {
  return useQuery({
    queryKey: earningKeys.submission(id),
    queryFn: () => getSubmission(id),
    retry: retryServerErrors,
  });
}
