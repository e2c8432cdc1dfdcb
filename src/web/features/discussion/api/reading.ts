import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Bookmark,
  BookmarksResponse,
  ThreadReading,
  UnreadCountsResponse,
  UnreadThreadsResponse,
  WatchLevel,
} from '#shared/contracts/reading.ts';
import { api } from '#web/lib/api-client.ts';

export const readingKeys = {
  thread: (threadId: string) => ['discussion', 'reading', threadId] as const,
  counts: ['discussion', 'unread-counts'] as const,
  unread: ['discussion', 'unread'] as const,
  communityWatch: (communityId: string) => ['discussion', 'community-watch', communityId] as const,
  bookmarks: ['discussion', 'bookmarks'] as const,
  threadBookmarks: (threadId: string) => ['discussion', 'thread-bookmarks', threadId] as const,
};

export const LEVEL_LABELS: Record<WatchLevel, string> = {
  watching: 'Watching: tell me of every new post',
  tracking: 'Tracking: count new posts, tell me of mentions and replies',
  normal: 'Normal: tell me of mentions and replies only',
  muted: 'Muted: no counts, no notifications, not in my feed',
};

/** What I have read of a thread, fetched as it opens (the first new post to jump to). */
export function useThreadReading(threadId: string) {
  return useQuery({
    queryKey: readingKeys.thread(threadId),
    queryFn: async () => (await api<{ data: ThreadReading }>(`/threads/${threadId}/reading`)).data,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Marks the thread read up to the newest post shown. */
export function useMarkThreadRead(threadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (postId?: string) =>
      (await api<{ data: ThreadReading }>(`/threads/${threadId}/read`, { method: 'POST', body: { postId } }))
        .data,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: readingKeys.counts });
      void client.invalidateQueries({ queryKey: readingKeys.unread });
      void client.invalidateQueries({ queryKey: ['discussion', 'threads'] });
    },
  });
}

export function useWatchThread(threadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (level: WatchLevel | null) =>
      (await api<{ data: ThreadReading }>(`/threads/${threadId}/watch`, { method: 'PUT', body: { level } }))
        .data,
    onSuccess: (data) => {
      client.setQueryData(readingKeys.thread(threadId), data);
      void client.invalidateQueries({ queryKey: readingKeys.counts });
      void client.invalidateQueries({ queryKey: ['discussion', 'threads'] });
    },
  });
}

export function useCommunityWatch(communityId: string, enabled: boolean) {
  return useQuery({
    queryKey: readingKeys.communityWatch(communityId),
    queryFn: async () =>
      (await api<{ data: { level: WatchLevel } }>(`/communities/${communityId}/watch`)).data.level,
    enabled,
  });
}

export function useWatchCommunity(communityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (level: WatchLevel | null) =>
      (
        await api<{ data: { level: WatchLevel } }>(`/communities/${communityId}/watch`, {
          method: 'PUT',
          body: { level },
        })
      ).data.level,
    onSuccess: (level) => {
      client.setQueryData(readingKeys.communityWatch(communityId), level);
      void client.invalidateQueries({ queryKey: ['discussion'] });
    },
  });
}

/** New posts per community and in all of them. */
export function useUnreadCounts() {
  return useQuery({
    queryKey: readingKeys.counts,
    queryFn: async () => (await api<UnreadCountsResponse>('/unread/counts')).data,
  });
}

/** Threads with new posts across my communities, a page at a time. */
export function useUnreadThreads() {
  return useInfiniteQuery({
    queryKey: readingKeys.unread,
    queryFn: ({ pageParam }) =>
      api<UnreadThreadsResponse>('/unread', { query: { cursor: pageParam ?? undefined, limit: 20 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Marks one community, or all of mine, read. */
export function useMarkCommunitiesRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (communityId?: string) =>
      communityId
        ? api<{ data: { threads: number } }>(`/communities/${communityId}/read`, { method: 'POST' })
        : api<{ data: { threads: number } }>('/unread/read', { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['discussion'] }),
  });
}

export function useBookmarks() {
  return useInfiniteQuery({
    queryKey: readingKeys.bookmarks,
    queryFn: ({ pageParam }) =>
      api<BookmarksResponse>('/bookmarks', { query: { cursor: pageParam ?? undefined, limit: 20 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useThreadBookmarks(threadId: string) {
  return useQuery({
    queryKey: readingKeys.threadBookmarks(threadId),
    queryFn: async () =>
      (
        await api<{ data: Array<{ id: string; postId: string | null; remindAt: string | null }> }>(
          `/threads/${threadId}/bookmarks`,
        )
      ).data,
  });
}

export function useSaveBookmark() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { threadId?: string; postId?: string; remindAt?: string | null }) =>
      (await api<{ data: Bookmark }>('/bookmarks', { method: 'POST', body })).data,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: readingKeys.bookmarks });
      void client.invalidateQueries({ queryKey: ['discussion', 'thread-bookmarks'] });
    },
  });
}

export function useUpdateBookmark() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, remindAt }: { id: string; remindAt: string | null }) =>
      api(`/bookmarks/${id}`, { method: 'PATCH', body: { remindAt } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['discussion'] }),
  });
}

export function useDeleteBookmark() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/bookmarks/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['discussion'] }),
  });
}
