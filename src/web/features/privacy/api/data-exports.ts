import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataExport, DataExportListResponse, DataExportResponse } from '#shared/contracts/privacy.ts';
import { api } from '#web/lib/api-client.ts';
import { privacyKeys } from './keys.ts';

const underWay = (exports: readonly DataExport[] | undefined) =>
  exports?.some((e) => e.status === 'queued' || e.status === 'running') ?? false;

export function listDistrictExports() {
  return api<DataExportListResponse>('/district/data-exports');
}

/** The district's latest exports, polled every second while one is being written. */
export function useDistrictExports() {
  return useQuery({
    queryKey: privacyKeys.districtExports,
    queryFn: listDistrictExports,
    refetchInterval: (query) => (underWay(query.state.data?.data) ? 1000 : false),
  });
}

export function startDistrictExport() {
  return api<DataExportResponse>('/district/data-exports', { method: 'POST' });
}

/** Starts an export of the district in the background. */
export function useStartDistrictExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: startDistrictExport,
    onSettled: () => client.invalidateQueries({ queryKey: privacyKeys.districtExports }),
  });
}

export function listMyExports() {
  return api<DataExportListResponse>('/me/data-exports');
}

/** The signed-in person's archives, polled every second while one is being written. */
export function useMyExports() {
  return useQuery({
    queryKey: privacyKeys.myExports,
    queryFn: listMyExports,
    refetchInterval: (query) => (underWay(query.state.data?.data) ? 1000 : false),
  });
}

export function startMyExport() {
  return api<DataExportResponse>('/me/data-exports', { method: 'POST' });
}

/** Starts an archive of the signed-in person's data, with their files, in the background. */
export function useStartMyExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: startMyExport,
    onSettled: () => client.invalidateQueries({ queryKey: privacyKeys.myExports }),
  });
}
