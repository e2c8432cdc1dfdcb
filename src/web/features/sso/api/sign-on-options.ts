import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SignOnOptionsResponse } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';
import { signOnKeys } from './keys.ts';

export function signOnOptions(email: string) {
  return api<z.infer<typeof SignOnOptionsResponse>>('/sso/options', { query: { email } });
}

const looksLikeEmail = (email: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);

/** The sign-on providers of the district an address belongs to, asked once the address looks whole. */
export function useSignOnOptions(email: string) {
  const normalized = email.trim().toLowerCase();
  return useQuery({
    queryKey: signOnKeys.options(normalized),
    queryFn: () => signOnOptions(normalized),
    enabled: looksLikeEmail(normalized),
    staleTime: 60_000,
    retry: false,
  });
}
