import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams, PageQuery } from '#shared/contracts/common.ts';
import {
  PasswordChangeBody,
  PasswordResetCompleteBody,
  PasswordResetRequestBody,
  PasswordResetRequestResponse,
  SessionListResponse,
} from '#shared/contracts/passwords.ts';
import {
  changePassword,
  completePasswordReset,
  listSessions,
  RESET_REQUESTED_MESSAGE,
  requestPasswordReset,
  revokeOtherSessions,
  revokeSession,
} from './password-service.ts';

/** Password reset by emailed link, password change, and the devices a person is signed in on. */
export async function passwordRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/password-resets',
    {
      schema: {
        tags: ['password'],
        summary: 'Ask for a password reset link by email',
        security: [],
        body: PasswordResetRequestBody,
        response: { 202: PasswordResetRequestResponse },
      },
      config: { authLimited: true },
    },
    async (request, reply) => {
      await requestPasswordReset({
        db: app.db,
        config: app.config,
        mailer: app.mailer,
        log: request.log,
        email: request.body.email,
      });
      return reply.status(202).send({ data: { message: RESET_REQUESTED_MESSAGE } });
    },
  );

  app.post(
    '/password-resets/complete',
    {
      schema: {
        tags: ['password'],
        summary: 'Set a new password with a reset link',
        security: [],
        body: PasswordResetCompleteBody,
        response: { 204: z.null() },
      },
      config: { authLimited: true },
    },
    async (request, reply) => {
      await completePasswordReset({
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

  app.put(
    '/password',
    { schema: { tags: ['password'], body: PasswordChangeBody, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await changePassword({
        db: app.db,
        actor,
        sessionTokenHash: request.sessionTokenHash,
        ip: request.ip,
        reply,
        ...request.body,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/sessions',
    { schema: { tags: ['session'], querystring: PageQuery, response: { 200: SessionListResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return listSessions({ db: app.db, actor, ...request.query });
    },
  );

  app.delete(
    '/sessions/:id',
    { schema: { tags: ['session'], params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokeSession({
        db: app.db,
        config: app.config,
        request,
        reply,
        actor,
        sessionId: request.params.id,
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sessions/revoke-others',
    { schema: { tags: ['session'], response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokeOtherSessions({ db: app.db, actor, sessionTokenHash: request.sessionTokenHash });
      return reply.status(204).send(null);
    },
  );
}
