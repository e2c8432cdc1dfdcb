import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { resourceNotifications } from './activity.ts';
import { fileRoutes } from './file-routes.ts';
import { libraryRoutes } from './library-routes.ts';
import { qualityRoutes } from './quality-routes.ts';
import { resourceRoutes } from './resource-routes.ts';
import data from './data.ts';
import { resourceLearning } from './learning.ts';

/** The resource library: sharing, versions, remixes, files, quality signals and search. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(libraryRoutes);
  await app.register(resourceRoutes);
  await app.register(fileRoutes);
  await app.register(qualityRoutes);
}

export default defineFeature({
  name: 'resources',
  routes,
  searchDocuments: [{ kinds: ['resource'], view: 'search_resource_documents' }],
  data,
  notifications: resourceNotifications,
  learning: resourceLearning,
});

// What other features may call: who may see a resource (audience.ts) and how one is summarized.
export {
  audienceCommunity,
  checkAudience,
  findVisibleResource,
  homeOrgIds,
  type Viewer,
  visibleResourceOr404,
  visibleSharedSql,
} from './audience.ts';
export { searchLibrary } from './library-service.ts';
export { shareResourceIn } from './resource-service.ts';
export { ownerNotice } from './owner-notice.ts';
export {
  audienceNameSql,
  type ResourceSummaryRow,
  resourceSummaryColumns,
  toAudienceView,
  toResourceSummary,
} from './present.ts';
