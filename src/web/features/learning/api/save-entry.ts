import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  LearningEntryBody,
  LearningEntryView,
  UpdateLearningEntryBody,
} from '#shared/contracts/learning.ts';
import { api } from '#web/lib/api-client.ts';
import { learningKeys } from './keys.ts';

export async function createEntry(body: LearningEntryBody): Promise<LearningEntryView> {
  return (await api<{ data: LearningEntryView }>('/learning/entries', { method: 'POST', body })).data;
}

export async function updateEntry(id: string, body: UpdateLearningEntryBody): Promise<LearningEntryView> {
  return (await api<{ data: LearningEntryView }>(`/learning/entries/${id}`, { method: 'PATCH', body })).data;
}

/** Logs learning by hand (or keeps it as a draft); the log and its totals show it. */
export function useCreateEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createEntry,
    onSuccess: (entry) => {
      client.setQueryData(learningKeys.entry(entry.id), entry);
      void client.invalidateQueries({ queryKey: learningKeys.all });
    },
  });
}

/** Changes an entry of mine; the log and its totals show the change. */
export function useUpdateEntry(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateLearningEntryBody) => updateEntry(id, body),
    onSuccess: (entry) => {
      client.setQueryData(learningKeys.entry(entry.id), entry);
      void client.invalidateQueries({ queryKey: learningKeys.all });
    },
  });
}
