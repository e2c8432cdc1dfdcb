import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { collectionRoutes } from './collection-routes.ts';
import data from './data.ts';

/** Ordered, annotated collections of resources, shared like a resource. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(collectionRoutes);
}

export default defineFeature({
  name: 'collections',
  routes,
  data,
  // Kept by triggers on collections and communities (migration 0024; decision 025).
  searchDocuments: [{ kinds: ['collection'], view: 'search_collection_documents' }],
});

// What other features may call.
export { listCollections, presentSummary as presentCollectionSummary } from './collection-service.ts';
export { type CollectionRow, collectionColumns } from './queries.ts';
