import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { communityRoutes } from './community-routes.ts';
import { membershipRoutes } from './membership-routes.ts';

/** Communities, their members, requests and invitations. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(communityRoutes);
  await app.register(membershipRoutes);
}

export default defineFeature({
  name: 'communities',
  routes,
  searchDocuments: [{ kinds: ['community'], view: 'search_community_documents' }],
});
