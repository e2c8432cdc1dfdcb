import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { communityNotifications, communityTopics } from './activity.ts';
import { communityFeedItems } from './feed-items.ts';
import { communityRoutes } from './community-routes.ts';
import { membershipRoutes } from './membership-routes.ts';
import data from './data.ts';

/** Communities, their members, requests and invitations. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(communityRoutes);
  await app.register(membershipRoutes);
}

export default defineFeature({
  name: 'communities',
  routes,
  feedItems: communityFeedItems,
  searchDocuments: [{ kinds: ['community'], view: 'search_community_documents' }],
  data,
  notifications: communityNotifications,
  topics: communityTopics,
});

// What other features may call: the community policy and how a community is loaded for it.
export {
  type CommunityAccess,
  canFacilitate,
  canParticipate,
  canReadContent,
  isArchived,
  isMember,
  readableCommunityIds,
  openInScopeSql,
  readableCommunitySql,
  readersAmong,
  seersAmong,
  visibleCommunitySql,
} from './policy.ts';
export {
  type CommunityContext,
  facilitatedCommunities,
  findCommunity,
  findThreadCommunity,
  loadCommunityAccess,
  type ThreadOfCommunity,
} from './queries.ts';
export { assertFacilitator, assertParticipant, readableCommunity } from './service.ts';
export { endNetworkStandings } from './membership-service.ts';

// How many communities a person facilitates, for the roles-held requirements of pathways.
export { facilitatedCommunityCountSql } from './held-roles.ts';
