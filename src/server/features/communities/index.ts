import type { FastifyInstance } from 'fastify';
import { communityRoutes } from './community-routes.ts';
import { membershipRoutes } from './membership-routes.ts';

/** Communities, their members, requests and invitations. */
export default async function communities(app: FastifyInstance): Promise<void> {
  await app.register(communityRoutes);
  await app.register(membershipRoutes);
}
