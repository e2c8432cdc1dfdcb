import { defineFeature } from '#server/platform/feature.ts';
import { edcampLearning, edcampTopics } from './activity.ts';
import data from './data.ts';
import { edcampRoutes } from './routes.ts';

/**
 * The edcamp board of an event (issue 17, decisions 083 and 084): rooms and time slots, sessions
 * proposed and voted on by the people in the room (guests with the board's code included), the
 * room × time grid the organizer arranges or Trellis proposes, live on every phone; notes threads
 * in the event's space, and attendance that counts in the learning log.
 */
export default defineFeature({
  name: 'edcamp',
  routes: edcampRoutes,
  data,
  topics: edcampTopics,
  learning: edcampLearning,
});

// What the demo seed calls.
export { newJoinCode } from './guests.ts';
