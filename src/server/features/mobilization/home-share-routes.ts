import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { HomeShareBody, HomeShareResponse, HomeTargetsResponse } from '#shared/contracts/mobilization.ts';
import {
  bringInsightHome,
  bringResourceHome,
  listInsightHomeTargets,
  listResourceHomeTargets,
} from './service.ts';

// A resource and a thread's insight are brought home alike: the same request and answer for both.
const listTargetsOptions = {
  schema: { tags: ['mobilization'], params: IdParams, response: { 200: HomeTargetsResponse } },
};
const bringHomeOptions = {
  schema: {
    tags: ['mobilization'],
    params: IdParams,
    body: HomeShareBody,
    response: { 201: HomeShareResponse },
  },
};

/** Bringing a resource, or a thread's insight, home to one's own school or district. */
export async function homeShareRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/resources/:id/home-shares', listTargetsOptions, async (request) => ({
    data: await listResourceHomeTargets({
      db: app.db,
      actor: requireActor(request),
      resourceId: request.params.id,
    }),
  }));

  app.post('/resources/:id/home-shares', bringHomeOptions, async (request, reply) => {
    const share = await bringResourceHome({
      db: app.db,
      actor: requireActor(request),
      resourceId: request.params.id,
      body: request.body,
    });
    return reply.status(201).send({ data: share });
  });

  app.get('/threads/:id/home-shares', listTargetsOptions, async (request) => ({
    data: await listInsightHomeTargets({
      db: app.db,
      actor: requireActor(request),
      threadId: request.params.id,
    }),
  }));

  app.post('/threads/:id/home-shares', bringHomeOptions, async (request, reply) => {
    const share = await bringInsightHome({
      db: app.db,
      actor: requireActor(request),
      threadId: request.params.id,
      body: request.body,
    });
    return reply.status(201).send({ data: share });
  });
}
