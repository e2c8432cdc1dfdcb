import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { feedNotifications } from './activity.ts';
import { feedRoutes } from './feed-routes.ts';
import { followRoutes } from './follow-routes.ts';
import data from './data.ts';

/** Following people and the home feed. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(followRoutes);
  await app.register(feedRoutes);
}

export default defineFeature({ name: 'feed', routes, data, notifications: feedNotifications });
