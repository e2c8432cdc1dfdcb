import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import { IdParams, PageQuery } from '#shared/contracts/common.ts';
import {
  CreateIdentityLinkBody,
  CreateIdentityLinkResponse,
  DeleteIdentityLinkResponse,
  IdentityLinkListResponse,
  LrsSettingsResponse,
  UnmatchedIdentityListResponse,
  UpdateLrsSettingsBody,
} from '#shared/contracts/lrs-identities.ts';
import {
  createIdentityLink,
  deleteIdentityLink,
  getLrsSettings,
  listIdentityLinks,
  listUnmatchedIdentities,
  updateLrsSettings,
} from './identity-service.ts';

/** A district administrator's LRS page: its address, home page, unmatched and mapped identities. */
export async function identityRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['lrs'];

  app.get('/lrs/settings', { schema: { tags, response: { 200: LrsSettingsResponse } } }, async (request) => ({
    data: await getLrsSettings({ db: app.db, actor: requireDistrictAdmin(request) }),
  }));

  app.put(
    '/lrs/settings',
    { schema: { tags, body: UpdateLrsSettingsBody, response: { 200: LrsSettingsResponse } } },
    async (request) => ({
      data: await updateLrsSettings({ db: app.db, actor: requireDistrictAdmin(request), body: request.body }),
    }),
  );

  app.get(
    '/lrs/unmatched-identities',
    {
      schema: {
        tags,
        summary: 'Actors of stored statements that match no one of the district, by identity',
        querystring: PageQuery,
        response: { 200: UnmatchedIdentityListResponse },
      },
    },
    async (request) =>
      listUnmatchedIdentities({ db: app.db, actor: requireDistrictAdmin(request), ...request.query }),
  );

  app.get(
    '/lrs/identity-links',
    { schema: { tags, querystring: PageQuery, response: { 200: IdentityLinkListResponse } } },
    async (request) =>
      listIdentityLinks({ db: app.db, actor: requireDistrictAdmin(request), ...request.query }),
  );

  app.post(
    '/lrs/identity-links',
    {
      schema: {
        tags,
        summary: 'Map an identity to a staff member; the statements stored before become theirs',
        body: CreateIdentityLinkBody,
        response: { 201: CreateIdentityLinkResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createIdentityLink({ db: app.db, actor: requireDistrictAdmin(request), body: request.body }),
        ),
  );

  app.delete(
    '/lrs/identity-links/:id',
    { schema: { tags, params: IdParams, response: { 200: DeleteIdentityLinkResponse } } },
    async (request) =>
      deleteIdentityLink({ db: app.db, actor: requireDistrictAdmin(request), id: request.params.id }),
  );
}
