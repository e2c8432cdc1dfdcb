import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CheckInBody,
  CohortMatchBody,
  CohortMatchResponse,
  CoordinatorViewResponse,
  GoalBody,
  MeetingBody,
  MentorProfileBody,
  MentorProfileResponse,
  MentoringHomeResponse,
  MentoringRequestBody,
  MentoringRequestResponse,
  MentorshipResponse,
  SuggestionListResponse,
} from '#shared/contracts/mentoring.ts';
import { ApiError, api } from '#web/lib/api-client.ts';

/** Mentoring's reads and writes: one hook per endpoint. */

type Out<T extends z.ZodType> = z.infer<T>;
type In<T extends z.ZodType> = z.input<T>;

export const mentoringKeys = {
  all: ['mentoring'] as const,
  home: ['mentoring', 'home'] as const,
  request: (id: string) => ['mentoring', 'request', id] as const,
  suggestions: (id: string) => ['mentoring', 'suggestions', id] as const,
  mentorship: (id: string) => ['mentoring', 'mentorship', id] as const,
  coordinator: ['mentoring', 'coordinator'] as const,
};

const noRetryOn4xx = (count: number, error: Error) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

export const useMentoringHome = () =>
  useQuery({
    queryKey: mentoringKeys.home,
    queryFn: () => api<Out<typeof MentoringHomeResponse>>('/mentoring'),
  });

export const useMentoringRequest = (id: string) =>
  useQuery({
    queryKey: mentoringKeys.request(id),
    queryFn: () => api<Out<typeof MentoringRequestResponse>>(`/mentoring/requests/${id}`),
    retry: noRetryOn4xx,
  });

export const useSuggestions = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: mentoringKeys.suggestions(id),
    queryFn: () => api<Out<typeof SuggestionListResponse>>(`/mentoring/requests/${id}/suggestions`),
    enabled,
    retry: noRetryOn4xx,
  });

export const useMentorship = (id: string) =>
  useQuery({
    queryKey: mentoringKeys.mentorship(id),
    queryFn: () => api<Out<typeof MentorshipResponse>>(`/mentoring/mentorships/${id}`),
    retry: noRetryOn4xx,
  });

export const useCoordinatorView = () =>
  useQuery({
    queryKey: mentoringKeys.coordinator,
    queryFn: () => api<Out<typeof CoordinatorViewResponse>>('/mentoring/coordinator'),
    retry: noRetryOn4xx,
  });

/** A write after which every mentoring read is asked again. */
function useMentoringWrite<B, R>(send: (body: B) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => void client.invalidateQueries({ queryKey: mentoringKeys.all }),
  });
}

export const useSaveMentorProfile = () =>
  useMentoringWrite((body: In<typeof MentorProfileBody>) =>
    api<Out<typeof MentorProfileResponse>>('/mentoring/mentor-profile', { method: 'PUT', body }),
  );

export const useAskForMentor = () =>
  useMentoringWrite((body: In<typeof MentoringRequestBody>) =>
    api<Out<typeof MentoringRequestResponse>>('/mentoring/requests', { method: 'POST', body }),
  );

export const useWithdrawRequest = (id: string) =>
  useMentoringWrite(() => api<null>(`/mentoring/requests/${id}/withdraw`, { method: 'POST' }));

export const useChooseMentor = (requestId: string) =>
  useMentoringWrite((body: { mentorId: string; confirm?: boolean }) =>
    api<Out<typeof MentorshipResponse>>(`/mentoring/requests/${requestId}/matches`, { method: 'POST', body }),
  );

export const useMatchCohort = () =>
  useMentoringWrite((body: In<typeof CohortMatchBody>) =>
    api<Out<typeof CohortMatchResponse>>('/mentoring/cohort-matches', { method: 'POST', body }),
  );

export type Decision = 'confirm' | 'approve' | 'decline' | 'rematch';

export const useDecide = (id: string) =>
  useMentoringWrite((decision: Decision) =>
    api<unknown>(`/mentoring/mentorships/${id}/${decision}`, { method: 'POST' }),
  );

export const useEndMentorship = (id: string) =>
  useMentoringWrite((body: { reason: string }) =>
    api<Out<typeof MentorshipResponse>>(`/mentoring/mentorships/${id}/end`, { method: 'POST', body }),
  );

export const useAddGoal = (id: string) =>
  useMentoringWrite((body: In<typeof GoalBody>) =>
    api<Out<typeof MentorshipResponse>>(`/mentoring/mentorships/${id}/goals`, { method: 'POST', body }),
  );

export const useSetGoalDone = (id: string) =>
  useMentoringWrite(({ goalId, done }: { goalId: string; done: boolean }) =>
    api<Out<typeof MentorshipResponse>>(`/mentoring/mentorships/${id}/goals/${goalId}`, {
      method: 'PATCH',
      body: { done },
    }),
  );

export const useLogMeeting = (id: string) =>
  useMentoringWrite((body: In<typeof MeetingBody>) =>
    api<Out<typeof MentorshipResponse>>(`/mentoring/mentorships/${id}/meetings`, { method: 'POST', body }),
  );

export const useCheckIn = (id: string) =>
  useMentoringWrite((body: In<typeof CheckInBody>) =>
    api<Out<typeof MentorshipResponse>>(`/mentoring/mentorships/${id}/check-ins`, { method: 'POST', body }),
  );
