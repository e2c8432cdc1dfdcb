import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ResourceChangesResponse,
  ResourceVersionListResponse,
  ResourceVersionResponse,
} from '#shared/contracts/resources.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import { resourceKeys } from './keys.ts';

const noRetryOnClientError = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500) && count < 2;

/** A resource's history, newest first, a page at a time. */
export function useVersions(id: string) {
  return useInfiniteQuery({
    queryKey: resourceKeys.versions(id),
    queryFn: ({ pageParam }) =>
      api<z.infer<typeof ResourceVersionListResponse>>(`/resources/${id}/versions`, {
        query: { cursor: pageParam ?? undefined, limit: 20 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** One version, whole. */
export function useVersion(id: string, version: number) {
  return useQuery({
    queryKey: resourceKeys.version(id, version),
    queryFn: async () =>
      (await api<z.infer<typeof ResourceVersionResponse>>(`/resources/${id}/versions/${version}`)).data,
    retry: noRetryOnClientError,
  });
}

/** What changed between two versions (by default the last edit). */
export function useChanges(id: string, from?: number, to?: number) {
  return useQuery({
    queryKey: resourceKeys.changes(id, from, to),
    queryFn: async () =>
      (
        await api<z.infer<typeof ResourceChangesResponse>>(`/resources/${id}/changes`, {
          query: { from, to },
        })
      ).data,
    retry: noRetryOnClientError,
  });
}
