import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { ReasonBody, ReportQueueResponse, ReportResponse } from '#shared/contracts/discussion.ts';
import { dismissReport, listReports, moderatePost, reportPost } from './moderation-service.ts';

/** Reports by readers, and the facilitators' queue, hide, restore and dismiss. */
export async function moderationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/posts/:id/reports',
    {
      schema: { tags: ['moderation'], params: IdParams, body: ReasonBody, response: { 201: ReportResponse } },
    },
    async (request, reply) => {
      const report = await reportPost({
        db: app.db,
        actor: requireActor(request),
        postId: request.params.id,
        reason: request.body.reason,
      });
      return reply.status(201).send({ data: report });
    },
  );

  app.get(
    '/communities/:id/reports',
    { schema: { tags: ['moderation'], params: IdParams, response: { 200: ReportQueueResponse } } },
    async (request) => ({
      data: await listReports({ db: app.db, actor: requireActor(request), communityId: request.params.id }),
    }),
  );

  for (const action of ['hide', 'restore'] as const) {
    app.post(
      `/posts/:id/${action}`,
      { schema: { tags: ['moderation'], params: IdParams, body: ReasonBody, response: { 204: z.null() } } },
      async (request, reply) => {
        await moderatePost({
          db: app.db,
          actor: requireActor(request),
          postId: request.params.id,
          reason: request.body.reason,
          hide: action === 'hide',
        });
        return reply.status(204).send(null);
      },
    );
  }

  app.post(
    '/reports/:id/dismiss',
    { schema: { tags: ['moderation'], params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await dismissReport({ db: app.db, actor: requireActor(request), reportId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
