import { defineFeature } from '#server/platform/feature.ts';
import { eventLearning, eventNotifications } from './activity.ts';
import data from './data.ts';
import { reminderJob } from './reminders.ts';
import { eventRoutes } from './routes.ts';

/**
 * Events (issue 17): workshops, institutes, yearlong series and PLC meetings a school, district,
 * network or community puts on; a calendar and search; registration with capacity, an ordered
 * waitlist and principal approval; invitations and private calendar feeds; attendance by roster or
 * check-in code that lands in the learning log; certificates and a short feedback survey.
 */
export default defineFeature({
  name: 'events',
  routes: eventRoutes,
  data,
  notifications: eventNotifications,
  learning: eventLearning,
  jobs: [reminderJob],
  // Found in site search by the calendar's rule of who may see them (migration 0087).
  searchDocuments: [{ kinds: ['event'], view: 'search_event_documents' }],
});

// What other features may call (the edcamp board builds on these).
export {
  canOrganize,
  type EventAccess,
  eventAccess,
  isRegistrant,
  seesInside,
  visibleEventSql,
} from './policy.ts';
export { ensureEventSpace, joinEventSpace } from './space.ts';
export { getEventForViewer, type EventForViewer } from './access.ts';
export { ATTENDED, SESSION_OBJECT } from './activity.ts';
export { type EventFacts, eventFacts } from './facts.ts';
