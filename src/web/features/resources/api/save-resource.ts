import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateResourceBody,
  RemixBody,
  ResourceResponse,
  ResourceView,
  UpdateResourceBody,
} from '#shared/contracts/resources.ts';
import { api } from '#web/lib/api-client.ts';
import { resourceKeys } from './keys.ts';

export type CreateResourceInput = z.input<typeof CreateResourceBody>;
export type UpdateResourceInput = z.input<typeof UpdateResourceBody>;
export type RemixInput = z.input<typeof RemixBody>;

export async function createResource(body: CreateResourceInput): Promise<ResourceView> {
  return (await api<z.infer<typeof ResourceResponse>>('/resources', { method: 'POST', body })).data;
}

export async function updateResource(id: string, body: UpdateResourceInput): Promise<ResourceView> {
  return (await api<z.infer<typeof ResourceResponse>>(`/resources/${id}`, { method: 'PATCH', body })).data;
}

export async function deleteResource(id: string): Promise<void> {
  await api<void>(`/resources/${id}`, { method: 'DELETE' });
}

export async function remixResource(id: string, body: RemixInput): Promise<ResourceView> {
  return (await api<z.infer<typeof ResourceResponse>>(`/resources/${id}/remixes`, { method: 'POST', body }))
    .data;
}

function useStore() {
  const client = useQueryClient();
  return (resource: ResourceView) => {
    client.setQueryData(resourceKeys.detail(resource.id), resource);
    void client.invalidateQueries({ queryKey: resourceKeys.versions(resource.id) });
  };
}

/** Shares a new resource. */
export function useCreateResource() {
  const store = useStore();
  return useMutation({ mutationFn: createResource, onSuccess: store });
}

/** Edits a resource: the server keeps the edit as a new version. */
export function useUpdateResource(id: string) {
  const store = useStore();
  return useMutation({
    mutationFn: (body: UpdateResourceInput) => updateResource(id, body),
    onSuccess: store,
  });
}

/** Withdraws a resource. */
export function useDeleteResource(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => deleteResource(id),
    onSuccess: () => client.removeQueries({ queryKey: resourceKeys.detail(id) }),
  });
}

/** Remixes a resource into a new one of one's own. */
export function useRemixResource(sourceId: string) {
  const store = useStore();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RemixInput) => remixResource(sourceId, body),
    onSuccess: (remix) => {
      store(remix);
      void client.invalidateQueries({ queryKey: resourceKeys.detail(sourceId) });
      void client.invalidateQueries({ queryKey: resourceKeys.remixes(sourceId) });
    },
  });
}
