import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MessageReportListResponse, ReportMessageBody } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { messageReportsKey } from './keys.ts';

export function reportMessage(messageId: string, body: ReportMessageBody) {
  return api<{ data: { id: string } }>(`/messages/${messageId}/reports`, { method: 'POST', body });
}

export function useReportMessage() {
  return useMutation({
    mutationFn: ({ messageId, reason }: { messageId: string; reason: string }) =>
      reportMessage(messageId, { reason }),
  });
}

export function listMessageReports(cursor?: string) {
  return api<MessageReportListResponse>('/admin/message-reports', { query: { cursor, limit: 25 } });
}

/** The district administrators' queue of reported messages. */
export function useMessageReports() {
  return useInfiniteQuery({
    queryKey: messageReportsKey,
    queryFn: ({ pageParam }) => listMessageReports(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function resolveMessageReport(id: string) {
  return api<void>(`/admin/message-reports/${id}/resolve`, { method: 'POST' });
}

export function useResolveMessageReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: resolveMessageReport,
    onSuccess: () => client.invalidateQueries({ queryKey: messageReportsKey }),
  });
}
