import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import {
  AcceptInvitationBody,
  AcceptInvitationResponse,
  BulkInvitationBody,
  BulkInvitationResponse,
  CreateInvitationBody,
  InvitationListQuery,
  InvitationListResponse,
  InvitationLookupQuery,
  InvitationLookupResponse,
  InvitationResponse,
  ResendInvitationsBody,
  ResendInvitationsResponse,
} from '#shared/contracts/admin.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  acceptInvitation,
  bulkInvite,
  createInvitation,
  listInvitations,
  lookupInvitation,
  resendInvitation,
  resendInvitations,
  revokeInvitation,
} from './admin-service.ts';

/** Inviting staff (district admins) and accepting an invitation (the invited person, before sign-in). */
export async function invitationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const mail = (log: FastifyInstance['log']) => ({ config: app.config, mailer: app.mailer, log });

  app.post(
    '/invitations',
    { schema: { tags: ['invitations'], body: CreateInvitationBody, response: { 201: InvitationResponse } } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      const data = await createInvitation({ ...mail(request.log), db: app.db, actor, body: request.body });
      return reply.status(201).send({ data });
    },
  );

  app.post(
    '/invitations/bulk',
    {
      schema: { tags: ['invitations'], body: BulkInvitationBody, response: { 200: BulkInvitationResponse } },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await bulkInvite({ ...mail(request.log), db: app.db, actor, body: request.body }) };
    },
  );

  app.get(
    '/invitations',
    {
      schema: {
        tags: ['invitations'],
        querystring: InvitationListQuery,
        response: { 200: InvitationListResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return listInvitations({ db: app.db, actor, ...request.query });
    },
  );

  app.post(
    '/invitations/resend',
    {
      schema: {
        tags: ['invitations'],
        body: ResendInvitationsBody,
        response: { 200: ResendInvitationsResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      const data = await resendInvitations({
        ...mail(request.log),
        db: app.db,
        actor,
        ids: request.body.ids,
      });
      return { data };
    },
  );

  app.post(
    '/invitations/:id/resend',
    { schema: { tags: ['invitations'], params: IdParams, response: { 200: InvitationResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      const data = await resendInvitation({
        ...mail(request.log),
        db: app.db,
        actor,
        invitationId: request.params.id,
      });
      return { data };
    },
  );

  app.delete(
    '/invitations/:id',
    { schema: { tags: ['invitations'], params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      await revokeInvitation({ db: app.db, actor, invitationId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/invitations/lookup',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Look up an invitation by its token',
        security: [],
        querystring: InvitationLookupQuery,
        response: { 200: InvitationLookupResponse },
      },
      config: { authLimited: true },
    },
    async (request) => ({ data: await lookupInvitation({ db: app.db, token: request.query.token }) }),
  );

  app.post(
    '/invitations/accept',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation, creating the account',
        security: [],
        body: AcceptInvitationBody,
        response: { 201: AcceptInvitationResponse },
      },
      config: { authLimited: true },
    },
    async (request, reply) => {
      const data = await acceptInvitation({
        db: app.db,
        config: app.config,
        request,
        reply,
        ...request.body,
        rule: app.passwordSignInRule,
      });
      return reply.status(201).send({ data });
    },
  );
}
