/** Query keys of improvement communities; anything written reads the community's pages again. */
export const improvementKey = ['improvement'] as const;
export const improvementCommunityKey = (communityId: string) =>
  [...improvementKey, 'community', communityId] as const;
export const chartsKey = (measureId: string, trend: boolean) =>
  [...improvementKey, 'charts', measureId, trend] as const;
export const pdsaKey = (cycleId: string) => [...improvementKey, 'pdsa', cycleId] as const;
