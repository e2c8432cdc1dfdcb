import { useQuery } from '@tanstack/react-query';
import type { MicroCredentialListResponse } from '#shared/contracts/micro-credentials.ts';
import { api } from '#web/lib/api-client.ts';

/** How many credentials the directory's filter offers at most (four pages of the list). */
const OPTIONS_MAX = 200;

/** The published micro-credentials the viewer may see, by title: what the directory can filter on. */
export async function listCredentialOptions(): Promise<Array<{ id: string; title: string }>> {
  const options: Array<{ id: string; title: string }> = [];
  let cursor: string | null = null;
  do {
    const page: MicroCredentialListResponse = await api<MicroCredentialListResponse>('/micro-credentials', {
      query: { status: 'published', limit: 50, cursor: cursor ?? undefined },
    });
    options.push(...page.data.map((c) => ({ id: c.id, title: c.title })));
    cursor = page.nextCursor;
  } while (cursor && options.length < OPTIONS_MAX);
  return options.sort((a, b) => a.title.localeCompare(b.title));
}

/** Credentials for the directory's "Holds credential" filter. */
export function useCredentialOptions() {
  return useQuery({
    queryKey: ['directory-credential-options'],
    queryFn: listCredentialOptions,
    staleTime: 300_000,
  });
}
