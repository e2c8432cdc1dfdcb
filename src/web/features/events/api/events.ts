import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CalendarFeedListResponse,
  CalendarFeedResponse,
  CreateEventBody,
  EventListQuery,
  EventListResponse,
  EventResponse,
  FeedbackBody,
  FeedbackSummaryResponse,
  RegisterBody,
  RegistrationListResponse,
  RegistrationResponse,
  UpdateSessionBody,
} from '#shared/contracts/events.ts';
import { ApiError, api } from '#web/lib/api-client.ts';

/** Events' reads and writes: one hook per endpoint. */
type R<T extends z.ZodType> = z.infer<T>;

export const eventKeys = {
  all: ['events'] as const,
  list: (query: Partial<EventListQuery>) => ['events', 'list', query] as const,
  event: (id: string) => ['events', 'event', id] as const,
  registrations: (id: string) => ['events', 'registrations', id] as const,
  feedback: (id: string) => ['events', 'feedback', id] as const,
  feeds: ['events', 'feeds'] as const,
  approvals: ['events', 'approvals'] as const,
};

const noRetryOn4xx = (count: number, error: Error) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

export function useEvents(query: Partial<EventListQuery>) {
  return useQuery({
    queryKey: eventKeys.list(query),
    queryFn: () => api<R<typeof EventListResponse>>('/calendar/events', { query: { ...query } }),
  });
}

export function useEvent(id: string) {
  return useQuery({
    queryKey: eventKeys.event(id),
    queryFn: () => api<R<typeof EventResponse>>(`/events/${id}`),
    retry: noRetryOn4xx,
  });
}

export function useRegistrations(id: string, enabled: boolean) {
  return useQuery({
    queryKey: eventKeys.registrations(id),
    queryFn: () => api<R<typeof RegistrationListResponse>>(`/events/${id}/registrations`),
    enabled,
  });
}

export function useFeedbackSummary(id: string, enabled: boolean) {
  return useQuery({
    queryKey: eventKeys.feedback(id),
    queryFn: () => api<R<typeof FeedbackSummaryResponse>>(`/events/${id}/feedback`),
    enabled,
  });
}

/** A write that changes what the event page shows: the page and the lists read again. */
function useEventWrite<B, T>(id: string, send: (body: B) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: eventKeys.event(id) });
      void client.invalidateQueries({ queryKey: eventKeys.registrations(id) });
      void client.invalidateQueries({ queryKey: ['events', 'list'] });
    },
  });
}

export const useCreateEvent = () =>
  useMutation({
    mutationFn: (body: CreateEventBody) => api<R<typeof EventResponse>>('/events', { method: 'POST', body }),
  });

export const useRegister = (id: string) =>
  useEventWrite(id, (body: RegisterBody) =>
    api<R<typeof RegistrationResponse>>(`/events/${id}/registration`, { method: 'POST', body }),
  );

export const useCancelRegistration = (id: string) =>
  useEventWrite(id, () => api(`/events/${id}/registration`, { method: 'DELETE' }));

export const useCancelEvent = (id: string) =>
  useEventWrite(id, () => api(`/events/${id}/cancel`, { method: 'POST', body: {} }));

export const useUpdateSession = (id: string) =>
  useEventWrite(id, ({ sessionId, ...body }: UpdateSessionBody & { sessionId: string }) =>
    api(`/events/${id}/sessions/${sessionId}`, { method: 'PATCH', body }),
  );

export const useTakeRoster = (id: string) =>
  useEventWrite(id, ({ sessionId, userIds }: { sessionId: string; userIds: string[] }) =>
    api(`/events/${id}/sessions/${sessionId}/attendance`, { method: 'POST', body: { userIds } }),
  );

export const useGiveFeedback = (id: string) =>
  useEventWrite(id, ({ sessionId, ...body }: FeedbackBody & { sessionId: string }) =>
    api(`/events/${id}/sessions/${sessionId}/feedback`, { method: 'POST', body }),
  );

export function useOpenSpace(id: string) {
  return useMutation({
    mutationFn: () => api<{ data: { spaceId: string } }>(`/events/${id}/space`, { method: 'POST', body: {} }),
  });
}

export function useCheckIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      api<{ data: { eventId: string; sessionId: string; title: string } }>('/events/check-in', {
        method: 'POST',
        body: { code },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: eventKeys.all }),
  });
}

export function useFeeds() {
  return useQuery({
    queryKey: eventKeys.feeds,
    queryFn: () => api<R<typeof CalendarFeedListResponse>>('/calendar/feeds'),
  });
}

export function useCreateFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string | null) =>
      api<R<typeof CalendarFeedResponse>>('/calendar/feeds', { method: 'POST', body: { eventId } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: eventKeys.feeds }),
  });
}

export function useRevokeFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (feedId: string) => api(`/calendar/feeds/${feedId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: eventKeys.feeds }),
  });
}

export interface Approval {
  id: string;
  eventId: string;
  eventTitle: string;
  userId: string;
  name: string;
  needsSubstitute: boolean;
  startsAt: string;
}

export function useApprovals() {
  return useQuery({
    queryKey: eventKeys.approvals,
    queryFn: () => api<{ data: Approval[] }>('/events/approvals'),
  });
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) =>
      api(`/events/registrations/${id}/decision`, { method: 'POST', body: { approve } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: eventKeys.approvals }),
  });
}
