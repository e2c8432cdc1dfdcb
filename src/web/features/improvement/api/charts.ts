import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BaselineBody, ChartsResponse, ValueBody } from '#shared/contracts/improvement.ts';
import { api } from '#web/lib/api-client.ts';
import { chartsKey, improvementKey } from './keys.ts';

export function getCharts(measureId: string, trend: boolean) {
  return api<ChartsResponse>(`/improvement/measures/${measureId}/charts`, { query: { trend } });
}

/** Every school team's run chart for a measure, side by side. */
export function useCharts(measureId: string, trend: boolean) {
  return useQuery({ queryKey: chartsKey(measureId, trend), queryFn: () => getCharts(measureId, trend) });
}

function useChartWrite<T>(write: (body: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => client.invalidateQueries({ queryKey: improvementKey }),
  });
}

export const useEnterValue = (measureId: string) =>
  useChartWrite((body: ValueBody) =>
    api<{ data: { id: string } }>(`/improvement/measures/${measureId}/values`, { method: 'PUT', body }),
  );

export const useRecordBaseline = (measureId: string) =>
  useChartWrite((body: BaselineBody) =>
    api<{ data: { id: string } }>(`/improvement/measures/${measureId}/baselines`, { method: 'POST', body }),
  );

export const useFlagAstronomical = () =>
  useChartWrite(({ valueId, astronomical, note }: { valueId: string; astronomical: boolean; note: string }) =>
    api<void>(`/improvement/values/${valueId}/astronomical`, { method: 'PUT', body: { astronomical, note } }),
  );
