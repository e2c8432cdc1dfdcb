import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { FeedQuery, FeedResponse, FeedSeenBody, FeedSeenResponse } from '#shared/contracts/feed.ts';
import { markFeedSeen, readFeedJson } from './feed-service.ts';

/** The home feed: what happened in one's communities and from the people one follows. */
export async function feedRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/feed',
    {
      schema: {
        tags: ['feed'],
        summary: 'Read the home feed of followed people and communities',
        querystring: FeedQuery,
        response: { 200: FeedResponse },
      },
    },
    // Sent as JSON text: a first page is remembered as the text sent (page-cache.ts). The schema still
    // documents it, and the feed tests hold every page to it.
    async (request, reply) =>
      (reply as FastifyReply)
        .type('application/json; charset=utf-8')
        .send(await readFeedJson({ db: app.db, actor: requireActor(request), query: request.query })),
  );

  app.post(
    '/feed/seen',
    { schema: { tags: ['feed'], body: FeedSeenBody, response: { 200: FeedSeenResponse } } },
    async (request) => ({
      data: await markFeedSeen({ db: app.db, actor: requireActor(request), at: request.body?.at }),
    }),
  );
}
