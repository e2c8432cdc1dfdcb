import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CommunityDetail,
  CommunityResponse,
  CreateCommunityBody,
  UpdateCommunityBody,
} from '#shared/contracts/communities.ts';
import { api } from '#web/lib/api-client.ts';
import { communityKeys } from './keys.ts';

export type CreateCommunityInput = z.input<typeof CreateCommunityBody>;
export type UpdateCommunityInput = z.input<typeof UpdateCommunityBody>;

export async function createCommunity(body: CreateCommunityInput): Promise<CommunityDetail> {
  return (await api<z.infer<typeof CommunityResponse>>('/communities', { method: 'POST', body })).data;
}

export async function updateCommunity(id: string, body: UpdateCommunityInput): Promise<CommunityDetail> {
  return (await api<z.infer<typeof CommunityResponse>>(`/communities/${id}`, { method: 'PATCH', body })).data;
}

export async function setArchived(id: string, archived: boolean): Promise<CommunityDetail> {
  return (
    await api<z.infer<typeof CommunityResponse>>(`/communities/${id}/${archived ? 'archive' : 'unarchive'}`, {
      method: 'POST',
    })
  ).data;
}

function useStore() {
  const client = useQueryClient();
  return (community: CommunityDetail) => {
    client.setQueryData(communityKeys.detail(community.id), community);
    void client.invalidateQueries({ queryKey: communityKeys.lists });
  };
}

/** Creates a community; one becomes its facilitator. */
export function useCreateCommunity() {
  const store = useStore();
  return useMutation({ mutationFn: createCommunity, onSuccess: store });
}

/** Facilitators edit a community's details. */
export function useUpdateCommunity(id: string) {
  const store = useStore();
  return useMutation({
    mutationFn: (body: UpdateCommunityInput) => updateCommunity(id, body),
    onSuccess: store,
  });
}

/** Facilitators archive a community or bring it back. */
export function useSetArchived(id: string) {
  const store = useStore();
  return useMutation({ mutationFn: (archived: boolean) => setArchived(id, archived), onSuccess: store });
}
