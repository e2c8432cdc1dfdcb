import { useQuery } from '@tanstack/react-query';
import type { MyProgress } from '#shared/contracts/submissions.ts';
import { api } from '#web/lib/api-client.ts';
import { earningKeys, retryServerErrors } from './keys.ts';

export async function getMyProgress(credentialId: string): Promise<MyProgress> {
  return (await api<{ data: MyProgress }>(`/micro-credentials/${credentialId}/my-progress`)).data;
}

/** Where the signed-in person stands with one credential: their submission, their award. */
export function useMyProgress(credentialId: string) {
  return useQuery({
    queryKey: earningKeys.progress(credentialId),
    queryFn: () => getMyProgress(credentialId),
    retry: retryServerErrors,
  });
}
