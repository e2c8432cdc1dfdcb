import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AimBody,
  DriversBody,
  ImprovementResponse,
  MeasureBody,
} from '#shared/contracts/improvement.ts';
import { api } from '#web/lib/api-client.ts';
import { improvementCommunityKey, improvementKey } from './keys.ts';

export function getImprovement(communityId: string) {
  return api<ImprovementResponse>(`/communities/${communityId}/improvement`);
}

/** The community's aim, driver diagram, measures and school teams. */
export function useImprovement(communityId: string) {
  return useQuery({
    queryKey: improvementCommunityKey(communityId),
    queryFn: () => getImprovement(communityId),
  });
}

function useImprovementWrite<T>(write: (body: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => client.invalidateQueries({ queryKey: improvementKey }),
  });
}

export const useSetAim = (communityId: string) =>
  useImprovementWrite((aim: AimBody) =>
    api<void>(`/communities/${communityId}/improvement/aim`, { method: 'PUT', body: aim }),
  );

export const useSetDrivers = (communityId: string) =>
  useImprovementWrite((body: DriversBody) =>
    api<void>(`/communities/${communityId}/improvement/drivers`, { method: 'PUT', body }),
  );

export const useAddMeasure = (communityId: string) =>
  useImprovementWrite((body: MeasureBody) =>
    api<{ data: { id: string } }>(`/communities/${communityId}/improvement/measures`, {
      method: 'POST',
      body,
    }),
  );
