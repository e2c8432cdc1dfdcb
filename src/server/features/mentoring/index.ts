import { defineFeature } from '#server/platform/feature.ts';
import { mentoringLearning, mentoringNotifications } from './activity.ts';
import data from './data.ts';
import { tellStalledPairsJob } from './jobs.ts';
import { mentoringRoutes } from './routes.ts';

/**
 * Mentoring across schools and districts (issue 18): a teacher asks for a mentor with needs; mentors
 * offer their capacity and availability; Trellis suggests mentors from across the network, a
 * coordinator matches a cohort at once, and a confirmed pair gets a private space of goals, meetings
 * and check-ins whose hours count in both learning logs.
 */
export default defineFeature({
  name: 'mentoring',
  routes: mentoringRoutes,
  data,
  notifications: mentoringNotifications,
  learning: mentoringLearning,
  jobs: [tellStalledPairsJob],
});

// What other features may call: pathways' "mentored" requirement and the stipends export.
export {
  type MentorRole,
  type MentoringMinutes,
  listMentorRoles,
  mentoredCountSql,
  mentoringMinutesInPeriod,
  mentoringMinutesSql,
} from './queries.ts';
