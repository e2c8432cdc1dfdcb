import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  CreateReplyBody,
  PostResponse,
  ReactionParams,
  ReactionsResponse,
  RevisionsResponse,
  UpdatePostBody,
} from '#shared/contracts/discussion.ts';
import { createReply, deletePost, editPost, listRevisions, setReaction } from './post-service.ts';

/** Replies, edits with their history, deletion and reactions. */
export async function postRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/threads/:id/posts',
    {
      schema: {
        tags: ['discussion'],
        params: IdParams,
        body: CreateReplyBody,
        response: { 200: PostResponse, 201: PostResponse },
      },
    },
    async (request, reply) => {
      const { post, created } = await createReply({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
        body: request.body,
        onSignalsLost: () => request.log.warn('a saved reply could not be signalled to open pages'),
      });
      return reply.status(created ? 201 : 200).send({ data: post });
    },
  );

  app.patch(
    '/posts/:id',
    {
      schema: {
        tags: ['discussion'],
        params: IdParams,
        body: UpdatePostBody,
        response: { 200: PostResponse },
      },
    },
    async (request) => ({
      data: await editPost({
        db: app.db,
        actor: requireActor(request),
        postId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.delete(
    '/posts/:id',
    { schema: { tags: ['discussion'], params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deletePost({ db: app.db, actor: requireActor(request), postId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/posts/:id/revisions',
    { schema: { tags: ['discussion'], params: IdParams, response: { 200: RevisionsResponse } } },
    async (request) => ({
      data: await listRevisions({ db: app.db, actor: requireActor(request), postId: request.params.id }),
    }),
  );

  for (const method of ['put', 'delete'] as const) {
    app[method](
      '/posts/:id/reactions/:kind',
      { schema: { tags: ['discussion'], params: ReactionParams, response: { 200: ReactionsResponse } } },
      async (request) => ({
        data: await setReaction({
          db: app.db,
          actor: requireActor(request),
          postId: request.params.id,
          kind: request.params.kind,
          on: method === 'put',
        }),
      }),
    );
  }
}
