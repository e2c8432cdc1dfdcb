import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  CreateThreadBody,
  InsightBody,
  ThreadListQuery,
  ThreadListResponse,
  ThreadPageQuery,
  ThreadResponse,
  ThreadSummaryResponse,
  UpdateThreadBody,
} from '#shared/contracts/discussion.ts';
import {
  createThread,
  getThreadPage,
  listCommunityThreads,
  markInsight,
  updateThread,
} from './thread-service.ts';

/** A community's threads, a thread's page, and what facilitators and authors do to threads. */
export async function threadRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/communities/:id/threads',
    {
      schema: {
        tags: ['discussion'],
        params: IdParams,
        querystring: ThreadListQuery,
        response: { 200: ThreadListResponse },
      },
    },
    // Sent as the JSON text its statement writes (queries.ts, listThreads), as the thread page is
    // sent as text: checking and copying 20 threads against the response schema cost more Node
    // time than reading them. The schema documents it; threads.test.ts holds every list to it.
    async (request, reply) => {
      const list = await listCommunityThreads({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        query: request.query,
      });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(list);
    },
  );

  app.post(
    '/communities/:id/threads',
    {
      schema: {
        tags: ['discussion'],
        params: IdParams,
        body: CreateThreadBody,
        response: { 200: ThreadSummaryResponse, 201: ThreadSummaryResponse },
      },
    },
    async (request, reply) => {
      const { thread, created } = await createThread({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        body: request.body,
      });
      return reply.status(created ? 201 : 200).send({ data: thread });
    },
  );

  app.get(
    '/threads/:id',
    {
      schema: {
        tags: ['discussion'],
        params: IdParams,
        querystring: ThreadPageQuery,
        response: { 200: ThreadResponse },
      },
    },
    // The page of 50 replies is built from explicit fields (present.ts) and sent as JSON text,
    // most of it remembered: checking and copying it against the response schema took a third of
    // its Node time. The schema still documents it, and the tests hold every page to it
    // (thread-page-cache.test.ts).
    async (request, reply) => {
      const page = await getThreadPage({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(page);
    },
  );

  app.patch(
    '/threads/:id',
    {
      schema: {
        tags: ['discussion'],
        params: IdParams,
        body: UpdateThreadBody,
        response: { 200: ThreadSummaryResponse },
      },
    },
    async (request) => ({
      data: await updateThread({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.put(
    '/threads/:id/insight',
    {
      schema: {
        tags: ['discussion'],
        params: IdParams,
        body: InsightBody,
        response: { 200: ThreadSummaryResponse },
      },
    },
    async (request) => ({
      data: await markInsight({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
        postId: request.body.postId,
      }),
    }),
  );

  app.delete(
    '/threads/:id/insight',
    { schema: { tags: ['discussion'], params: IdParams, response: { 200: ThreadSummaryResponse } } },
    async (request) => ({
      data: await markInsight({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
        postId: null,
      }),
    }),
  );
}
