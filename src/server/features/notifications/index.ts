import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { userTopics } from './topics.ts';
import { eventRoutes } from './event-routes.ts';
import { threadReplies } from './inbound/thread-replies.ts';
import { mailJob } from './mail-worker.ts';
import { notificationRoutes } from './notification-routes.ts';
import { settingsRoutes } from './settings-routes.ts';
import { unsubscribeRoutes } from './unsubscribe-routes.ts';
import data from './data.ts';

/**
 * The bell, its page, notification settings per kind and community, unsubscribing, email (with
 * replies by email to threads), and the realtime stream open pages listen to.
 */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(eventRoutes);
  await app.register(notificationRoutes);
  await app.register(settingsRoutes);
  await app.register(unsubscribeRoutes);
}

export default defineFeature({
  name: 'notifications',
  routes,
  data,
  jobs: [mailJob],
  topics: userTopics,
  replyHandlers: [threadReplies],
});

// What other features may call.
export { replyAddress, revokeReplyAddresses } from './reply-addresses.ts';
export { peopleTold } from './told.ts';
