import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddMembersBody,
  CycleListResponse,
  CycleResponse,
  DueItem,
  SetPhasesBody,
  StartCycleBody,
  TemplateView,
  UpdateCycleBody,
} from '#shared/contracts/inquiry.ts';
import { ApiError, api } from '#web/lib/api-client.ts';

export const cycleKeys = {
  all: ['inquiry'] as const,
  detail: (id: string) => ['inquiry', 'cycle', id] as const,
  lists: ['inquiry', 'list'] as const,
  list: (scope: string, filters: CycleFilters) => ['inquiry', 'list', scope, filters] as const,
  due: ['inquiry', 'due'] as const,
  templates: ['inquiry', 'templates'] as const,
};

const noRetryOn4xx = (count: number, error: Error) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

/** A cycle with its phases and team, and what the viewer may do; a 404 (not theirs) is not retried. */
export function useCycle(id: string) {
  return useQuery({
    queryKey: cycleKeys.detail(id),
    queryFn: () => api<CycleResponse>(`/inquiry/cycles/${id}`),
    retry: noRetryOn4xx,
  });
}

export interface CycleFilters {
  kind?: string;
  status?: string;
  subject?: string;
  aimId?: string;
  changeIdeaId?: string;
}

/** A list of cycles (a network's, a community's or one's own), a page at a time. */
export function useCycleList(path: string, filters: CycleFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: cycleKeys.list(path, filters),
    queryFn: ({ pageParam }) =>
      api<CycleListResponse>(path, { query: { ...filters, cursor: pageParam ?? undefined, limit: 20 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    retry: noRetryOn4xx,
  });
}

/** What is due in the person's active cycles, soonest first. */
export function useDue() {
  return useQuery({
    queryKey: cycleKeys.due,
    queryFn: async () => (await api<{ data: DueItem[] }>('/inquiry/due')).data,
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: cycleKeys.templates,
    queryFn: async () => (await api<{ data: TemplateView[] }>('/inquiry/templates')).data,
  });
}

export type StartCycleInput = z.input<typeof StartCycleBody>;

export function useStartCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StartCycleInput) => api<CycleResponse>('/inquiry/cycles', { method: 'POST', body }),
    onSuccess: (cycle) => {
      client.setQueryData(cycleKeys.detail(cycle.data.id), cycle);
      void client.invalidateQueries({ queryKey: cycleKeys.lists });
      void client.invalidateQueries({ queryKey: cycleKeys.due });
    },
  });
}

/** Keeps the page's copy of a cycle, the lists and what is due current after the facilitator's change. */
function useStoreCycle(id: string) {
  const client = useQueryClient();
  return (cycle: CycleResponse) => {
    client.setQueryData(cycleKeys.detail(id), cycle);
    void client.invalidateQueries({ queryKey: cycleKeys.lists });
    void client.invalidateQueries({ queryKey: cycleKeys.due });
  };
}

export function useUpdateCycle(id: string) {
  const store = useStoreCycle(id);
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateCycleBody>) =>
      api<CycleResponse>(`/inquiry/cycles/${id}`, { method: 'PATCH', body }),
    onSuccess: store,
  });
}

export function useSetPhases(id: string) {
  const store = useStoreCycle(id);
  return useMutation({
    mutationFn: (body: z.input<typeof SetPhasesBody>) =>
      api<CycleResponse>(`/inquiry/cycles/${id}/phases`, { method: 'PUT', body }),
    onSuccess: store,
  });
}

export function useAddMembers(id: string) {
  const store = useStoreCycle(id);
  return useMutation({
    mutationFn: (body: z.input<typeof AddMembersBody>) =>
      api<CycleResponse>(`/inquiry/cycles/${id}/members`, { method: 'POST', body }),
    onSuccess: store,
  });
}

export function useRemoveMember(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      api<void>(`/inquiry/cycles/${id}/members/${userId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: cycleKeys.all }),
  });
}
