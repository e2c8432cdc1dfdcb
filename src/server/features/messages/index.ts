import { defineFeature } from '#server/platform/feature.ts';
import { messageNotifications, messageTopics } from './activity.ts';
import data from './data.ts';
import { messageReplyHandler } from './reply-by-email.ts';
import { messageRoutes } from './routes.ts';

/** Direct messages: private conversations of two to ten people, blocks, and reports to a district. */
export default defineFeature({
  name: 'messages',
  routes: messageRoutes,
  notifications: messageNotifications,
  topics: messageTopics,
  replyHandlers: [messageReplyHandler],
  data,
});
