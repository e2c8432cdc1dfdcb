import type { FastifyInstance } from 'fastify';
import { searchRoutes } from './search-routes.ts';

/** Search across communities, discussion and people. */
export default async function search(app: FastifyInstance): Promise<void> {
  await app.register(searchRoutes);
}
