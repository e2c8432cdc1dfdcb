import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LearningEntryView } from '#shared/contracts/learning.ts';
import { api } from '#web/lib/api-client.ts';
import { learningKeys } from './keys.ts';

/** Folds my hand entry `entryId` into the recorded entry `id` of the same activity. */
export async function mergeEntries(id: string, entryId: string): Promise<LearningEntryView> {
  return (
    await api<{ data: LearningEntryView }>(`/learning/entries/${id}/merged`, {
      method: 'POST',
      body: { entryId },
    })
  ).data;
}

export async function unmergeEntry(id: string, entryId: string): Promise<LearningEntryView> {
  return (
    await api<{ data: LearningEntryView }>(`/learning/entries/${id}/merged/${entryId}`, { method: 'DELETE' })
  ).data;
}

const refresh = (client: ReturnType<typeof useQueryClient>) => (entry: LearningEntryView) => {
  client.setQueryData(learningKeys.entry(entry.id), entry);
  void client.invalidateQueries({ queryKey: learningKeys.all });
};

/** One activity, counted once: merges a hand entry into the one a tool or Trellis recorded. */
export function useMergeEntries() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, entryId }: { id: string; entryId: string }) => mergeEntries(id, entryId),
    onSuccess: refresh(client),
  });
}

/** Gives back a hand entry merged into a recorded one. */
export function useUnmergeEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, entryId }: { id: string; entryId: string }) => unmergeEntry(id, entryId),
    onSuccess: refresh(client),
  });
}
