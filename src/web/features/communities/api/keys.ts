/** Query keys of communities, so writes refresh exactly what they change. */
export const communityKeys = {
  all: ['communities'] as const,
  lists: ['communities', 'list'] as const,
  ownerOptions: ['communities', 'owner-options'] as const,
  detail: (id: string) => ['communities', 'detail', id] as const,
  members: (id: string) => ['communities', 'members', id] as const,
};
