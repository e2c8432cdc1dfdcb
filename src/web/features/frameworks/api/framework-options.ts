import { useQuery } from '@tanstack/react-query';
import type { FrameworkOptionsResponse } from '#shared/contracts/frameworks.ts';
import { api } from '#web/lib/api-client.ts';
import { frameworkKeys } from './keys.ts';

/** The districts and networks the person administers: where they may create and import frameworks. */
export function useFrameworkOptions() {
  return useQuery({
    queryKey: frameworkKeys.options,
    queryFn: async () => (await api<FrameworkOptionsResponse>('/frameworks/options')).data,
  });
}
