import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type {
  EdcampBoardResponse,
  GuestResponse,
  JoinBody,
  NotesResponse,
  OpenBoardBody,
  Placement,
  ProposeBody,
  ScheduleProposalResponse,
  UpdateBoardBody,
} from '#shared/contracts/edcamp.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { useRealtime } from '#web/lib/realtime.ts';

/** The edcamp board's reads and writes: one hook per endpoint. */

export const edcampKeys = {
  board: (eventId: string) => ['edcamp', 'event', eventId] as const,
  guest: ['edcamp', 'guest'] as const,
};

const noRetryOn4xx = (count: number, error: Error) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

export function useEventBoard(eventId: string, enabled = true) {
  return useQuery({
    queryKey: edcampKeys.board(eventId),
    queryFn: () => api<EdcampBoardResponse>(`/events/${eventId}/edcamp`),
    retry: noRetryOn4xx,
    enabled,
  });
}

/** Who the visitor is as a guest of a board (null when no guest). */
export function useGuest(enabled = true) {
  return useQuery({
    queryKey: edcampKeys.guest,
    queryFn: () => api<GuestResponse>('/edcamp/guest'),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * Fetches the board again whenever it changes: a signed-in page hears the board's topic on the one
 * stream of the tab; a guest's page opens the board's own stream, the only one its cookie opens.
 */
export function useBoardUpdates(
  eventId: string,
  board: { id: string; topic: string } | null,
  guest: boolean,
) {
  const client = useQueryClient();
  const refetch = () => void client.invalidateQueries({ queryKey: edcampKeys.board(eventId) });
  const latest = useRef(refetch);
  latest.current = refetch;
  useRealtime(board && !guest ? [board.topic] : [], () => latest.current());
  const boardId = board?.id;
  useEffect(() => {
    if (!guest || !boardId) return;
    const source = new EventSource(`/api/edcamp/boards/${boardId}/stream`, { withCredentials: true });
    source.addEventListener('signal', () => latest.current());
    source.addEventListener('ended', () => {
      source.close();
      latest.current();
    });
    return () => source.close();
  }, [guest, boardId]);
}

function useBoardMutation<TVars, TResult = void>(eventId: string, fn: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => client.invalidateQueries({ queryKey: edcampKeys.board(eventId) }),
  });
}

export const useOpenBoard = (eventId: string) =>
  useBoardMutation(eventId, (body: OpenBoardBody) =>
    api<EdcampBoardResponse>(`/events/${eventId}/edcamp`, { method: 'POST', body }),
  );

export const useUpdateBoard = (eventId: string, boardId: string) =>
  useBoardMutation(eventId, (body: UpdateBoardBody) =>
    api<EdcampBoardResponse>(`/edcamp/boards/${boardId}`, { method: 'PATCH', body }),
  );

export const usePropose = (eventId: string, boardId: string) =>
  useBoardMutation(eventId, (body: ProposeBody) =>
    api<{ data: { id: string } }>(`/edcamp/boards/${boardId}/sessions`, { method: 'POST', body }),
  );

export const useWithdraw = (eventId: string) =>
  useBoardMutation(eventId, (sessionId: string) =>
    api<void>(`/edcamp/sessions/${sessionId}`, { method: 'DELETE' }),
  );

export const useVote = (eventId: string) =>
  useBoardMutation(eventId, ({ sessionId, vote }: { sessionId: string; vote: boolean }) =>
    api<void>(`/edcamp/sessions/${sessionId}/vote`, { method: vote ? 'PUT' : 'DELETE' }),
  );

export const usePlace = (eventId: string) =>
  useBoardMutation(
    eventId,
    ({ sessionId, cell }: { sessionId: string; cell: { roomId: string; slotId: string } | null }) =>
      api<void>(
        `/edcamp/sessions/${sessionId}/place`,
        cell ? { method: 'PUT', body: cell } : { method: 'DELETE' },
      ),
  );

export const useApplySchedule = (eventId: string, boardId: string) =>
  useBoardMutation(eventId, (placements: Placement[]) =>
    api<void>(`/edcamp/boards/${boardId}/schedule`, { method: 'PUT', body: { placements } }),
  );

export const useAttend = (eventId: string) =>
  useBoardMutation(eventId, (sessionId: string) =>
    api<void>(`/edcamp/sessions/${sessionId}/attendance`, { method: 'PUT' }),
  );

/** Asks for a proposed schedule (nothing changes until it is applied). */
export function useProposedSchedule(boardId: string) {
  return useMutation({
    mutationFn: () => api<ScheduleProposalResponse>(`/edcamp/boards/${boardId}/proposed-schedule`),
  });
}

export function useOpenNotes() {
  return useMutation({
    mutationFn: (sessionId: string) =>
      api<NotesResponse>(`/edcamp/sessions/${sessionId}/notes`, { method: 'POST' }),
  });
}

export function useJoinAsGuest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: JoinBody) => api<GuestResponse>('/edcamp/join', { method: 'POST', body }),
    onSuccess: (response) => client.setQueryData(edcampKeys.guest, response),
  });
}

export function useLeaveAsGuest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/edcamp/guest', { method: 'DELETE' }),
    onSuccess: () => {
      client.setQueryData(edcampKeys.guest, { data: null });
      client.removeQueries({ queryKey: ['edcamp', 'event'] });
    },
  });
}
