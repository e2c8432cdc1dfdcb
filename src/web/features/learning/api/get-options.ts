import { useQuery } from '@tanstack/react-query';
import type { LearningOptionsResponse } from '#shared/contracts/learning.ts';
import { api } from '#web/lib/api-client.ts';
import { learningKeys } from './keys.ts';

export async function getOptions(): Promise<LearningOptionsResponse> {
  return (await api<{ data: LearningOptionsResponse }>('/learning/options')).data;
}

/** The kinds of learning and the competencies of my district's frameworks, for forms and filters. */
export function useLearningOptions() {
  return useQuery({ queryKey: learningKeys.options, queryFn: getOptions, staleTime: 5 * 60 * 1000 });
}
