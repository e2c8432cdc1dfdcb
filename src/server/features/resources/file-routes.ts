import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { contentDisposition, sendInert } from '#server/platform/file-types.ts';
import { receiveFilePart } from '#server/platform/uploads.ts';
import { DownloadQuery, FileParams, ResourceFileResponse } from '#shared/contracts/resources.ts';
import { readResourceFile, uploadResourceFile } from './file-service.ts';

/** Files of resources: uploaded before the resource is shared, served only through a resource one may see. */
export async function fileRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['resources'];
  const max = app.config.RESOURCE_FILE_MAX_BYTES;

  app.post(
    '/resource-files',
    { schema: { tags, consumes: ['multipart/form-data'], response: { 201: ResourceFileResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const part = await receiveFilePart(request, max);
      const data = await uploadResourceFile({
        db: app.db,
        storage: app.storage,
        actor,
        stream: part.file,
        filename: part.filename,
        declaredType: part.mimetype,
        max,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/resources/:id/files/:fileId',
    {
      schema: { tags, params: FileParams, querystring: DownloadQuery },
      // Runs after the app-wide hook that marks every API answer no-store: a file is also private.
      onSend: async (_request, reply) => {
        if (reply.statusCode === 200) reply.header('cache-control', 'private, no-store');
      },
    },
    async (request, reply) => {
      const file = await readResourceFile({
        db: app.db,
        storage: app.storage,
        actor: requireActor(request),
        resourceId: request.params.id,
        fileId: request.params.fileId,
        inline: request.query.inline === '1',
      });
      // Served inert: nothing uploaded can ever run as a page of Trellis.
      return sendInert(reply, file, contentDisposition(file.disposition, file.filename));
    },
  );
}
