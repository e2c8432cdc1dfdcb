import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReportQueueItem } from '#shared/contracts/discussion.ts';
import { api } from '#web/lib/api-client.ts';
import { discussionKeys } from './threads.ts';

export function useReportPost(postId: string) {
  return useMutation({
    mutationFn: (reason: string) => api(`/posts/${postId}/reports`, { method: 'POST', body: { reason } }),
  });
}

/** Open reports of a community, for its facilitators. */
export function useReports(communityId: string) {
  return useQuery({
    queryKey: discussionKeys.reports(communityId),
    queryFn: async () => (await api<{ data: ReportQueueItem[] }>(`/communities/${communityId}/reports`)).data,
  });
}

/** Hide or restore a post with a reason its author is told. */
export function useModeratePost(postId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason }: { action: 'hide' | 'restore'; reason: string }) =>
      api(`/posts/${postId}/${action}`, { method: 'POST', body: { reason } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['discussion'] }),
  });
}

export function useDismissReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reportId: string) => api(`/reports/${reportId}/dismiss`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['discussion', 'reports'] }),
  });
}
