import type { FastifyInstance } from 'fastify';
import { collectionRoutes } from './collection-routes.ts';

/** Ordered, annotated collections of resources, shared like a resource. */
export default async function collections(app: FastifyInstance): Promise<void> {
  await app.register(collectionRoutes);
}
