/** Query keys of credit: one place, so a change invalidates every list it touches. */
export const creditKeys = {
  all: ['credit'] as const,
  types: ['credit', 'types'] as const,
  settings: ['credit', 'settings'] as const,
  claims: (search: string) => ['credit', 'claims', search] as const,
  approvals: (search: string) => ['credit', 'approvals', search] as const,
  licences: ['credit', 'licences'] as const,
  transcripts: ['credit', 'transcripts'] as const,
  preview: (typeId: string, ids: string) => ['credit', 'preview', typeId, ids] as const,
  verification: (id: string) => ['credit', 'verification', id] as const,
};
