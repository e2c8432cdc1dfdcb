import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SignOnOverviewResponse } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function readSignOn() {
  return api<z.infer<typeof SignOnOverviewResponse>>('/sso');
}

/** The district's sign-on settings, providers, domains and waiting requests (administrators). */
export function useSignOn() {
  return useQuery({ queryKey: signOnKeys.overview, queryFn: readSignOn });
}
