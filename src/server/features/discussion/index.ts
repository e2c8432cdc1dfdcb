import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { discussionNotifications, discussionTopics } from './activity.ts';
import { discussionFeedItems } from './feed-items.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { bookmarkRoutes } from './bookmark-routes.ts';
import { bookmarkReminderJob } from './bookmark-service.ts';
import { draftRoutes } from './draft-routes.ts';
import { readingRoutes } from './reading-routes.ts';
import { moderationRoutes } from './moderation-routes.ts';
import { postRoutes } from './post-routes.ts';
import { threadRoutes } from './thread-routes.ts';
import data from './data.ts';

/** Threads, replies, reactions, insights, attachments and moderation inside communities. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(threadRoutes);
  await app.register(postRoutes);
  await app.register(attachmentRoutes);
  await app.register(moderationRoutes);
  await app.register(draftRoutes);
  await app.register(readingRoutes);
  await app.register(bookmarkRoutes);
}

export default defineFeature({
  name: 'discussion',
  routes,
  feedItems: discussionFeedItems,
  searchDocuments: [{ kinds: ['thread', 'post'], view: 'search_post_documents' }],
  data,
  notifications: discussionNotifications,
  topics: discussionTopics,
  jobs: [bookmarkReminderJob],
});

// What other features may call.
export { readableThread } from './access.ts';
export { createReply } from './post-service.ts';
export { createThread } from './thread-service.ts';
