import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ApplicationListResponse,
  ApplicationResponse,
  ApplyBody,
  LadderBody,
  LadderResponse,
  LeadersResponse,
  OpportunityBody,
  OpportunityListResponse,
  OpportunityResponse,
  PathwaysResponse,
  PaySettingsBody,
  PaySettingsResponse,
} from '#shared/contracts/pathways.ts';
import { ApiError, api } from '#web/lib/api-client.ts';

/** Pathways' and opportunities' reads and writes: one hook per endpoint. */

export const pathwayKeys = {
  mine: ['pathways', 'mine'] as const,
  person: (id: string) => ['pathways', 'person', id] as const,
  leaders: ['pathways', 'leaders'] as const,
  opportunities: ['opportunities'] as const,
  opportunity: (id: string) => ['opportunities', id] as const,
  applications: (id: string) => ['opportunities', id, 'applications'] as const,
  pay: (districtId: string) => ['pathways', 'pay', districtId] as const,
};

const noRetryOn4xx = (count: number, error: Error) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

export function useMyPathways() {
  return useQuery({ queryKey: pathwayKeys.mine, queryFn: () => api<PathwaysResponse>('/pathways') });
}

export function usePersonPathways(userId: string) {
  return useQuery({
    queryKey: pathwayKeys.person(userId),
    queryFn: () => api<PathwaysResponse>(`/pathways/people/${userId}`),
    enabled: Boolean(userId),
    retry: noRetryOn4xx,
  });
}

export function useLeaders() {
  return useQuery({
    queryKey: pathwayKeys.leaders,
    queryFn: () => api<z.infer<typeof LeadersResponse>>('/pathways/leaders'),
  });
}

export function useDefineLadder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LadderBody) =>
      api<z.infer<typeof LadderResponse>>('/pathways/ladders', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['pathways'] }),
  });
}

export function useConfirmExperience(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { years: number; asOf: string }) =>
      api<null>(`/pathways/people/${userId}/experience`, { method: 'PUT', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pathwayKeys.person(userId) }),
  });
}

export function useConfirmRequirement(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (requirementId: string) =>
      api<null>(`/pathways/requirements/${requirementId}/confirmations/${userId}`, {
        method: 'PUT',
        body: {},
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pathwayKeys.person(userId) }),
  });
}

export function useOpportunities() {
  return useQuery({
    queryKey: pathwayKeys.opportunities,
    queryFn: () => api<OpportunityListResponse>('/opportunities'),
  });
}

export function useOpportunity(id: string) {
  return useQuery({
    queryKey: pathwayKeys.opportunity(id),
    queryFn: () => api<z.infer<typeof OpportunityResponse>>(`/opportunities/${id}`),
    retry: noRetryOn4xx,
  });
}

export function usePostOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: OpportunityBody) =>
      api<z.infer<typeof OpportunityResponse>>('/opportunities', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pathwayKeys.opportunities }),
  });
}

export function useSetOpportunityStatus(opportunityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (status: 'open' | 'closed') =>
      api<z.infer<typeof OpportunityResponse>>(`/opportunities/${opportunityId}/status`, {
        method: 'PUT',
        body: { status },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pathwayKeys.opportunities }),
  });
}

export function useApply(opportunityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ApplyBody>) =>
      api<z.infer<typeof ApplicationResponse>>(`/opportunities/${opportunityId}/applications`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pathwayKeys.opportunities }),
  });
}

export function useApplications(opportunityId: string, enabled: boolean) {
  return useQuery({
    queryKey: pathwayKeys.applications(opportunityId),
    queryFn: () =>
      api<z.infer<typeof ApplicationListResponse>>(`/opportunities/${opportunityId}/applications`),
    enabled,
  });
}

export function useDecide(opportunityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'shortlisted' | 'accepted' | 'declined' }) =>
      api<z.infer<typeof ApplicationResponse>>(`/leadership-applications/${id}/decision`, {
        method: 'POST',
        body: { status },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: pathwayKeys.applications(opportunityId) });
      void client.invalidateQueries({ queryKey: ['pathways'] });
    },
  });
}

export function usePaySettings(districtId: string) {
  return useQuery({
    queryKey: pathwayKeys.pay(districtId),
    queryFn: () => api<z.infer<typeof PaySettingsResponse>>(`/districts/${districtId}/pathway-pay`),
    enabled: Boolean(districtId),
  });
}

export function useSavePaySettings(districtId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PaySettingsBody>) =>
      api<z.infer<typeof PaySettingsResponse>>(`/districts/${districtId}/pathway-pay`, {
        method: 'PUT',
        body,
      }),
    onSuccess: (data) => client.setQueryData(pathwayKeys.pay(districtId), data),
  });
}

/** Published credentials the person may see, for choosing a requirement (the first fifty). */
export function usePublishedCredentials() {
  return useQuery({
    queryKey: ['pathways', 'credential-choices'],
    queryFn: async () =>
      (
        await api<{ data: { id: string; title: string }[] }>('/micro-credentials', {
          query: { status: 'published', limit: 50 },
        })
      ).data,
  });
}

export function usePersonRoles(userId: string) {
  return useQuery({
    queryKey: ['pathways', 'roles', userId],
    queryFn: () => api<z.infer<typeof LeadersResponse>>(`/pathways/people/${userId}/roles`),
  });
}

/** People of the district found by name, for choosing whose standing to confirm. */
export function useStaffSearch(q: string, districtId: string) {
  return useQuery({
    queryKey: ['pathways', 'staff', districtId, q],
    queryFn: async () =>
      (
        await api<{ data: { id: string; name: string }[] }>('/directory', {
          query: { q, districtId, limit: 10 },
        })
      ).data,
    enabled: q.trim().length >= 2,
  });
}

export function useAssignRole(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ roleId, startsOn, endsOn }: { roleId: string; startsOn: string; endsOn: string }) =>
      api<unknown>(`/pathways/roles/${roleId}/holders`, {
        method: 'POST',
        body: { userId, startsOn, endsOn },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pathwayKeys.person(userId) }),
  });
}

export function useCompleteHolding(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ holdingId, recognise }: { holdingId: string; recognise: boolean }) =>
      api<unknown>(`/pathways/holdings/${holdingId}/complete`, { method: 'POST', body: { recognise } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pathwayKeys.person(userId) }),
  });
}

export function useWithdraw(opportunityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (applicationId: string) =>
      api<z.infer<typeof ApplicationResponse>>(`/leadership-applications/${applicationId}/withdraw`, {
        method: 'POST',
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: pathwayKeys.opportunity(opportunityId) });
      void client.invalidateQueries({ queryKey: pathwayKeys.opportunities });
    },
  });
}
