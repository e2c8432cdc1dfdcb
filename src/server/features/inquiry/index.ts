import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { inquiryLearning } from './learning.ts';
import { observationLearningKinds } from './observation/learning.ts';
import { observationRoutes } from './observation/routes.ts';
import { planRoutes, planTopics } from './plan/feature-parts.ts';
import { inquiryRoutes } from './routes.ts';

/** The cycle's core; its plan, observation and PDSA parts register theirs beside it. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(inquiryRoutes);
  await app.register(planRoutes);
  await app.register(observationRoutes);
}

/** Inquiry cycles: lesson study and PDSA, from a shared question to published findings (issue 15). */
export default defineFeature({
  name: 'inquiry',
  routes,
  data,
  topics: [...planTopics],
  learning: [...inquiryLearning, ...observationLearningKinds],
  // Adopted change ideas, found by the team and everyone who reads the community (decision 093).
  searchDocuments: [{ kinds: ['change_idea'], view: 'search_change_idea_documents' }],
});

// What other features (and the cycle's plan, observation and PDSA parts) may call.
export {
  type CycleAccess,
  type CycleRoleOf,
  canContribute,
  canFacilitateCycle,
  cycleAccess,
  readableCycleSql,
} from './policy.ts';
export {
  linkCycleToImprovement,
  loadCycleAccess,
  recordCycleDecision,
  relabelImprovementLinks,
} from './service.ts';

// How many lesson studies a person has led, for the roles-held requirements of pathways.
export { ledLessonStudyCountSql } from './held-roles.ts';
