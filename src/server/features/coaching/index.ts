import { defineFeature } from '#server/platform/feature.ts';
import { coachingLearning, coachingNotifications, coachingTopics } from './activity.ts';
import data from './data.ts';
import { coachingRoutes } from './routes.ts';

/**
 * Coaching cycles (issue 16): a teacher invites a coach or peers from anywhere in their network into
 * a cycle with a focus they choose: a pre-conference, observations of a video or a live lesson, a
 * post-conference and follow-up actions, private to the teacher and the people they invited.
 */
export default defineFeature({
  name: 'coaching',
  routes: coachingRoutes,
  data,
  notifications: coachingNotifications,
  topics: coachingTopics,
  learning: coachingLearning,
});

// What other features may call.
export { readableCoachingCycleSql } from './policy.ts';
export { listMyActions, loadCoachingAccess } from './service.ts';
