import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLocalAddress } from '#server/platform/public-url.ts';
import { SessionResponse, SignInBody } from '#shared/contracts/session.ts';
import { signIn, signOut } from './session-service.ts';

/** Sign-in, sign-out and the current session. */
export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Get the signed-in person and their CSRF token (data is null when signed out)',
        security: [{}, { session: [] }],
        response: { 200: SessionResponse },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (!actor) return { data: null };
      return {
        data: {
          user: {
            id: actor.userId,
            name: actor.name,
            email: actor.email,
            districtId: actor.districtId,
            roles: actor.roles,
            networkIds: actor.networkIds,
            networkAdminOf: actor.networkAdminOf,
          },
          csrfToken: actor.csrfToken,
          development: app.config.devOutbox,
          publicUrlIsLocal: isLocalAddress(app.config.PUBLIC_URL),
        },
      };
    },
  );

  app.post(
    '/session',
    {
      // Not under the per-address attempt limit: a school's teachers share one address. Failed
      // attempts are slowed per account and per address instead (decision 013).
      schema: {
        tags: ['session'],
        summary: 'Sign in with email and password',
        security: [],
        body: SignInBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await signIn({
        db: app.db,
        config: app.config,
        request,
        reply,
        ...request.body,
        rule: app.passwordSignInRule,
      });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out',
        security: [{}, { session: [], csrf: [] }],
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await signOut({ db: app.db, config: app.config, request, reply });
      return reply.status(204).send(null);
    },
  );
}
