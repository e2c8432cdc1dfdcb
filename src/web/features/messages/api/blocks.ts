import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BlockListResponse } from '#shared/contracts/messages.ts';
import { api } from '#web/lib/api-client.ts';
import { blockListKey, messagesKey } from './keys.ts';

export function listBlocks() {
  return api<BlockListResponse>('/message-blocks');
}

export function useBlocks() {
  return useQuery({ queryKey: blockListKey, queryFn: listBlocks });
}

export function setBlock(userId: string, blocked: boolean) {
  return api<void>(`/message-blocks/${userId}`, { method: blocked ? 'PUT' : 'DELETE' });
}

/** Blocks or unblocks a person; every messages page reads again. */
export function useSetBlock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, blocked }: { userId: string; blocked: boolean }) => setBlock(userId, blocked),
    onSuccess: () => client.invalidateQueries({ queryKey: messagesKey }),
  });
}
