import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DirectoryOptionsResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';

export type DirectoryOptions = z.infer<typeof DirectoryOptionsResponse>['data'];

export async function getDirectoryOptions(): Promise<DirectoryOptions> {
  return (await api<z.infer<typeof DirectoryOptionsResponse>>('/directory/options')).data;
}

/** The subjects, grade bands, districts and schools the directory can filter on. */
export function useDirectoryOptions() {
  return useQuery({ queryKey: ['directory-options'], queryFn: getDirectoryOptions, staleTime: 300_000 });
}
