import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { contentDisposition, sendInert } from '#server/platform/file-types.ts';
import { receiveFilePart } from '#server/platform/uploads.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  EvidenceDownloadQuery,
  EvidenceParams,
  EvidenceUploadEnvelope,
  LearningEntryBody,
  LearningEntryResponse,
  LearningListQuery,
  LearningListResponse,
  LearningOptionsEnvelope,
  LearningTotalsEnvelope,
  LearningTotalsQuery,
  MergeBody,
  MergedParams,
  UpdateLearningEntryBody,
} from '#shared/contracts/learning.ts';
import {
  createEntry,
  deleteEntry,
  getEntry,
  learningOptions,
  listMyEntries,
  mergeEntries,
  myTotals,
  readEvidenceFile,
  unmergeEntry,
  updateEntry,
  uploadEvidenceFile,
} from './service.ts';

/** Sends a read's answer as JSON text, without the response schema's check and copy (decision 033). */
const sendJson = (reply: FastifyReply, body: unknown) =>
  reply.type('application/json; charset=utf-8').send(JSON.stringify(body));

/** The learning log: my entries and their totals, hand entries, evidence and merging (decision 051). */
export async function learningRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['learning'];

  app.get(
    '/learning/entries',
    { schema: { tags, querystring: LearningListQuery, response: { 200: LearningListResponse } } },
    // Sent as JSON text of explicit fields, as the page reads are (decision 033): the response
    // schema's check and copy cost more Node time than the page's own work. learning.test.ts
    // holds the answers to the schema.
    async (request, reply) =>
      sendJson(reply, await listMyEntries(app.db, requireActor(request), request.query)),
  );

  app.get(
    '/learning/totals',
    { schema: { tags, querystring: LearningTotalsQuery, response: { 200: LearningTotalsEnvelope } } },
    async (request, reply) =>
      sendJson(reply, { data: await myTotals(app.db, requireActor(request), request.query) }),
  );

  app.get(
    '/learning/options',
    { schema: { tags, response: { 200: LearningOptionsEnvelope } } },
    async (request) => ({ data: await learningOptions(app.db, requireActor(request)) }),
  );

  app.post(
    '/learning/entries',
    { schema: { tags, body: LearningEntryBody, response: { 201: LearningEntryResponse } } },
    async (request, reply) => {
      const data = await createEntry(app.db, requireActor(request), request.body);
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/learning/entries/:id',
    { schema: { tags, params: IdParams, response: { 200: LearningEntryResponse } } },
    async (request) => ({ data: await getEntry(app.db, requireActor(request), request.params.id) }),
  );

  app.patch(
    '/learning/entries/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateLearningEntryBody,
        response: { 200: LearningEntryResponse },
      },
    },
    async (request) => ({
      data: await updateEntry({
        db: app.db,
        storage: app.storage,
        actor: requireActor(request),
        id: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.delete('/learning/entries/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteEntry({
      db: app.db,
      storage: app.storage,
      actor: requireActor(request),
      id: request.params.id,
    });
    return reply.status(204).send();
  });

  app.post(
    '/learning/entries/:id/merged',
    { schema: { tags, params: IdParams, body: MergeBody, response: { 200: LearningEntryResponse } } },
    async (request) => ({
      data: await mergeEntries(app.db, requireActor(request), request.params.id, request.body.entryId),
    }),
  );

  app.delete(
    '/learning/entries/:id/merged/:entryId',
    { schema: { tags, params: MergedParams, response: { 200: LearningEntryResponse } } },
    async (request) => ({
      data: await unmergeEntry(app.db, requireActor(request), request.params.id, request.params.entryId),
    }),
  );

  app.post(
    '/learning/evidence-files',
    { schema: { tags, consumes: ['multipart/form-data'], response: { 201: EvidenceUploadEnvelope } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const max = app.config.ATTACHMENT_MAX_BYTES;
      const part = await receiveFilePart(request, max);
      const data = await uploadEvidenceFile({
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
    '/learning/entries/:id/evidence/:evidenceId/file',
    {
      schema: { tags, params: EvidenceParams, querystring: EvidenceDownloadQuery },
      onSend: async (_request, reply) => {
        if (reply.statusCode === 200) reply.header('cache-control', 'private, no-store');
      },
    },
    async (request, reply) => {
      const file = await readEvidenceFile({
        db: app.db,
        storage: app.storage,
        actor: requireActor(request),
        entryId: request.params.id,
        evidenceId: request.params.evidenceId,
        inline: request.query.inline === '1',
      });
      // Served inert: nothing uploaded can ever run as a page of Trellis.
      return sendInert(reply, file, contentDisposition(file.disposition, file.filename));
    },
  );
}
