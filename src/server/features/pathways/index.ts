import { defineFeature } from '#server/platform/feature.ts';
import { pathwayNotifications } from './activity.ts';
import data from './data.ts';
import { notifyEligibleJob, notifyNewlyEligibleJob } from './jobs.ts';
import { pathwayRoutes } from './routes.ts';

/**
 * Career pathways and leadership opportunities (issue 18): ladders of roles a district or network
 * defines, where each person stands on every requirement (checked from what Trellis records, by one
 * evaluator), opportunities posted with requirements and told to those who meet them, applications,
 * the roles people hold, and the stipends a district pays for them.
 */
export default defineFeature({
  name: 'pathways',
  routes: pathwayRoutes,
  data,
  notifications: pathwayNotifications,
  jobs: [notifyEligibleJob, notifyNewlyEligibleJob],
});

// What other features may call: whether a person meets a requirement row `r`, by the one evaluator.
export { requirementMetSql } from './requirements.ts';
