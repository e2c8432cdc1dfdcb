import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { SpreadResponse } from '#shared/contracts/mobilization.ts';
import { readSpread } from './service.ts';

/** A resource's spread: which schools and districts received, tried, remixed or reviewed it, over time. */
export async function spreadRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/resources/:id/spread',
    { schema: { tags: ['mobilization'], params: IdParams, response: { 200: SpreadResponse } } },
    async (request) => ({
      data: await readSpread({ db: app.db, actor: requireActor(request), resourceId: request.params.id }),
    }),
  );
}
