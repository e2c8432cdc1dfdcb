import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { HomeResponse } from '#shared/contracts/profiles.ts';
import { getHome } from './service.ts';

/** The signed-in home page's data. */
export async function homeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/home',
    { schema: { tags: ['home'], summary: 'Get the signed-in home page', response: { 200: HomeResponse } } },
    async (request) => ({
      data: await getHome({ db: app.db, actor: requireActor(request) }),
    }),
  );
}
