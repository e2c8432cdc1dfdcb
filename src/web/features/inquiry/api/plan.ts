import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CaseStudent,
  CaseStudentBody,
  FindingsBody,
  FindingsResponse,
  PlanChangesResponse,
  PlanOverviewResponse,
  PlanUpdatesResponse,
  PlanVersionResponse,
  PlanVersionSummary,
  PresenceResponse,
  PublishFindingsBody,
} from '#shared/contracts/inquiry-plan.ts';
import { api } from '#web/lib/api-client.ts';

/** A lesson study's plan: its versions, updates, presence, case students, changes and findings. */

const base = (cycleId: string) => `/inquiry/cycles/${cycleId}`;

export const planKey = (cycleId: string) => ['inquiry', 'plan', cycleId] as const;
export const planOverviewKey = (cycleId: string) => [...planKey(cycleId), 'overview'] as const;
export const planVersionKey = (cycleId: string, version: number) =>
  [...planKey(cycleId), 'version', version] as const;
export const planChangesKey = (cycleId: string, version: number) =>
  [...planKey(cycleId), 'changes', version] as const;
export const presenceKey = (cycleId: string, version: number) =>
  [...planKey(cycleId), 'presence', version] as const;
export const findingsKey = (cycleId: string) => [...planKey(cycleId), 'findings'] as const;

export function usePlanOverview(cycleId: string) {
  return useQuery({
    queryKey: planOverviewKey(cycleId),
    queryFn: () => api<PlanOverviewResponse>(`${base(cycleId)}/plans`),
  });
}

/** One version's document and text; read once by the editor, which then follows its updates. */
export function fetchPlanVersion(cycleId: string, version: number) {
  return api<PlanVersionResponse>(`${base(cycleId)}/plans/${version}`);
}

export function usePlanVersion(cycleId: string, version: number | null) {
  return useQuery({
    queryKey: planVersionKey(cycleId, version ?? 0),
    queryFn: () => fetchPlanVersion(cycleId, version ?? 0),
    enabled: version !== null,
  });
}

export function fetchPlanUpdates(cycleId: string, version: number, after: number) {
  return api<PlanUpdatesResponse>(`${base(cycleId)}/plans/${version}/updates`, { query: { after } });
}

export function sendPlanUpdate(cycleId: string, version: number, update: string) {
  return api<{ data: { seq: number } }>(`${base(cycleId)}/plans/${version}/updates`, {
    method: 'POST',
    body: { update },
  });
}

/** Starts the plan, or a revision of its newest version. */
export function useStartPlanVersion(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ data: PlanVersionSummary }>(`${base(cycleId)}/plans`, { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: planOverviewKey(cycleId) }),
  });
}

export function usePlanChanges(cycleId: string, version: number, from = 1) {
  return useQuery({
    queryKey: [...planChangesKey(cycleId, version), from],
    queryFn: () => api<PlanChangesResponse>(`${base(cycleId)}/plans/${version}/changes`, { query: { from } }),
  });
}

export function markPresence(cycleId: string, version: number, focus: string) {
  return api<PresenceResponse>(`${base(cycleId)}/plans/${version}/presence`, {
    method: 'PUT',
    body: { focus },
  });
}

export function leavePlan(cycleId: string, version: number) {
  return api<void>(`${base(cycleId)}/plans/${version}/presence`, { method: 'DELETE' });
}

export function fetchPresence(cycleId: string, version: number) {
  return api<PresenceResponse>(`${base(cycleId)}/plans/${version}/presence`);
}

export function useAddCaseStudent(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CaseStudentBody>) =>
      api<{ data: CaseStudent }>(`${base(cycleId)}/case-students`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: planOverviewKey(cycleId) }),
  });
}

export function useChangeCaseStudent(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; pseudonym?: string; watchFor?: string }) =>
      api<{ data: CaseStudent }>(`${base(cycleId)}/case-students/${id}`, { method: 'PATCH', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: planOverviewKey(cycleId) }),
  });
}

export function useRemoveCaseStudent(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`${base(cycleId)}/case-students/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: planOverviewKey(cycleId) }),
  });
}

export function useFindings(cycleId: string) {
  return useQuery({
    queryKey: findingsKey(cycleId),
    queryFn: () => api<FindingsResponse>(`${base(cycleId)}/findings`),
  });
}

export function useSaveFindings(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof FindingsBody>) =>
      api<FindingsResponse>(`${base(cycleId)}/findings`, { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(findingsKey(cycleId), saved),
  });
}

export function usePublishFindings(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PublishFindingsBody>) =>
      api<{ data: { resourceId: string } }>(`${base(cycleId)}/findings/publish`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: planKey(cycleId) }),
  });
}

/** What the findings form needs of the cycle: its title and network (from the cycle's own page data). */
export function useCycleFacts(cycleId: string) {
  return useQuery({
    queryKey: ['inquiry', 'cycle', cycleId, 'facts'],
    queryFn: () => api<{ data: { title: string; networkId: string | null } }>(`/inquiry/cycles/${cycleId}`),
    select: (res) => ({ title: res.data.title, networkId: res.data.networkId ?? null }),
  });
}
