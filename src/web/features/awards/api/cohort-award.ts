import { useMutation, useQuery } from '@tanstack/react-query';
import type { AwardJob, AwardJobResponse, CohortAwardBody } from '#shared/contracts/awards.ts';
import type { CohortPreviewResponse } from '#shared/contracts/credential-awards.ts';
import { api } from '#web/lib/api-client.ts';
import { awardKeys } from './keys.ts';

export async function startCohortAward(credentialId: string, body: CohortAwardBody): Promise<AwardJob> {
  return (await api<AwardJobResponse>(`/micro-credentials/${credentialId}/awards`, { method: 'POST', body }))
    .data;
}

export async function getAwardJob(id: string): Promise<AwardJob> {
  return (await api<AwardJobResponse>(`/award-jobs/${id}`)).data;
}

export async function previewCohortAward(
  credentialId: string,
  emails: string[],
): Promise<CohortPreviewResponse['data']> {
  return (
    await api<CohortPreviewResponse>(`/micro-credentials/${credentialId}/awards/preview`, {
      method: 'POST',
      body: { emails },
    })
  ).data;
}

/** Checks a cohort's rows before awarding: who will be awarded, and which rows are skipped and why. */
export function usePreviewCohortAward(credentialId: string) {
  return useMutation({ mutationFn: (emails: string[]) => previewCohortAward(credentialId, emails) });
}

/** Starts awarding a credential to a cohort; the answer is the queued job. */
export function useStartCohortAward(credentialId: string) {
  return useMutation({ mutationFn: (body: CohortAwardBody) => startCohortAward(credentialId, body) });
}

/** A cohort award's progress, polled every half second until it is done or failed. */
export function useAwardJob(id: string | null) {
  return useQuery({
    queryKey: awardKeys.job(id ?? ''),
    queryFn: () => getAwardJob(id!),
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 500;
    },
  });
}
