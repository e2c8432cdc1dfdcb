import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { DirectoryOptionsResponse, DirectoryQuery, DirectoryResponse } from '#shared/contracts/profiles.ts';
import { getDirectoryOptions, listDirectory, listDistrictDirectory } from './service.ts';

/** The directory of people across the viewer's district and networks. */
export async function directoryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/directory',
    {
      schema: { tags: ['directory'], querystring: DirectoryQuery, response: { 200: DirectoryResponse } },
      config: { scope: 'directory:read' },
    },
    // Built from explicit fields (presentProfile) and sent as JSON text, as the thread page is:
    // checking and copying up to 50 people against the response schema cost Node time a search that
    // misses the cache can no longer spare. The schema documents it; directory.test.ts holds every
    // page to it.
    async (request, reply) => {
      const page = request.client
        ? await listDistrictDirectory({
            db: app.db,
            districtId: request.client.districtId,
            query: request.query,
          })
        : await listDirectory({
            db: app.db,
            actor: requireActor(request),
            query: request.query,
            isCredentialVisible: app.isCredentialVisible,
          });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(JSON.stringify(page));
    },
  );

  app.get(
    '/directory/options',
    { schema: { tags: ['directory'], response: { 200: DirectoryOptionsResponse } } },
    async (request) => ({ data: await getDirectoryOptions({ db: app.db, actor: requireActor(request) }) }),
  );
}
