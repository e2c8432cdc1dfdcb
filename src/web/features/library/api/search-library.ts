import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { LibraryResponse } from '#shared/contracts/library.ts';
import { api } from '#web/lib/api-client.ts';
import { libraryKeys } from './keys.ts';

/** The parameters of a library search as they appear in the page's address (some repeat). */
export const LIBRARY_PARAMS = [
  'q',
  'kind',
  'subject',
  'gradeBand',
  'alignment',
  'licence',
  'rating',
  'hasTries',
  'mine',
  'sort',
] as const;

/** Only the library's own parameters, in a stable order, so equal searches share a cache entry. */
export function librarySearchString(params: URLSearchParams): string {
  const next = new URLSearchParams();
  for (const name of LIBRARY_PARAMS)
    for (const value of params.getAll(name)) if (value.trim()) next.append(name, value.trim());
  return next.toString();
}

export function searchLibrary(search: string, cursor: string | null) {
  const params = new URLSearchParams(search);
  params.set('limit', '20');
  if (cursor) params.set('cursor', cursor);
  // Facets repeat (`kind=unit&kind=lesson`), which the client's single-valued `query` cannot say.
  return api<LibraryResponse>(`/resources?${params.toString()}`);
}

/** Resources matching the search, a page at a time, with the first page's facets. */
export function useLibrarySearch(search: string) {
  return useInfiniteQuery({
    queryKey: [...libraryKeys.searches, search],
    queryFn: ({ pageParam }) => searchLibrary(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Facets and counts stay on screen while a changed search loads, instead of flashing away.
    placeholderData: keepPreviousData,
  });
}
