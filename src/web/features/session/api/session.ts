import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SessionResponse, SignInBody } from '#shared/contracts/session.ts';
import { api, setCsrfToken } from '#web/lib/api-client.ts';

type Session = z.infer<typeof SessionResponse>['data'];

export const sessionKey = ['session'] as const;

export async function getSession(): Promise<Session> {
  const { data } = await api<z.infer<typeof SessionResponse>>('/session');
  setCsrfToken(data?.csrfToken ?? null);
  return data;
}

/** The signed-in person, or null. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: getSession, staleTime: 60_000 });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof SignInBody>) => api<void>('/session', { method: 'POST', body }),
    onSuccess: async () => {
      client.clear();
      await client.fetchQuery({ queryKey: sessionKey, queryFn: getSession });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/session', { method: 'DELETE' }),
    onSuccess: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}
