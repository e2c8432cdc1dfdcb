import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { searchRoutes } from './search-routes.ts';
import data from './data.ts';

/** Search across communities, discussion and people. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(searchRoutes);
}

export default defineFeature({ name: 'search', routes, data });
