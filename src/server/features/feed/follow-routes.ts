import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { FollowResponse } from '#shared/contracts/feed.ts';
import { follow, getFollowState, unfollow } from './follow-service.ts';

/** Following a person: one click on their profile. */
export async function followRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const schema = { tags: ['follows'], params: IdParams, response: { 200: FollowResponse } };

  app.get('/people/:id/follow', { schema }, async (request) => ({
    data: await getFollowState({ db: app.db, actor: requireActor(request), userId: request.params.id }),
  }));

  app.put('/people/:id/follow', { schema }, async (request) => ({
    data: await follow({
      db: app.db,
      actor: requireActor(request),
      userId: request.params.id,
    }),
  }));

  app.delete('/people/:id/follow', { schema }, async (request) => ({
    data: await unfollow({
      db: app.db,
      actor: requireActor(request),
      userId: request.params.id,
    }),
  }));
}
