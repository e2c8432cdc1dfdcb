/** Query keys of resources, so writes refresh exactly what they change. */
export const resourceKeys = {
  all: ['resources'] as const,
  detail: (id: string) => ['resources', 'detail', id] as const,
  versions: (id: string) => ['resources', 'versions', id] as const,
  version: (id: string, version: number) => ['resources', 'version', id, version] as const,
  changes: (id: string, from?: number, to?: number) => ['resources', 'changes', id, from, to] as const,
  remixes: (id: string) => ['resources', 'remixes', id] as const,
  audienceOptions: ['resources', 'audience-options'] as const,
};
