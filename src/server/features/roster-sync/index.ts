import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { nightlyRosterSyncJob, rosterSyncJob } from './jobs.ts';
import { rosterSyncRoutes } from './routes.ts';

/** Staff, schools and roles synced from a district's OneRoster 1.2 REST API, each night and on demand. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(rosterSyncRoutes);
}

export default defineFeature({
  name: 'roster-sync',
  routes,
  data,
  jobs: [rosterSyncJob, nightlyRosterSyncJob],
});
