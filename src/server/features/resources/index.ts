import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { fileRoutes } from './file-routes.ts';
import { libraryRoutes } from './library-routes.ts';
import { qualityRoutes } from './quality-routes.ts';
import { resourceRoutes } from './resource-routes.ts';

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
});
