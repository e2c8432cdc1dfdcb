import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { FollowResponse, FollowState } from '#shared/contracts/feed.ts';
import { api } from '#web/lib/api-client.ts';
import { feedKey } from './get-feed.ts';

export const followKey = (id: string) => ['follow', id] as const;

export async function getFollow(id: string): Promise<FollowState> {
  return (await api<z.infer<typeof FollowResponse>>(`/people/${encodeURIComponent(id)}/follow`)).data;
}

export async function setFollow(id: string, following: boolean): Promise<FollowState> {
  return (
    await api<z.infer<typeof FollowResponse>>(`/people/${encodeURIComponent(id)}/follow`, {
      method: following ? 'PUT' : 'DELETE',
    })
  ).data;
}

/** Whether the viewer follows a person, with that person's counts. */
export function useFollow(id: string, enabled = true) {
  return useQuery({ queryKey: followKey(id), queryFn: () => getFollow(id), enabled });
}

/** Follows or stops following; the feed is reloaded, since what it shows changes. */
export function useSetFollow(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (following: boolean) => setFollow(id, following),
    onSuccess: (state) => {
      client.setQueryData(followKey(id), state);
      void client.invalidateQueries({ queryKey: feedKey });
    },
  });
}
