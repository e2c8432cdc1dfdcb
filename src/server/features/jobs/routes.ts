import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { JobListQuery, JobListResponse, JobResponse } from '#shared/contracts/jobs.ts';
import { listJobs, retryJob } from './service.ts';

/** Background jobs for administrators: what is queued, running, failed (with why) and done, and retrying. */
export async function jobRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];

  app.get(
    '/admin/jobs',
    { schema: { tags, querystring: JobListQuery, response: { 200: JobListResponse } } },
    async (request) => listJobs({ app: fastify, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/admin/jobs/:id/retry',
    { schema: { tags, params: IdParams, response: { 200: JobResponse } } },
    async (request) => ({
      data: await retryJob({ app: fastify, actor: requireActor(request), jobId: request.params.id }),
    }),
  );
}
