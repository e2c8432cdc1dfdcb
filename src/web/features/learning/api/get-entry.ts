import { useQuery } from '@tanstack/react-query';
import type { LearningEntryView } from '#shared/contracts/learning.ts';
import { api } from '#web/lib/api-client.ts';
import { learningKeys } from './keys.ts';

export async function getEntry(id: string): Promise<LearningEntryView> {
  return (await api<{ data: LearningEntryView }>(`/learning/entries/${id}`)).data;
}

/** One entry of my log. */
export function useLearningEntry(id: string) {
  return useQuery({ queryKey: learningKeys.entry(id), queryFn: () => getEntry(id) });
}
