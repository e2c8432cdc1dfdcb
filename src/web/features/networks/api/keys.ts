/** Query keys of network membership. */
export const networkKeys = {
  all: ['networks'] as const,
  districts: (networkId: string) => ['networks', networkId, 'districts'] as const,
  candidates: (networkId: string) => ['networks', networkId, 'candidates'] as const,
  adoption: (networkId: string) => ['networks', networkId, 'adoption'] as const,
};
