/** Query keys of library searches, so writes to resources can refresh them. */
export const libraryKeys = {
  all: ['library'] as const,
  searches: ['library', 'search'] as const,
  similar: (id: string) => ['library', 'similar', id] as const,
};
