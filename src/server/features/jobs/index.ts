import { defineFeature } from '#server/platform/feature.ts';
import { jobRoutes } from './routes.ts';

/** The administrators' view of background jobs: queued, running, failed and done, with retry. */
export default defineFeature({ name: 'jobs', routes: jobRoutes });
