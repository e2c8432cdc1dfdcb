import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { SearchQuery, SearchResponse } from '#shared/contracts/search.ts';
import { search } from './search-service.ts';

/** One search over threads, posts, communities and people the viewer may see. */
export async function searchRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search threads, replies, communities and people',
        querystring: SearchQuery,
        response: { 200: SearchResponse },
      },
    },
    async (request) => search({ db: app.db, actor: requireActor(request), query: request.query }),
  );
}
