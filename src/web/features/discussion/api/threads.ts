import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CreateThreadBody,
  ThreadListResponse,
  ThreadSummary,
  ThreadType,
  ThreadView,
  UpdateThreadBody,
} from '#shared/contracts/discussion.ts';
import { api } from '#web/lib/api-client.ts';

export const discussionKeys = {
  threads: (communityId: string) => ['discussion', 'threads', communityId] as const,
  thread: (threadId: string) => ['discussion', 'thread', threadId] as const,
  revisions: (postId: string) => ['discussion', 'revisions', postId] as const,
  reports: (communityId: string) => ['discussion', 'reports', communityId] as const,
};

/** A community's threads, a page at a time ("Load more" fetches the next). */
export function useCommunityThreads(communityId: string, type: ThreadType | '') {
  return useInfiniteQuery({
    queryKey: [...discussionKeys.threads(communityId), type],
    queryFn: ({ pageParam }) =>
      api<ThreadListResponse>(`/communities/${communityId}/threads`, {
        query: { type: type || undefined, cursor: pageParam ?? undefined, limit: 20 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useStartThread(communityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateThreadBody) =>
      (await api<{ data: ThreadSummary }>(`/communities/${communityId}/threads`, { method: 'POST', body }))
        .data,
    onSuccess: () => client.invalidateQueries({ queryKey: discussionKeys.threads(communityId) }),
  });
}

/** A thread's page; older replies beyond the first page load with "Load more replies". */
export function useThread(threadId: string) {
  return useInfiniteQuery({
    queryKey: discussionKeys.thread(threadId),
    queryFn: async ({ pageParam }) =>
      (await api<{ data: ThreadView }>(`/threads/${threadId}`, { query: { cursor: pageParam ?? undefined } }))
        .data,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    retry: (failures, error) => (error as { status?: number }).status !== 404 && failures < 2,
  });
}

function useThreadWrite<T>(threadId: string, fn: (arg: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ['discussion'] }),
    meta: { threadId },
  });
}

export function useUpdateThread(threadId: string) {
  return useThreadWrite(threadId, (body: UpdateThreadBody) =>
    api(`/threads/${threadId}`, { method: 'PATCH', body }),
  );
}

export function useMarkInsight(threadId: string) {
  return useThreadWrite(threadId, (postId: string | null) =>
    postId
      ? api(`/threads/${threadId}/insight`, { method: 'PUT', body: { postId } })
      : api(`/threads/${threadId}/insight`, { method: 'DELETE' }),
  );
}
