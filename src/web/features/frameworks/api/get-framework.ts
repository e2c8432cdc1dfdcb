import { useQuery } from '@tanstack/react-query';
import type { FrameworkDetail, FrameworkResponse } from '#shared/contracts/frameworks.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { frameworkKeys } from './keys.ts';

export async function getFramework(id: string): Promise<FrameworkDetail> {
  return (await api<FrameworkResponse>(`/frameworks/${id}`)).data;
}

/** One framework with all its competencies; a 404 (gone, or not in the person's scope) is not retried. */
export function useFramework(id: string) {
  return useQuery({
    queryKey: frameworkKeys.detail(id),
    queryFn: () => getFramework(id),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
