import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { videoRetentionJob } from './jobs.ts';
import { videoLibraryRoutes } from './routes.ts';

/**
 * Lesson video beyond one teacher's circle: a community's library of clips shared as exemplars, and
 * the district's video policy (allowed, shared across districts, kept how long) with the nightly job
 * that deletes what is kept no longer. Videos themselves, their grants and playback are the video
 * feature's.
 */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(videoLibraryRoutes);
}

export default defineFeature({ name: 'video-library', routes, data, jobs: [videoRetentionJob] });

export { applyVideoRetention } from './service.ts';
