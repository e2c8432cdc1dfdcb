import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ReadingBody, StudyBody, StudyResponse } from '#shared/contracts/inquiry.ts';
import { api } from '#web/lib/api-client.ts';

const studyKey = (cycleId: string) => ['inquiry', 'study', cycleId] as const;

/** A lesson study's Study phase: theme, long-term goal, progression and background reading. */
export function useStudy(cycleId: string) {
  return useQuery({
    queryKey: studyKey(cycleId),
    queryFn: () => api<StudyResponse>(`/inquiry/cycles/${cycleId}/study`),
  });
}

function useStoreStudy(cycleId: string) {
  const client = useQueryClient();
  return (study: StudyResponse) => client.setQueryData(studyKey(cycleId), study);
}

export function useSaveStudy(cycleId: string) {
  const store = useStoreStudy(cycleId);
  return useMutation({
    mutationFn: (body: z.input<typeof StudyBody>) =>
      api<StudyResponse>(`/inquiry/cycles/${cycleId}/study`, { method: 'PUT', body }),
    onSuccess: store,
  });
}

export function useAddReading(cycleId: string) {
  const store = useStoreStudy(cycleId);
  return useMutation({
    mutationFn: (body: z.input<typeof ReadingBody>) =>
      api<StudyResponse>(`/inquiry/cycles/${cycleId}/readings`, { method: 'POST', body }),
    onSuccess: store,
  });
}

export function useRemoveReading(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (readingId: string) =>
      api<void>(`/inquiry/cycles/${cycleId}/readings/${readingId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: studyKey(cycleId) }),
  });
}
