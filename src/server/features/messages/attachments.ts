import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { requireActor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import {
  ATTACHMENT_TYPES,
  ATTACHMENT_TYPES_DESCRIPTION,
  cleanFilename,
  contentDisposition,
  sendInert,
} from '#server/platform/file-types.ts';
import { receiveFilePart, storeUpload } from '#server/platform/uploads.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { AttachmentResponse } from '#shared/contracts/discussion.ts';
import { findReadableAttachment, insertAttachment } from './queries.ts';
import { attachmentUrl } from './service.ts';

const tags = ['messages'];

/**
 * Files for direct messages (decision 095): uploaded before the message is sent, checked by their
 * content as every upload is, kept in private storage and served only to the people who may read
 * the message that carries them, checked again on every request.
 */
export async function messageAttachmentRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const max = app.config.ATTACHMENT_MAX_BYTES;

  app.post(
    '/message-attachments',
    { schema: { tags, consumes: ['multipart/form-data'], response: { 201: AttachmentResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const part = await receiveFilePart(request, max);
      const id = uuidv7();
      const key = `message-attachments/${id}`;
      const data = await storeUpload({
        storage: app.storage,
        key,
        stream: part.file,
        declaredType: part.mimetype,
        max,
        allowed: ATTACHMENT_TYPES,
        acceptsText: true,
        typeMessage: ATTACHMENT_TYPES_DESCRIPTION,
        record: async ({ contentType, byteSize }) => {
          const filename = cleanFilename(part.filename);
          await app.db.transaction((tx) =>
            insertAttachment(tx, { id, key, uploaderId: actor.userId, contentType, byteSize, filename }),
          );
          return { id, filename, contentType, byteSize, url: attachmentUrl(id) };
        },
      });
      return reply.status(201).send({ data });
    },
  );

  app.get('/message-attachments/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const missing = () => new NotFoundError('No such file.');
    const row = await findReadableAttachment(app.db, actor.userId, request.params.id);
    if (!row) throw missing();
    const file = await app.storage.get(row.file_key);
    if (!file) throw missing();
    // Always a download, never sniffed, sandboxed and kept by no shared cache: nothing sent in a
    // message can run as a page of Trellis (an image still shows in the message through <img>).
    reply.header('cache-control', 'private, no-store');
    return sendInert(
      reply,
      { ...file, contentType: row.content_type },
      contentDisposition('attachment', row.filename),
    );
  });
}
