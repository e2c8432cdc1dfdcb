import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requireDistrictAdmin } from '#server/platform/auth.ts';
import { IdParams, PageQuery } from '#shared/contracts/common.ts';
import {
  ClipParams,
  DistrictVideoPolicyBody,
  DistrictVideoPolicyResponse,
  LibraryClipResponse,
  LibraryResponse,
  ShareClipBody,
} from '#shared/contracts/video-library.ts';
import {
  listCommunityLibrary,
  readDistrictVideoPolicy,
  shareClipWithCommunity,
  takeBackClip,
  updateDistrictVideoPolicy,
} from './service.ts';

const tags = ['video'];

/** A community's video library, and the district's video policy for its administrators. */
export async function videoLibraryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/communities/:id/video-clips',
    { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: LibraryResponse } } },
    async (request) =>
      listCommunityLibrary({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        cursor: request.query.cursor,
        limit: request.query.limit,
      }),
  );

  app.post(
    '/communities/:id/video-clips',
    { schema: { tags, params: IdParams, body: ShareClipBody, response: { 201: LibraryClipResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const data = await shareClipWithCommunity({
        db: app.db,
        actor,
        communityId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.delete(
    '/communities/:id/video-clips/:clipId',
    { schema: { tags, params: ClipParams } },
    async (request, reply) => {
      await takeBackClip({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        clipId: request.params.clipId,
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/district/video-policy',
    { schema: { tags, response: { 200: DistrictVideoPolicyResponse } } },
    async (request) => readDistrictVideoPolicy({ db: app.db, actor: requireDistrictAdmin(request) }),
  );

  app.put(
    '/district/video-policy',
    { schema: { tags, body: DistrictVideoPolicyBody, response: { 200: DistrictVideoPolicyResponse } } },
    async (request) =>
      updateDistrictVideoPolicy({ db: app.db, actor: requireDistrictAdmin(request), body: request.body }),
  );
}
