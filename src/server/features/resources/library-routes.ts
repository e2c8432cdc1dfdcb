import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { LibraryQuery, LibraryResponse, SimilarResponse } from '#shared/contracts/library.ts';
import { listSimilarResources, searchLibrary } from './library-service.ts';

/** Finding resources: faceted full-text search of the library, and "more like this". */
export async function libraryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['resources'];

  app.get(
    '/resources',
    {
      schema: {
        tags,
        summary: 'Search the resource library, with facet counts',
        querystring: LibraryQuery,
        response: { 200: LibraryResponse },
      },
    },
    async (request) => searchLibrary({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/resources/:id/similar',
    {
      schema: {
        tags,
        summary: 'List resources like this one',
        params: IdParams,
        response: { 200: SimilarResponse },
      },
    },
    async (request) => ({
      data: await listSimilarResources({
        db: app.db,
        actor: requireActor(request),
        resourceId: request.params.id,
      }),
    }),
  );
}
