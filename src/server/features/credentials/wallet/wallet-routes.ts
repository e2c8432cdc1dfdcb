import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  HolderListQuery,
  HolderListResponse,
  MyAwardListQuery,
  MyAwardListResponse,
  MyAwardResponse,
  PortfolioResponse,
  PublicPortfolioResponse,
  ShownAwardListResponse,
  UpdateMyAwardBody,
  UpdatePortfolioBody,
  UserIdParams,
} from '#shared/contracts/wallet.ts';
import {
  getMyPortfolio,
  getPublicPortfolio,
  listHolders,
  listMyAwards,
  listProfileAwards,
  updateMyAward,
  updateMyPortfolio,
} from './wallet-service.ts';

/**
 * The earner's side of credentials: their wallet of awards and consent to be listed, the opt-in
 * public portfolio, credentials on profiles, and the holders of a credential open to mentoring.
 */
export async function walletRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['credentials'];

  app.get(
    '/my/awards',
    { schema: { tags, querystring: MyAwardListQuery, response: { 200: MyAwardListResponse } } },
    async (request) =>
      listMyAwards({
        db: app.db,
        actor: requireActor(request),
        query: request.query,
        publicUrl: app.config.PUBLIC_URL,
      }),
  );

  app.patch(
    '/my/awards/:id',
    { schema: { tags, params: IdParams, body: UpdateMyAwardBody, response: { 200: MyAwardResponse } } },
    async (request) => ({
      data: await updateMyAward({
        db: app.db,
        actor: requireActor(request),
        awardId: request.params.id,
        listed: request.body.listed,
        publicUrl: app.config.PUBLIC_URL,
      }),
    }),
  );

  app.get('/my/portfolio', { schema: { tags, response: { 200: PortfolioResponse } } }, async (request) => ({
    data: await getMyPortfolio({
      db: app.db,
      actor: requireActor(request),
      publicUrl: app.config.PUBLIC_URL,
    }),
  }));

  app.patch(
    '/my/portfolio',
    { schema: { tags, body: UpdatePortfolioBody, response: { 200: PortfolioResponse } } },
    async (request) => ({
      data: await updateMyPortfolio({
        db: app.db,
        actor: requireActor(request),
        isPublic: request.body.public,
        publicUrl: app.config.PUBLIC_URL,
      }),
    }),
  );

  // No sign-in: the page a person chose to make public.
  app.get(
    '/public/portfolio/:userId',
    { schema: { tags, params: UserIdParams, response: { 200: PublicPortfolioResponse } } },
    async (request) => ({
      data: await getPublicPortfolio({
        db: app.db,
        userId: request.params.userId,
        publicUrl: app.config.PUBLIC_URL,
      }),
    }),
  );

  // Signed in or not: as far as the viewer may open the person's profile.
  app.get(
    '/people/:id/awards',
    {
      schema: {
        tags,
        summary: 'List the credentials a person shows on their profile',
        security: [{}, { session: [] }],
        params: IdParams,
        response: { 200: ShownAwardListResponse },
      },
    },
    async (request) => ({
      data: await listProfileAwards({
        db: app.db,
        actor: request.actor,
        userId: request.params.id,
        publicUrl: app.config.PUBLIC_URL,
      }),
    }),
  );

  app.get(
    '/micro-credentials/:id/holders',
    {
      schema: { tags, params: IdParams, querystring: HolderListQuery, response: { 200: HolderListResponse } },
    },
    async (request) =>
      listHolders({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        query: request.query,
      }),
  );
}
