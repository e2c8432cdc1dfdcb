import { useQuery } from '@tanstack/react-query';
import type {
  MicroCredentialOptions,
  MicroCredentialOptionsResponse,
} from '#shared/contracts/micro-credentials.ts';
import { api } from '#web/lib/api-client.ts';
import { microCredentialKeys } from './keys.ts';

export async function getMicroCredentialOptions(): Promise<MicroCredentialOptions> {
  return (await api<MicroCredentialOptionsResponse>('/micro-credentials/options')).data;
}

/** The issuers one may browse and define under, and the competencies credentials align to. */
export function useMicroCredentialOptions() {
  return useQuery({
    queryKey: microCredentialKeys.options,
    queryFn: getMicroCredentialOptions,
    staleTime: 60_000,
  });
}
