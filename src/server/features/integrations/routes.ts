import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import { IdParams, PageQuery } from '#shared/contracts/common.ts';
import {
  ApiClientListResponse,
  ApiClientResponse,
  ApiClientWithSecretResponse,
  CreateApiClientBody,
} from '#shared/contracts/integrations.ts';
import {
  createApiClient,
  getApiClient,
  listApiClients,
  retirePreviousApiClientSecret,
  revokeApiClient,
  rotateApiClientSecret,
} from './service.ts';

/** A district administrator's API clients: create, rotate, retire the previous secret, revoke. */
export async function apiClientRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api-clients',
    { schema: { tags: ['integrations'], querystring: PageQuery, response: { 200: ApiClientListResponse } } },
    async (request) => listApiClients({ db: app.db, actor: requireDistrictAdmin(request), ...request.query }),
  );

  app.post(
    '/api-clients',
    {
      schema: {
        tags: ['integrations'],
        summary: 'Create an API client; its secret is in this answer only',
        body: CreateApiClientBody,
        response: { 201: ApiClientWithSecretResponse },
      },
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      return reply.status(201).send(await createApiClient({ db: app.db, actor, body: request.body }));
    },
  );

  app.get(
    '/api-clients/:id',
    { schema: { tags: ['integrations'], params: IdParams, response: { 200: ApiClientResponse } } },
    async (request) =>
      getApiClient({ db: app.db, actor: requireDistrictAdmin(request), id: request.params.id }),
  );

  app.post(
    '/api-clients/:id/rotate',
    {
      schema: {
        tags: ['integrations'],
        summary:
          'Give an API client a new secret (in this answer only); the previous one works until retired',
        params: IdParams,
        response: { 200: ApiClientWithSecretResponse },
      },
    },
    async (request) =>
      rotateApiClientSecret({ db: app.db, actor: requireDistrictAdmin(request), id: request.params.id }),
  );

  app.post(
    '/api-clients/:id/retire',
    {
      schema: {
        tags: ['integrations'],
        summary: 'Stop accepting an API client’s previous secret',
        params: IdParams,
        response: { 200: ApiClientResponse },
      },
    },
    async (request) =>
      retirePreviousApiClientSecret({
        db: app.db,
        actor: requireDistrictAdmin(request),
        id: request.params.id,
      }),
  );

  app.post(
    '/api-clients/:id/revoke',
    {
      schema: {
        tags: ['integrations'],
        summary: 'Revoke an API client; its next request is refused',
        params: IdParams,
        response: { 200: ApiClientResponse },
      },
    },
    async (request) =>
      revokeApiClient({ db: app.db, actor: requireDistrictAdmin(request), id: request.params.id }),
  );
}
