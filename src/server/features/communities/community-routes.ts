import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  CommunityListQuery,
  CommunityListResponse,
  CommunityResponse,
  CreateCommunityBody,
  OwnerOptionsResponse,
  UpdateCommunityBody,
} from '#shared/contracts/communities.ts';
import {
  createCommunity,
  getCommunity,
  getOwnerOptions,
  listCommunities,
  setCommunityArchived,
  updateCommunity,
} from './service.ts';

/** Communities: browse, create, read, edit, archive. */
export async function communityRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['communities'];

  app.get(
    '/communities',
    { schema: { tags, querystring: CommunityListQuery, response: { 200: CommunityListResponse } } },
    // Built from explicit fields (listCommunities) and sent as JSON text, as the directory and the
    // thread page are: the response schema's check and copy of up to 50 cards cost Node time a
    // search can no longer spare. The schema documents it; communities.test.ts holds pages to it.
    async (request, reply) => {
      const page = await listCommunities({ db: app.db, actor: requireActor(request), query: request.query });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(JSON.stringify(page));
    },
  );

  app.get(
    '/communities/owner-options',
    { schema: { tags, response: { 200: OwnerOptionsResponse } } },
    async (request) => ({ data: await getOwnerOptions({ db: app.db, actor: requireActor(request) }) }),
  );

  app.post(
    '/communities',
    { schema: { tags, body: CreateCommunityBody, response: { 201: CommunityResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const data = await createCommunity({
        db: app.db,
        actor,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/communities/:id',
    { schema: { tags, params: IdParams, response: { 200: CommunityResponse } } },
    async (request) => ({
      data: await getCommunity({ db: app.db, actor: requireActor(request), communityId: request.params.id }),
    }),
  );

  app.patch(
    '/communities/:id',
    { schema: { tags, params: IdParams, body: UpdateCommunityBody, response: { 200: CommunityResponse } } },
    async (request) => ({
      data: await updateCommunity({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        body: request.body,
      }),
    }),
  );

  for (const [verb, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `/communities/:id/${verb}`,
      { schema: { tags, params: IdParams, response: { 200: CommunityResponse } } },
      async (request) => ({
        data: await setCommunityArchived({
          db: app.db,
          actor: requireActor(request),
          communityId: request.params.id,
          archived,
        }),
      }),
    );
  }
}
