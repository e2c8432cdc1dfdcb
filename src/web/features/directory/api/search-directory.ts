import { useInfiniteQuery } from '@tanstack/react-query';
import type { DirectoryResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';

/** The directory's filters as they appear in the page's address. */
export interface DirectorySearch {
  q?: string;
  subject?: string;
  gradeBand?: string;
  expertise?: string;
  schoolId?: string;
  districtId?: string;
  mentoring?: string;
  credentialId?: string;
}

export function searchDirectory(search: DirectorySearch, cursor: string | null) {
  return api<DirectoryResponse>('/directory', {
    query: { ...search, cursor: cursor ?? undefined, limit: 20 },
  });
}

/** Directory results, a page at a time ("Load more" fetches the next). */
export function useDirectorySearch(search: DirectorySearch) {
  return useInfiniteQuery({
    queryKey: ['directory', search],
    queryFn: ({ pageParam }) => searchDirectory(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
