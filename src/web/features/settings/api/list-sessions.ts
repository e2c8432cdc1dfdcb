import { useInfiniteQuery } from '@tanstack/react-query';
import type { SessionListResponse } from '#shared/contracts/passwords.ts';
import { api } from '#web/lib/api-client.ts';

export const sessionsKey = ['sessions'] as const;

export function listSessions(cursor?: string) {
  return api<SessionListResponse>('/sessions', { query: { cursor, limit: 50 } });
}

/** The devices the signed-in person is signed in on, newest first. */
export function useSessions() {
  return useInfiniteQuery({
    queryKey: sessionsKey,
    queryFn: ({ pageParam }) => listSessions(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
