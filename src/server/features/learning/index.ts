import { defineFeature } from '#server/platform/feature.ts';
import type { FastifyInstance } from 'fastify';
import data from './data.ts';
import { unusedEvidenceJob } from './jobs.ts';
import { learningRoutes } from './routes.ts';
import { creditData, creditNotifications, creditRoutes } from './credit/index.ts';

/**
 * The learning log (decision 051): every learning activity of a person, recorded by Trellis from its
 * own activity (the kinds features declare in `learning`), entered by hand, or reported by another
 * tool over xAPI. Credit (./credit) adds its routes and jobs here.
 */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(learningRoutes);
  await app.register(creditRoutes);
}

export default defineFeature({
  name: 'learning',
  routes,
  data: { tables: { ...data.tables, ...creditData.tables }, erase: creditData.erase },
  notifications: creditNotifications,
  jobs: [unusedEvidenceJob],
});

// What the LRS calls, in its own transaction, for a stored statement whose actor matched a person.
export {
  durationMinutes,
  isReportedLearning,
  logReportedLearning,
  type ReportedLearning,
  type ReportedStatement,
  reportedKind,
  voidReportedLearning,
} from './reported.ts';

// The minutes a person's log counts, for the hours requirements other features check (pathways).
export { loggedMinutesSql } from './counted.ts';
