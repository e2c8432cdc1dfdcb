import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { retentionJob } from './jobs.ts';
import { privacyRoutes } from './routes.ts';

/** A person's data download; a district's export, erasure of people who left, and age limits. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(privacyRoutes);
}

export default defineFeature({ name: 'privacy', routes, data, jobs: [retentionJob] });
