import type { FastifyInstance } from 'fastify';
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
    async (request) =>
      request.client
        ? listDistrictDirectory({ db: app.db, districtId: request.client.districtId, query: request.query })
        : listDirectory({
            db: app.db,
            actor: requireActor(request),
            query: request.query,
            isCredentialVisible: app.isCredentialVisible,
          }),
  );

  app.get(
    '/directory/options',
    { schema: { tags: ['directory'], response: { 200: DirectoryOptionsResponse } } },
    async (request) => ({ data: await getDirectoryOptions({ db: app.db, actor: requireActor(request) }) }),
  );
}
