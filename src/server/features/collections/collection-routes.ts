import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import {
  AddCollectionItemBody,
  CollectionItemParams,
  CollectionListQuery,
  CollectionListResponse,
  CollectionResponse,
  CreateCollectionBody,
  UpdateCollectionBody,
  UpdateCollectionItemBody,
} from '#shared/contracts/collections.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  addCollectionItem,
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  removeCollectionItem,
  updateCollection,
  updateCollectionItem,
} from './collection-service.ts';

/** Collections: browse, curate (ordered, annotated items) and share like a resource. */
export async function collectionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['collections'];

  app.get(
    '/collections',
    { schema: { tags, querystring: CollectionListQuery, response: { 200: CollectionListResponse } } },
    async (request) => listCollections({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/collections',
    { schema: { tags, body: CreateCollectionBody, response: { 201: CollectionResponse } } },
    async (request, reply) => {
      const data = await createCollection({
        db: app.db,
        actor: requireActor(request),
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/collections/:id',
    { schema: { tags, params: IdParams, response: { 200: CollectionResponse } } },
    async (request) => ({
      data: await getCollection({
        db: app.db,
        actor: requireActor(request),
        collectionId: request.params.id,
      }),
    }),
  );

  app.patch(
    '/collections/:id',
    { schema: { tags, params: IdParams, body: UpdateCollectionBody, response: { 200: CollectionResponse } } },
    async (request) => ({
      data: await updateCollection({
        db: app.db,
        actor: requireActor(request),
        collectionId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.delete(
    '/collections/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteCollection({ db: app.db, actor: requireActor(request), collectionId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/collections/:id/items',
    {
      schema: { tags, params: IdParams, body: AddCollectionItemBody, response: { 201: CollectionResponse } },
    },
    async (request, reply) => {
      const data = await addCollectionItem({
        db: app.db,
        actor: requireActor(request),
        collectionId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.patch(
    '/collections/:id/items/:resourceId',
    {
      schema: {
        tags,
        params: CollectionItemParams,
        body: UpdateCollectionItemBody,
        response: { 200: CollectionResponse },
      },
    },
    async (request) => ({
      data: await updateCollectionItem({
        db: app.db,
        actor: requireActor(request),
        collectionId: request.params.id,
        resourceId: request.params.resourceId,
        body: request.body,
      }),
    }),
  );

  app.delete(
    '/collections/:id/items/:resourceId',
    { schema: { tags, params: CollectionItemParams, response: { 200: CollectionResponse } } },
    async (request) => ({
      data: await removeCollectionItem({
        db: app.db,
        actor: requireActor(request),
        collectionId: request.params.id,
        resourceId: request.params.resourceId,
      }),
    }),
  );
}
