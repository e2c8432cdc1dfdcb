import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Competency,
  CompetencyResponse,
  CreateCompetencyBody,
  UpdateCompetencyBody,
} from '#shared/contracts/frameworks.ts';
import { api } from '#web/lib/api-client.ts';
import { frameworkKeys } from './keys.ts';

export type CreateCompetencyInput = z.input<typeof CreateCompetencyBody>;
export type UpdateCompetencyInput = z.input<typeof UpdateCompetencyBody>;

/** After a competency changes, the framework's tree, the lists' counts and the picker's results are stale. */
function useRefreshFramework(frameworkId: string) {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: frameworkKeys.detail(frameworkId) });
    void client.invalidateQueries({ queryKey: frameworkKeys.lists });
    void client.invalidateQueries({ queryKey: frameworkKeys.competencies });
  };
}

/** Adds a competency at the end of its parent's children (or the top level). */
export function useAddCompetency(frameworkId: string) {
  const refresh = useRefreshFramework(frameworkId);
  return useMutation({
    mutationFn: async (body: CreateCompetencyInput): Promise<Competency> =>
      (await api<CompetencyResponse>(`/frameworks/${frameworkId}/competencies`, { method: 'POST', body }))
        .data,
    onSuccess: refresh,
  });
}

/** Edits a competency's words, or moves it. */
export function useUpdateCompetency(frameworkId: string, competencyId: string) {
  const refresh = useRefreshFramework(frameworkId);
  return useMutation({
    mutationFn: async (body: UpdateCompetencyInput): Promise<Competency> =>
      (await api<CompetencyResponse>(`/competencies/${competencyId}`, { method: 'PATCH', body })).data,
    onSuccess: refresh,
  });
}

/** Deletes a competency with nothing under it and no credential aligned to it. */
export function useDeleteCompetency(frameworkId: string, competencyId: string) {
  const refresh = useRefreshFramework(frameworkId);
  return useMutation({
    mutationFn: () => api<void>(`/competencies/${competencyId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}
