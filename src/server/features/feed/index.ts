import type { FastifyInstance } from 'fastify';
import { feedRoutes } from './feed-routes.ts';
import { followRoutes } from './follow-routes.ts';

/** Following people and the home feed. */
export default async function feed(app: FastifyInstance): Promise<void> {
  await app.register(followRoutes);
  await app.register(feedRoutes);
}
