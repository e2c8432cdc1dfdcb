import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { messageAttachmentRoutes } from './attachments.ts';
import { messageNotifications, messageTopics } from './activity.ts';
import data from './data.ts';
import { sweepAttachmentsJob } from './jobs.ts';
import { messageReplyHandler } from './reply-by-email.ts';
import { messageRoutes } from './routes.ts';

/** Whether a person takes part in a conversation (a draft of a message is kept only for them). */
export { isParticipant } from './access.ts';

async function routes(app: FastifyInstance): Promise<void> {
  await app.register(messageRoutes);
  await app.register(messageAttachmentRoutes);
}

/** Direct messages: private conversations of two to ten people, blocks, and reports to a district. */
export default defineFeature({
  name: 'messages',
  routes,
  notifications: messageNotifications,
  topics: messageTopics,
  replyHandlers: [messageReplyHandler],
  jobs: [sweepAttachmentsJob],
  data,
});
