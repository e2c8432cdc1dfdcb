/** Query keys of micro-credentials, so writes refresh exactly what they change. */
export const microCredentialKeys = {
  all: ['micro-credentials'] as const,
  lists: ['micro-credentials', 'list'] as const,
  options: ['micro-credentials', 'options'] as const,
  detail: (id: string) => ['micro-credentials', 'detail', id] as const,
  version: (id: string, version: number) => ['micro-credentials', 'version', id, version] as const,
};
