import { useMutation, useQuery } from '@tanstack/react-query';
import type { AwardJob, AwardJobResponse, CohortAwardBody } from '#shared/contracts/awards.ts';
import { api } from '#web/lib/api-client.ts';
import { awardKeys } from './keys.ts';

export async function startCohortAward(credentialId: string, body: CohortAwardBody): Promise<AwardJob> {
  return (await api<AwardJobResponse>(`/micro-credentials/${credentialId}/awards`, { method: 'POST', body }))
    .data;
}

export async function getAwardJob(id: string): Promise<AwardJob> {
  return (await api<AwardJobResponse>(`/award-jobs/${id}`)).data;
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
