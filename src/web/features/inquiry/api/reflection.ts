import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ReflectionResponse, ReflectionRolesBody, RemarkBody } from '#shared/contracts/inquiry.ts';
import { api } from '#web/lib/api-client.ts';

const reflectionKey = (cycleId: string) => ['inquiry', 'reflection', cycleId] as const;

/** The post-lesson discussion: who speaks as what, what was said, and whose turn it is. */
export function useReflection(cycleId: string) {
  return useQuery({
    queryKey: reflectionKey(cycleId),
    queryFn: () => api<ReflectionResponse>(`/inquiry/cycles/${cycleId}/reflection`),
  });
}

export function useSetReflectionRoles(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ReflectionRolesBody>) =>
      api<ReflectionResponse>(`/inquiry/cycles/${cycleId}/reflection/roles`, { method: 'PUT', body }),
    onSuccess: (data) => client.setQueryData(reflectionKey(cycleId), data),
  });
}

export function useAddRemark(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof RemarkBody>) =>
      api<ReflectionResponse>(`/inquiry/cycles/${cycleId}/reflection/remarks`, { method: 'POST', body }),
    onSuccess: (data) => client.setQueryData(reflectionKey(cycleId), data),
  });
}
