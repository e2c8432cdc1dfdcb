import { useInfiniteQuery } from '@tanstack/react-query';
import type { MicroCredentialListResponse } from '#shared/contracts/micro-credentials.ts';
import { api } from '#web/lib/api-client.ts';
import { microCredentialKeys } from './keys.ts';

/** The list page's filters as they appear in its address. */
export interface MicroCredentialSearch {
  q?: string;
  issuerOrgId?: string;
  competencyId?: string;
  kind?: string;
  status?: string;
}

export function listMicroCredentials(search: MicroCredentialSearch, cursor: string | null, limit = 20) {
  return api<MicroCredentialListResponse>('/micro-credentials', {
    query: { ...search, cursor: cursor ?? undefined, limit },
  });
}

/** Micro-credentials and stacks the person may see, a page at a time ("Load more" fetches the next). */
export function useMicroCredentialList(search: MicroCredentialSearch, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: [...microCredentialKeys.lists, search],
    queryFn: ({ pageParam }) => listMicroCredentials(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: options.enabled ?? true,
  });
}
