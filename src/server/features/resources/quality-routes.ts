import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  EndorseBody,
  EndorsementListResponse,
  EndorsementParams,
  EndorsementResponse,
  MyReviewResponse,
  ReviewBody,
  ReviewListQuery,
  ReviewListResponse,
  ReviewResponse,
  TryBody,
  TryListQuery,
  TryListResponse,
  TryResponse,
} from '#shared/contracts/resource-quality.ts';
import {
  deleteReview,
  endorseResource,
  findMyReview,
  listEndorsements,
  listReviews,
  listTries,
  reportTry,
  saveReview,
  withdrawEndorsement,
} from './quality-service.ts';

/** Quality signals of a resource: rubric reviews, "I tried it" reports and community endorsements. */
export async function qualityRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['resources'];

  app.get(
    '/resources/:id/reviews',
    {
      schema: { tags, params: IdParams, querystring: ReviewListQuery, response: { 200: ReviewListResponse } },
    },
    async (request) =>
      listReviews({
        db: app.db,
        actor: requireActor(request),
        resourceId: request.params.id,
        query: request.query,
      }),
  );

  app.get(
    '/resources/:id/reviews/mine',
    { schema: { tags, params: IdParams, response: { 200: MyReviewResponse } } },
    async (request) => ({
      data: await findMyReview({ db: app.db, actor: requireActor(request), resourceId: request.params.id }),
    }),
  );

  app.put(
    '/resources/:id/reviews/mine',
    {
      schema: {
        tags,
        params: IdParams,
        body: ReviewBody,
        response: { 200: ReviewResponse, 201: ReviewResponse },
      },
    },
    async (request, reply) => {
      const { review, summary, created } = await saveReview({
        db: app.db,
        actor: requireActor(request),
        resourceId: request.params.id,
        body: request.body,
      });
      return reply.status(created ? 201 : 200).send({ data: review, summary });
    },
  );

  app.delete(
    '/resources/:id/reviews/mine',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteReview({ db: app.db, actor: requireActor(request), resourceId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/resources/:id/tries',
    { schema: { tags, params: IdParams, querystring: TryListQuery, response: { 200: TryListResponse } } },
    async (request) =>
      listTries({
        db: app.db,
        actor: requireActor(request),
        resourceId: request.params.id,
        query: request.query,
      }),
  );

  app.post(
    '/resources/:id/tries',
    { schema: { tags, params: IdParams, body: TryBody, response: { 201: TryResponse } } },
    async (request, reply) => {
      const saved = await reportTry({
        db: app.db,
        actor: requireActor(request),
        resourceId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/resources/:id/endorsements',
    { schema: { tags, params: IdParams, response: { 200: EndorsementListResponse } } },
    async (request) =>
      listEndorsements({ db: app.db, actor: requireActor(request), resourceId: request.params.id }),
  );

  app.post(
    '/resources/:id/endorsements',
    { schema: { tags, params: IdParams, body: EndorseBody, response: { 201: EndorsementResponse } } },
    async (request, reply) => {
      const data = await endorseResource({
        db: app.db,
        actor: requireActor(request),
        resourceId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.delete(
    '/resources/:id/endorsements/:communityId',
    { schema: { tags, params: EndorsementParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await withdrawEndorsement({
        db: app.db,
        actor: requireActor(request),
        resourceId: request.params.id,
        communityId: request.params.communityId,
      });
      return reply.status(204).send(null);
    },
  );
}
