import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { FeedSeenResponse } from '#shared/contracts/feed.ts';
import { api } from '#web/lib/api-client.ts';
import { feedKey } from './get-feed.ts';

export async function markFeedSeen(at?: string) {
  return (
    await api<z.infer<typeof FeedSeenResponse>>('/feed/seen', { method: 'POST', body: at ? { at } : {} })
  ).data;
}

/** Marks everything in the feed up to now (or a given item's time) as seen. */
export function useMarkFeedSeen() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (at?: string) => markFeedSeen(at),
    onSuccess: () => client.invalidateQueries({ queryKey: feedKey }),
  });
}
