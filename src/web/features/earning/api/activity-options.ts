import { useQuery } from '@tanstack/react-query';
import type { ActivityView } from '#shared/contracts/submissions.ts';
import { api } from '#web/lib/api-client.ts';
import { earningKeys } from './keys.ts';

/** The person's recent activities, to choose one as evidence. */
export function useActivityOptions(enabled: boolean) {
  return useQuery({
    queryKey: earningKeys.activities,
    queryFn: async () => (await api<{ data: ActivityView[] }>('/submissions/activity-options')).data,
    enabled,
  });
}
