import type { FastifyInstance, FastifyReply } from 'fastify';
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
    // Built from explicit fields (present.ts, searchLibrary) and sent as JSON text, as the resource
    // page is: checking and copying up to 50 resources against the response schema cost Node time a
    // search answered from memory can no longer spare. The schema documents it; library.test.ts
    // holds every response to it.
    async (request, reply) => {
      const found = await searchLibrary({ db: app.db, actor: requireActor(request), query: request.query });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(JSON.stringify(found));
    },
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
