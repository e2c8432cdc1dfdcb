import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  InvitationBody,
  MemberListQuery,
  MemberListResponse,
  MemberParams,
  MemberResponse,
  MembershipResponse,
  MessageBody,
  UpdateMemberBody,
} from '#shared/contracts/communities.ts';
import {
  changeMemberRole,
  decideRequest,
  invitePerson,
  joinCommunity,
  leaveCommunity,
  listCommunityMembers,
  removeMember,
  requestToJoin,
  withdrawRequest,
} from './membership-service.ts';

/** Joining, leaving, requests, invitations and the member list of a community. */
export async function membershipRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['communities'];
  // A body may be left out entirely (Fastify then gives null).
  const OptionalMessage = MessageBody.nullish();

  app.post(
    '/communities/:id/join',
    { schema: { tags, params: IdParams, response: { 200: MembershipResponse } } },
    async (request) => ({
      data: {
        membership: await joinCommunity({
          db: app.db,
          actor: requireActor(request),
          communityId: request.params.id,
        }),
      },
    }),
  );

  app.post(
    '/communities/:id/leave',
    { schema: { tags, params: IdParams, response: { 200: MembershipResponse } } },
    async (request) => ({
      data: {
        membership: await leaveCommunity({
          db: app.db,
          actor: requireActor(request),
          communityId: request.params.id,
        }),
      },
    }),
  );

  app.post(
    '/communities/:id/requests',
    { schema: { tags, params: IdParams, body: OptionalMessage, response: { 200: MembershipResponse } } },
    async (request) => ({
      data: {
        membership: await requestToJoin({
          db: app.db,
          actor: requireActor(request),
          communityId: request.params.id,
          message: request.body?.message,
        }),
      },
    }),
  );

  app.delete(
    '/communities/:id/requests',
    { schema: { tags, params: IdParams, response: { 200: MembershipResponse } } },
    async (request) => ({
      data: {
        membership: await withdrawRequest({
          db: app.db,
          actor: requireActor(request),
          communityId: request.params.id,
        }),
      },
    }),
  );

  for (const [verb, approve] of [
    ['approve', true],
    ['decline', false],
  ] as const) {
    app.post(
      `/communities/:id/requests/:userId/${verb}`,
      { schema: { tags, params: MemberParams, body: OptionalMessage, response: { 200: MemberResponse } } },
      async (request) => ({
        data: await decideRequest({
          db: app.db,
          actor: requireActor(request),
          communityId: request.params.id,
          userId: request.params.userId,
          approve,
          message: request.body?.message,
        }),
      }),
    );
  }

  app.post(
    '/communities/:id/invitations',
    { schema: { tags, params: IdParams, body: InvitationBody, response: { 201: MemberResponse } } },
    async (request, reply) => {
      const data = await invitePerson({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        userId: request.body.userId,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/communities/:id/members',
    {
      schema: { tags, params: IdParams, querystring: MemberListQuery, response: { 200: MemberListResponse } },
    },
    async (request) =>
      listCommunityMembers({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        query: request.query,
      }),
  );

  app.patch(
    '/communities/:id/members/:userId',
    { schema: { tags, params: MemberParams, body: UpdateMemberBody, response: { 200: MemberResponse } } },
    async (request) => ({
      data: await changeMemberRole({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        userId: request.params.userId,
        role: request.body.role,
      }),
    }),
  );

  app.delete(
    '/communities/:id/members/:userId',
    { schema: { tags, params: MemberParams, body: OptionalMessage, response: { 200: MemberResponse } } },
    async (request) => ({
      data: await removeMember({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        userId: request.params.userId,
        message: request.body?.message,
      }),
    }),
  );
}
