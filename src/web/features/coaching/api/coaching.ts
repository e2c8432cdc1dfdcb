import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActionBody,
  ActionListResponse,
  CaseloadResponse,
  CoachingAction,
  CoachingCycleListResponse,
  CoachingCycleResponse,
  CoachingLogResponse,
  CommentListResponse,
  ConferenceBody,
  ConferenceKind,
  InviteBody,
  ObservationNoteBody,
  ObservationResponse,
  Rubric,
  RubricBody,
  RubricEditBody,
  RubricListResponse,
  StartCoachingCycleBody,
  StartObservationBody,
  UpdateActionBody,
  UpdateCoachingCycleBody,
} from '#shared/contracts/coaching.ts';
import type { DirectoryResponse } from '#shared/contracts/profiles.ts';
import { ApiError, api } from '#web/lib/api-client.ts';

/** Coaching cycles' reads and writes: one hook per endpoint. */

export const coachingKeys = {
  all: ['coaching'] as const,
  cycle: (id: string) => ['coaching', 'cycle', id] as const,
  cycles: (role: string) => ['coaching', 'cycles', role] as const,
  observation: (id: string) => ['coaching', 'observation', id] as const,
  comments: (id: string) => ['coaching', 'comments', id] as const,
  actions: ['coaching', 'actions'] as const,
  caseload: ['coaching', 'caseload'] as const,
  log: ['coaching', 'log'] as const,
  rubrics: ['coaching', 'rubrics'] as const,
};

const noRetryOn4xx = (count: number, error: Error) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

export function useCoachingCycles(role: 'mine' | 'invited') {
  return useInfiniteQuery({
    queryKey: coachingKeys.cycles(role),
    queryFn: ({ pageParam }) =>
      api<CoachingCycleListResponse>('/coaching/cycles', { query: { role, cursor: pageParam, limit: 20 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCoachingCycle(id: string) {
  return useQuery({
    queryKey: coachingKeys.cycle(id),
    queryFn: () => api<CoachingCycleResponse>(`/coaching/cycles/${id}`),
    retry: noRetryOn4xx,
  });
}

/** Every change to a cycle answers with the cycle; the page shows it at once and lists read again. */
function useCycleWrite<B>(id: string, send: (body: B) => Promise<CoachingCycleResponse>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (cycle) => {
      client.setQueryData(coachingKeys.cycle(id), cycle);
      void client.invalidateQueries({ queryKey: ['coaching', 'cycles'] });
      void client.invalidateQueries({ queryKey: coachingKeys.actions });
    },
  });
}

export function useStartCoachingCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StartCoachingCycleBody) =>
      api<CoachingCycleResponse>('/coaching/cycles', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['coaching', 'cycles'] }),
  });
}

export const useUpdateCoachingCycle = (id: string) =>
  useCycleWrite(id, (body: UpdateCoachingCycleBody) =>
    api<CoachingCycleResponse>(`/coaching/cycles/${id}`, { method: 'PATCH', body }),
  );

export const useInvite = (id: string) =>
  useCycleWrite(id, (body: InviteBody) =>
    api<CoachingCycleResponse>(`/coaching/cycles/${id}/members`, { method: 'POST', body }),
  );

export function useRemoveMember(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      api<null>(`/coaching/cycles/${id}/members/${userId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: coachingKeys.all }),
  });
}

export const useSaveConference = (id: string, kind: ConferenceKind) =>
  useCycleWrite(id, (body: ConferenceBody) =>
    api<CoachingCycleResponse>(`/coaching/cycles/${id}/conferences/${kind}`, { method: 'PUT', body }),
  );

export function useStartObservation(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StartObservationBody) =>
      api<ObservationResponse>(`/coaching/cycles/${cycleId}/observations`, { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: coachingKeys.cycle(cycleId) }),
  });
}

export function useObservation(id: string) {
  return useQuery({
    queryKey: coachingKeys.observation(id),
    queryFn: () => api<ObservationResponse>(`/coaching/observations/${id}`),
    retry: noRetryOn4xx,
  });
}

/** Sends a note under the id the tablet made, so sending it again after a dropped connection keeps it once. */
export const putObservationNote = (observationId: string, noteId: string, body: ObservationNoteBody) =>
  api<null>(`/coaching/observations/${observationId}/notes/${noteId}`, { method: 'PUT', body });

export function useDeleteNote(observationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (noteId: string) =>
      api<null>(`/coaching/observations/${observationId}/notes/${noteId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: coachingKeys.observation(observationId) }),
  });
}

