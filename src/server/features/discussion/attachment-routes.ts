import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { receiveFilePart } from '#server/platform/uploads.ts';
import { contentDisposition as disposition, sendInert } from '#server/platform/file-types.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { AttachmentResponse } from '#shared/contracts/discussion.ts';
import { readAttachment, uploadAttachment } from './attachment-service.ts';

/** Files for posts: uploaded before the post is saved, served only to those who may read it. */
export async function attachmentRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const max = app.config.ATTACHMENT_MAX_BYTES;

  app.post(
    '/attachments',
    {
      schema: {
        tags: ['discussion'],
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const part = await receiveFilePart(request, max);
      const attachment = await uploadAttachment({
        db: app.db,
        storage: app.storage,
        actor,
        stream: part.file,
        filename: part.filename,
        declaredType: part.mimetype,
        max,
      });
      return reply.status(201).send({ data: attachment });
    },
  );

  app.get(
    '/attachments/:id',
    { schema: { tags: ['discussion'], params: IdParams } },
    async (request, reply) => {
      const file = await readAttachment({
        db: app.db,
        storage: app.storage,
        actor: requireActor(request),
        id: request.params.id,
      });
      const image = file.contentType.startsWith('image/');
      // Served inert: nothing uploaded can ever run as a page of Trellis.
      reply.header('cache-control', 'private, no-store');
      return sendInert(reply, file, disposition(image ? 'inline' : 'attachment', file.filename));
    },
  );
}
