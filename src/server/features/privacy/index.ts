import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { dataExportJob, expireExportsJob } from './export-job.ts';
import { retentionJob } from './jobs.ts';
import { privacyRoutes } from './routes.ts';

/**
 * A person's data download and erasure request; a district's export made in the background, erasure,
 * records rules and age limits; the data-protection page.
 */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(privacyRoutes);
}

export default defineFeature({
  name: 'privacy',
  routes,
  data,
  jobs: [retentionJob, dataExportJob, expireExportsJob],
});
