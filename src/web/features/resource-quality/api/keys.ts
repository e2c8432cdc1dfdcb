/**
 * Query keys of a resource's quality signals. They sit under ['resources', id] so that one write
 * here refreshes the resource page's own summary (rating, counts) along with these lists.
 */
export const qualityKeys = {
  resource: (resourceId: string) => ['resources', resourceId] as const,
  reviews: (resourceId: string) => ['resources', resourceId, 'quality', 'reviews'] as const,
  tries: (resourceId: string) => ['resources', resourceId, 'quality', 'tries'] as const,
  endorsements: (resourceId: string) => ['resources', resourceId, 'quality', 'endorsements'] as const,
};

/**
 * What every write invalidates: all queries whose key starts with 'resources' (the resource page,
 * the library's lists, which show rating and counts, and the lists above).
 */
export const everyResourceQuery = { queryKey: ['resources'] as const };
