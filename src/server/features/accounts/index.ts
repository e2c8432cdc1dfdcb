import type { FastifyInstance } from 'fastify';
import { sessionRoutes } from './session-routes.ts';

/** Organizations, users, memberships, invitations, import and sign-in. */
export default async function accounts(app: FastifyInstance): Promise<void> {
  await app.register(sessionRoutes);
}
