import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  CommunityWatchResponse,
  MarkAllReadBody,
  MarkedResponse,
  MarkReadBody,
  ThreadReadingResponse,
  UnreadCountsResponse,
  UnreadThreadsQuery,
  UnreadThreadsResponse,
  WatchBody,
} from '#shared/contracts/reading.ts';
import {
  getCommunityWatch,
  getThreadReading,
  getUnreadCounts,
  getUnreadThreads,
  readCommunities,
  readThread,
  watchCommunity,
  watchThread,
} from './reading-service.ts';

/** What each person has read, the "new and unread" view, and how closely they follow threads and communities. */
export async function readingRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['discussion'];

  app.get(
    '/threads/:id/reading',
    { schema: { tags, params: IdParams, response: { 200: ThreadReadingResponse } } },
    async (request) => ({
      data: await getThreadReading({ db: app.db, actor: requireActor(request), threadId: request.params.id }),
    }),
  );

  app.post(
    '/threads/:id/read',
    { schema: { tags, params: IdParams, body: MarkReadBody, response: { 200: ThreadReadingResponse } } },
    async (request) => ({
      data: await readThread({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
        postId: request.body.postId,
      }),
    }),
  );

  app.put(
    '/threads/:id/watch',
    { schema: { tags, params: IdParams, body: WatchBody, response: { 200: ThreadReadingResponse } } },
    async (request) => ({
      data: await watchThread({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
        level: request.body.level,
      }),
    }),
  );

  app.get(
    '/communities/:id/watch',
    { schema: { tags, params: IdParams, response: { 200: CommunityWatchResponse } } },
    async (request) => ({
      data: await getCommunityWatch({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
      }),
    }),
  );

  app.put(
    '/communities/:id/watch',
    { schema: { tags, params: IdParams, body: WatchBody, response: { 200: CommunityWatchResponse } } },
    async (request) => ({
      data: await watchCommunity({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        level: request.body.level,
      }),
    }),
  );

  app.post(
    '/communities/:id/read',
    { schema: { tags, params: IdParams, response: { 200: MarkedResponse } } },
    async (request) => ({
      data: await readCommunities({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
      }),
    }),
  );

  app.get(
    '/unread/counts',
    { schema: { tags, response: { 200: UnreadCountsResponse } } },
    // Sent as the JSON text its statement writes (reading-queries.ts), as thread lists are: the
    // schema documents it; reading.test.ts holds the counts to it.
    async (request, reply) =>
      (reply as FastifyReply)
        .type('application/json; charset=utf-8')
        .send(await getUnreadCounts({ db: app.db, actor: requireActor(request) })),
  );

  app.get(
    '/unread',
    { schema: { tags, querystring: UnreadThreadsQuery, response: { 200: UnreadThreadsResponse } } },
    async (request) => getUnreadThreads({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/unread/read',
    { schema: { tags, body: MarkAllReadBody, response: { 200: MarkedResponse } } },
    async (request) => ({
      data: await readCommunities({
        db: app.db,
        actor: requireActor(request),
        communityId: request.body.communityId,
      }),
    }),
  );
}