export function useCompleteObservation(observationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (minutes: number) =>
      api<ObservationResponse>(`/coaching/observations/${observationId}/completion`, {
        method: 'POST',
        body: { minutes },
      }),
    onSuccess: (observation) => {
      client.setQueryData(coachingKeys.observation(observationId), observation);
      void client.invalidateQueries({ queryKey: coachingKeys.cycle(observation.data.cycleId) });
    },
  });
}

export function useCreateAction(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ActionBody) =>
      api<{ data: CoachingAction }>(`/coaching/cycles/${cycleId}/actions`, { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: coachingKeys.all }),
  });
}

export function useUpdateAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateActionBody }) =>
      api<{ data: CoachingAction }>(`/coaching/actions/${id}`, { method: 'PATCH', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: coachingKeys.all }),
  });
}

export function useMyActions() {
  return useQuery({
    queryKey: coachingKeys.actions,
    queryFn: () => api<ActionListResponse>('/coaching/actions').then((r) => r.data),
  });
}

export function useComments(cycleId: string) {
  return useInfiniteQuery({
    queryKey: coachingKeys.comments(cycleId),
    queryFn: ({ pageParam }) =>
      api<CommentListResponse>(`/coaching/cycles/${cycleId}/comments`, {
        query: { cursor: pageParam, limit: 50 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAddComment(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api<{ data: { id: string } }>(`/coaching/cycles/${cycleId}/comments`, {
        method: 'POST',
        body: { body },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: coachingKeys.comments(cycleId) }),
  });
}

export function useCaseload() {
  return useInfiniteQuery({
    queryKey: coachingKeys.caseload,
    queryFn: ({ pageParam }) =>
      api<CaseloadResponse>('/coaching/caseload', { query: { cursor: pageParam, limit: 20 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCoachingLog() {
  return useInfiniteQuery({
    queryKey: coachingKeys.log,
    queryFn: ({ pageParam }) =>
      api<CoachingLogResponse>('/coaching/log', { query: { cursor: pageParam, limit: 25 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRubrics() {
  return useQuery({
    queryKey: coachingKeys.rubrics,
    queryFn: () => api<RubricListResponse>('/coaching/rubrics').then((r) => r.data),
  });
}

export function useCreateRubric(districtId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RubricBody) =>
      api<{ data: Rubric }>(`/districts/${districtId}/coaching-rubrics`, { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: coachingKeys.rubrics }),
  });
}

/** Edits a rubric in place as its next version; 409 when someone else edited it since it was read. */
export function useUpdateRubric(rubricId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RubricEditBody) =>
      api<{ data: Rubric }>(`/coaching/rubrics/${rubricId}`, { method: 'PUT', body }),
    onSettled: () => void client.invalidateQueries({ queryKey: coachingKeys.rubrics }),
  });
}

/** People of the teacher's network whose names match, from the directory, to invite. */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: ['coaching', 'people', q],
    queryFn: ({ signal }) =>
      api<DirectoryResponse>('/directory', { query: { q }, signal }).then((r) => r.data),
    enabled: q.trim().length >= 2,
  });
}

/** Competencies of frameworks the teacher may read whose code or words match. */
export function useCompetencySearch(q: string) {
  return useQuery({
    queryKey: ['coaching', 'competencies', q],
    queryFn: ({ signal }) =>
      api<{ data: { id: string; code: string; statement: string; framework: { title: string } }[] }>(
        '/competencies',
        { query: { q, limit: 20 }, signal },
      ).then((r) => r.data),
    enabled: q.trim().length >= 1,
  });
}
