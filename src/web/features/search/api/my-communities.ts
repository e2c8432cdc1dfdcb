import { useQuery } from '@tanstack/react-query';
import { api } from '#web/lib/api-client.ts';

type Page = { data: Array<{ id: string; name: string }>; nextCursor: string | null };

/** The communities one belongs to (a first page), for the search page's community filter. */
export function useMyCommunities() {
  return useQuery({
    queryKey: ['communities', 'mine', 'search-filter'],
    queryFn: () => api<Page>('/communities', { query: { mine: 1, limit: 50 } }),
  });
}
