import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateFrameworkBody,
  FrameworkDetail,
  FrameworkResponse,
  UpdateFrameworkBody,
} from '#shared/contracts/frameworks.ts';
import { api } from '#web/lib/api-client.ts';
import { frameworkKeys } from './keys.ts';

export type CreateFrameworkInput = z.input<typeof CreateFrameworkBody>;
export type UpdateFrameworkInput = z.input<typeof UpdateFrameworkBody>;

/** Keeps the page's copy of a framework and every list current after a write. */
function useStoreFramework() {
  const client = useQueryClient();
  return (framework: FrameworkDetail) => {
    client.setQueryData(frameworkKeys.detail(framework.id), framework);
    void client.invalidateQueries({ queryKey: frameworkKeys.lists });
  };
}

/** An issuer's admin creates an empty framework. */
export function useCreateFramework() {
  const store = useStoreFramework();
  return useMutation({
    mutationFn: async (body: CreateFrameworkInput) =>
      (await api<FrameworkResponse>('/frameworks', { method: 'POST', body })).data,
    onSuccess: store,
  });
}

/** The owner's admins edit the title or description. */
export function useUpdateFramework(id: string) {
  const store = useStoreFramework();
  return useMutation({
    mutationFn: async (body: UpdateFrameworkInput) =>
      (await api<FrameworkResponse>(`/frameworks/${id}`, { method: 'PATCH', body })).data,
    onSuccess: store,
  });
}

/** The owner's admins delete the framework (refused while a credential is aligned to it). */
export function useDeleteFramework(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/frameworks/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      client.removeQueries({ queryKey: frameworkKeys.detail(id) });
      void client.invalidateQueries({ queryKey: frameworkKeys.lists });
      void client.invalidateQueries({ queryKey: frameworkKeys.competencies });
    },
  });
}
