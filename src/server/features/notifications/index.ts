import type { FastifyInstance } from 'fastify';
import { eventRoutes } from './event-routes.ts';
import { notificationRoutes } from './notification-routes.ts';
import { settingsRoutes } from './settings-routes.ts';
import { unsubscribeRoutes } from './unsubscribe-routes.ts';

/** The bell, its page, email choices, unsubscribing, and the realtime stream open pages listen to. */
export default async function notifications(app: FastifyInstance): Promise<void> {
  await app.register(eventRoutes);
  await app.register(notificationRoutes);
  await app.register(settingsRoutes);
  await app.register(unsubscribeRoutes);
}
