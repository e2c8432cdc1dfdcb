import { useQuery } from '@tanstack/react-query';
import type {
  MicroCredentialDetail,
  MicroCredentialResponse,
  MicroCredentialVersion,
  MicroCredentialVersionResponse,
} from '#shared/contracts/micro-credentials.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { microCredentialKeys } from './keys.ts';

const notRetriedWhenMissing = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

export async function getMicroCredential(id: string): Promise<MicroCredentialDetail> {
  return (await api<MicroCredentialResponse>(`/micro-credentials/${id}`)).data;
}

export async function getMicroCredentialVersion(
  id: string,
  version: number,
): Promise<MicroCredentialVersion> {
  return (await api<MicroCredentialVersionResponse>(`/micro-credentials/${id}/versions/${version}`)).data;
}

/** One micro-credential or stack, whole; a 404 (a draft, or not in one's scope) is not retried. */
export function useMicroCredential(id: string) {
  return useQuery({
    queryKey: microCredentialKeys.detail(id),
    queryFn: () => getMicroCredential(id),
    retry: notRetriedWhenMissing,
  });
}

/** One version of a definition: what a submission that started on it is judged against. */
export function useMicroCredentialVersion(id: string, version: number) {
  return useQuery({
    queryKey: microCredentialKeys.version(id, version),
    queryFn: () => getMicroCredentialVersion(id, version),
    retry: notRetriedWhenMissing,
    staleTime: 300_000,
  });
}
