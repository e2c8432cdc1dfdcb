import { useQuery } from '@tanstack/react-query';
import type { LearningTotalsResponse } from '#shared/contracts/learning.ts';
import { api } from '#web/lib/api-client.ts';
import { learningKeys } from './keys.ts';

export async function getTotals(from: string, to: string): Promise<LearningTotalsResponse> {
  return (await api<{ data: LearningTotalsResponse }>('/learning/totals', { query: { from, to } })).data;
}

/** Hours of my logged learning in a period, by kind and by competency. */
export function useLearningTotals(from: string, to: string) {
  return useQuery({ queryKey: learningKeys.totals(from, to), queryFn: () => getTotals(from, to) });
}
