import { useInfiniteQuery } from '@tanstack/react-query';
import type { SearchKind, SearchResponse } from '#shared/contracts/search.ts';
import { api } from '#web/lib/api-client.ts';

/** The search as it appears in the page's address. */
export interface SearchParams {
  q: string;
  kind: SearchKind;
  communityId?: string;
  subject?: string;
  gradeBand?: string;
  from?: string;
  to?: string;
}

export const SEARCH_FIELDS = ['q', 'kind', 'communityId', 'subject', 'gradeBand', 'from', 'to'] as const;

export function search(params: SearchParams, cursor: string | null) {
  return api<SearchResponse>('/search', {
    query: { ...params, cursor: cursor ?? undefined, limit: params.kind === 'all' ? undefined : 20 },
  });
}

/** The group of one kind within a page of results. */
export function groupOf(page: SearchResponse, kind: Exclude<SearchKind, 'all'>) {
  const d = page.data;
  return kind === 'thread'
    ? d.threads
    : kind === 'post'
      ? d.posts
      : kind === 'community'
        ? d.communities
        : kind === 'person'
          ? d.people
          : kind === 'resource'
            ? d.resources
            : kind === 'collection'
              ? d.collections
              : kind === 'change_idea'
                ? d.changeIdeas
                : d.events;
}

/**
 * Search results. With kind "all", one page with a few of each kind; with one kind, "Load more"
 * fetches its next page. Nothing is asked until there is a query.
 */
export function useSearch(params: SearchParams) {
  return useInfiniteQuery({
    queryKey: ['search', params],
    queryFn: ({ pageParam }) => search(params, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) =>
      params.kind === 'all' ? null : (groupOf(last, params.kind)?.nextCursor ?? null),
    enabled: params.q.trim().length > 0,
  });
}
