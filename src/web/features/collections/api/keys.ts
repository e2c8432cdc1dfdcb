/** Query keys of collections, so writes refresh exactly what they change. */
export const collectionKeys = {
  all: ['collections'] as const,
  lists: ['collections', 'list'] as const,
  mine: ['collections', 'list', { mine: '1' }, 'all'] as const,
  detail: (id: string) => ['collections', 'detail', id] as const,
};
