import type { FastifyInstance } from 'fastify';
import { homeShareRoutes } from './home-share-routes.ts';
import { spreadRoutes } from './spread-routes.ts';

/** Knowledge mobilization: bringing resources and insights home, and seeing a practice spread. */
export default async function mobilization(app: FastifyInstance): Promise<void> {
  await app.register(homeShareRoutes);
  await app.register(spreadRoutes);
}
