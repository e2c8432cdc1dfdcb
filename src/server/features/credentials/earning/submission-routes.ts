import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { contentDisposition, sendInert } from '#server/platform/file-types.ts';
import { receiveFilePart } from '#server/platform/uploads.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  ActivityOptionsResponse,
  MyProgressResponse,
  SaveEvidenceBody,
  SavedEvidenceResponse,
  StaleEvidenceProblem,
  StartSubmissionBody,
  SubmissionFileParams,
  SubmissionFileQuery,
  SubmissionFileResponse,
  SubmissionListQuery,
  SubmissionListResponse,
  SubmissionResponse,
} from '#shared/contracts/submissions.ts';
import { checkUpload, readSubmissionFile, uploadSubmissionFile } from './file-service.ts';
import {
  getMyProgress,
  getSubmission,
  listActivityOptions,
  listMySubmissions,
  saveEvidence,
  startSubmission,
  submitSubmission,
  withdrawSubmission,
} from './submission-service.ts';

/** Earning a micro-credential: starting, drafting evidence (autosaved, with files), submitting, withdrawing. */
export async function submissionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['submissions'];
  const max = app.config.RESOURCE_FILE_MAX_BYTES;

  app.post(
    '/micro-credentials/:id/submissions',
    { schema: { tags, params: IdParams, body: StartSubmissionBody, response: { 201: SubmissionResponse } } },
    async (request, reply) => {
      const data = await startSubmission({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        teammateIds: request.body.teammateIds,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/micro-credentials/:id/my-progress',
    { schema: { tags, params: IdParams, response: { 200: MyProgressResponse } } },
    async (request) => ({
      data: await getMyProgress({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
      }),
    }),
  );

  app.get(
    '/submissions',
    { schema: { tags, querystring: SubmissionListQuery, response: { 200: SubmissionListResponse } } },
    async (request) => listMySubmissions({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/submissions/activity-options',
    { schema: { tags, response: { 200: ActivityOptionsResponse } } },
    async (request) => ({ data: await listActivityOptions({ db: app.db, actor: requireActor(request) }) }),
  );

  app.get(
    '/submissions/:id',
    { schema: { tags, params: IdParams, response: { 200: SubmissionResponse } } },
    async (request) => ({
      data: await getSubmission({
        db: app.db,
        actor: requireActor(request),
        submissionId: request.params.id,
      }),
    }),
  );

  app.put(
    '/submissions/:id/evidence',
    {
      schema: {
        tags,
        params: IdParams,
        body: SaveEvidenceBody,
        response: { 200: SavedEvidenceResponse, 409: StaleEvidenceProblem },
      },
    },
    async (request, reply) => {
      const result = await saveEvidence({
        db: app.db,
        actor: requireActor(request),
        submissionId: request.params.id,
        body: request.body,
      });
      if (result.saved) return { data: { updatedAt: result.updatedAt } };
      // A teammate saved meanwhile: the problem carries their evidence so the editor can show it.
      return reply
        .status(409)
        .type('application/problem+json')
        .send({
          type: 'https://trellis.dev/problems/conflict',
          title: 'Conflict',
          status: 409,
          detail:
            'A teammate saved this evidence since you loaded it. Their version is shown; add yours again.',
          code: 'conflict',
          errors: [{ path: '/body/baseUpdatedAt', message: 'is not the latest save' }],
          instance: request.url.split('?')[0],
          current: result.current,
        });
    },
  );

  app.post(
    '/submissions/:id/files',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: SubmissionFileQuery,
        consumes: ['multipart/form-data'],
        response: { 201: SubmissionFileResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const target = await checkUpload({
        db: app.db,
        actor,
        submissionId: request.params.id,
        promptId: request.query.promptId,
      });
      const part = await receiveFilePart(request, max);
      const data = await uploadSubmissionFile({
        db: app.db,
        storage: app.storage,
        actor,
        submissionId: request.params.id,
        ...target,
        stream: part.file,
        filename: part.filename,
        declaredType: part.mimetype,
        max,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/submissions/:id/files/:fileId',
    {
      schema: { tags, params: SubmissionFileParams },
      // Runs after the app-wide hook that marks every API answer no-store: evidence is also private.
      onSend: async (_request, reply) => {
        if (reply.statusCode === 200) reply.header('cache-control', 'private, no-store');
      },
    },
    async (request, reply) => {
      const file = await readSubmissionFile({
        db: app.db,
        storage: app.storage,
        actor: requireActor(request),
        submissionId: request.params.id,
        fileId: request.params.fileId,
      });
      // Always an inert download: nothing uploaded can ever run as a page of Trellis.
      return sendInert(reply, file, contentDisposition('attachment', file.filename));
    },
  );

  app.post(
    '/submissions/:id/submit',
    { schema: { tags, params: IdParams, response: { 200: SubmissionResponse } } },
    async (request) => ({
      data: await submitSubmission({
        db: app.db,
        actor: requireActor(request),
        submissionId: request.params.id,
      }),
    }),
  );

  app.post(
    '/submissions/:id/withdraw',
    { schema: { tags, params: IdParams, response: { 200: SubmissionResponse } } },
    async (request) => ({
      data: await withdrawSubmission({
        db: app.db,
        actor: requireActor(request),
        submissionId: request.params.id,
      }),
    }),
  );
}
