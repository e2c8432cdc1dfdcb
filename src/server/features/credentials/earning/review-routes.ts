import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import {
  ReviewBody,
  ReviewQueueQuery,
  ReviewQueueResponse,
  ReviewResultResponse,
  SubmissionIdParams,
  SubmissionResponse,
} from '#shared/contracts/submissions.ts';
import { getReviewWorkspace, listReviewQueue, reviewSubmission } from './review-service.ts';

/** Assessor review: the queue, the review workspace, and scoring and deciding a round. */
export async function reviewRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];

  app.get(
    '/reviews',
    { schema: { tags, querystring: ReviewQueueQuery, response: { 200: ReviewQueueResponse } } },
    // Sent as the JSON text its statement writes (queries.ts, reviewQueue), as the thread list is:
    // checking and copying a page against the response schema cost more Node time than reading it.
    // The schema documents it; reviews.test.ts holds every queue to it.
    async (request, reply) => {
      const page = await listReviewQueue({ db: app.db, actor: requireActor(request), query: request.query });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(page);
    },
  );

  app.get(
    '/reviews/:submissionId',
    { schema: { tags, params: SubmissionIdParams, response: { 200: SubmissionResponse } } },
    async (request) => ({
      data: await getReviewWorkspace({
        db: app.db,
        actor: requireActor(request),
        submissionId: request.params.submissionId,
      }),
    }),
  );

  app.post(
    '/reviews/:submissionId',
    {
      schema: { tags, params: SubmissionIdParams, body: ReviewBody, response: { 201: ReviewResultResponse } },
    },
    async (request, reply) => {
      const data = await reviewSubmission({
        db: app.db,
        actor: requireActor(request),
        issuer: app.credentialIssuer,
        submissionId: request.params.submissionId,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );
}
