import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams, PageQuery } from '#shared/contracts/common.ts';
import {
  AudienceOptionsResponse,
  ChangesQuery,
  CreateResourceBody,
  RemixBody,
  ResourceChangesResponse,
  ResourceListResponse,
  ResourceResponse,
  ResourceVersionListResponse,
  ResourceVersionResponse,
  UpdateResourceBody,
  VersionParams,
} from '#shared/contracts/resources.ts';
import { audienceOptions } from './audience.ts';
import {
  createResource,
  deleteResource,
  getResource,
  getResourceChanges,
  getResourceVersion,
  listResourceRemixes,
  listResourceVersions,
  remixResource,
  updateResource,
} from './resource-service.ts';

/** Resources: share, read, edit (each edit a version), compare versions, withdraw, remix. */
export async function resourceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['resources'];

  app.post(
    '/resources',
    { schema: { tags, body: CreateResourceBody, response: { 201: ResourceResponse } } },
    async (request, reply) => {
      const data = await createResource({
        db: app.db,
        actor: requireActor(request),
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/resources/audience-options',
    { schema: { tags, response: { 200: AudienceOptionsResponse } } },
    async (request) => ({ data: await audienceOptions(app.db, requireActor(request)) }),
  );

  app.get(
    '/resources/:id',
    { schema: { tags, params: IdParams, response: { 200: ResourceResponse } } },
    // Built from explicit fields (present.ts, getResource) and sent as JSON text: checking and
    // copying it against the response schema cost a fifth of the page's Node time. The schema
    // documents it; resources.test.ts holds every page to it.
    async (request, reply) => {
      const data = await getResource({ db: app.db, actor: requireActor(request), id: request.params.id });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(JSON.stringify({ data }));
    },
  );

  app.patch(
    '/resources/:id',
    { schema: { tags, params: IdParams, body: UpdateResourceBody, response: { 200: ResourceResponse } } },
    async (request) => ({
      data: await updateResource({
        db: app.db,
        actor: requireActor(request),
        id: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.delete('/resources/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteResource({ db: app.db, actor: requireActor(request), id: request.params.id });
    return reply.status(204).send();
  });

  app.get(
    '/resources/:id/versions',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: ResourceVersionListResponse },
      },
    },
    async (request) =>
      listResourceVersions({
        db: app.db,
        actor: requireActor(request),
        id: request.params.id,
        query: request.query,
      }),
  );

  app.get(
    '/resources/:id/versions/:version',
    { schema: { tags, params: VersionParams, response: { 200: ResourceVersionResponse } } },
    async (request) => ({
      data: await getResourceVersion({
        db: app.db,
        actor: requireActor(request),
        id: request.params.id,
        version: request.params.version,
      }),
    }),
  );

  app.get(
    '/resources/:id/changes',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: ChangesQuery,
        response: { 200: ResourceChangesResponse },
      },
    },
    async (request) => ({
      data: await getResourceChanges({
        db: app.db,
        actor: requireActor(request),
        id: request.params.id,
        query: request.query,
      }),
    }),
  );

  app.post(
    '/resources/:id/remixes',
    { schema: { tags, params: IdParams, body: RemixBody, response: { 201: ResourceResponse } } },
    async (request, reply) => {
      const data = await remixResource({
        db: app.db,
        actor: requireActor(request),
        id: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/resources/:id/remixes',
    { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: ResourceListResponse } } },
    async (request) =>
      listResourceRemixes({
        db: app.db,
        actor: requireActor(request),
        id: request.params.id,
        query: request.query,
      }),
  );
}
