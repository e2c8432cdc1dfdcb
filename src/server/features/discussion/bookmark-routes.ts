import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  BookmarkResponse,
  BookmarksQuery,
  BookmarksResponse,
  CreateBookmarkBody,
  ThreadBookmarksResponse,
  UpdateBookmarkBody,
} from '#shared/contracts/reading.ts';
import {
  createBookmark,
  deleteBookmark,
  listBookmarks,
  listThreadBookmarks,
  updateBookmark,
} from './bookmark-service.ts';

/** Bookmarks of threads and posts, private to their person, with optional reminders. */
export async function bookmarkRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['discussion'];

  app.get(
    '/bookmarks',
    { schema: { tags, querystring: BookmarksQuery, response: { 200: BookmarksResponse } } },
    async (request) => listBookmarks({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/bookmarks',
    {
      schema: { tags, body: CreateBookmarkBody, response: { 200: BookmarkResponse, 201: BookmarkResponse } },
    },
    async (request, reply) => {
      const { bookmark, created } = await createBookmark({
        db: app.db,
        actor: requireActor(request),
        body: request.body,
      });
      return reply.status(created ? 201 : 200).send({ data: bookmark });
    },
  );

  app.patch(
    '/bookmarks/:id',
    { schema: { tags, params: IdParams, body: UpdateBookmarkBody, response: { 200: BookmarkResponse } } },
    async (request) => ({
      data: await updateBookmark({
        db: app.db,
        actor: requireActor(request),
        id: request.params.id,
        remindAt: request.body.remindAt,
      }),
    }),
  );

  app.delete(
    '/bookmarks/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteBookmark({ db: app.db, actor: requireActor(request), id: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/threads/:id/bookmarks',
    { schema: { tags, params: IdParams, response: { 200: ThreadBookmarksResponse } } },
    async (request) => ({
      data: await listThreadBookmarks({
        db: app.db,
        actor: requireActor(request),
        threadId: request.params.id,
      }),
    }),
  );
}
