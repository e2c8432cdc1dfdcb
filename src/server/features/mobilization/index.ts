import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { mobilizationNotifications } from './activity.ts';
import { mobilizationFeedItems } from './feed-items.ts';
import { homeShareRoutes } from './home-share-routes.ts';
import { spreadRoutes } from './spread-routes.ts';
import data from './data.ts';

/** Knowledge mobilization: bringing resources and insights home, and seeing a practice spread. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(homeShareRoutes);
  await app.register(spreadRoutes);
}

export default defineFeature({
  name: 'mobilization',
  routes,
  feedItems: mobilizationFeedItems,
  data,
  notifications: mobilizationNotifications,
});
