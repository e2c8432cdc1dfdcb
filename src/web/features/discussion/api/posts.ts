import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateReplyBody, PostView, Revision } from '#shared/contracts/discussion.ts';
import { api } from '#web/lib/api-client.ts';
import { discussionKeys } from './threads.ts';

function useDiscussionWrite<T, R>(fn: (arg: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ['discussion'] }),
  });
}

export function useReply(threadId: string) {
  return useDiscussionWrite(
    async (body: CreateReplyBody) =>
      (await api<{ data: PostView }>(`/threads/${threadId}/posts`, { method: 'POST', body })).data,
  );
}

export function useEditPost(postId: string) {
  return useDiscussionWrite((body: { body: string; title?: string }) =>
    api(`/posts/${postId}`, { method: 'PATCH', body }),
  );
}

export function useDeletePost(postId: string) {
  return useDiscussionWrite(() => api(`/posts/${postId}`, { method: 'DELETE' }));
}

export function useReaction(postId: string) {
  return useDiscussionWrite(({ kind, on }: { kind: 'helpful' | 'tried'; on: boolean }) =>
    api(`/posts/${postId}/reactions/${kind}`, { method: on ? 'PUT' : 'DELETE' }),
  );
}

/** Earlier wordings of a post, fetched when the history is opened. */
export function useRevisions(postId: string, enabled: boolean) {
  return useQuery({
    queryKey: discussionKeys.revisions(postId),
    queryFn: async () => (await api<{ data: Revision[] }>(`/posts/${postId}/revisions`)).data,
    enabled,
  });
}
