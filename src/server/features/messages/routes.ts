import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams, PageQuery } from '#shared/contracts/common.ts';
import {
  AddPeopleBody,
  BlockListResponse,
  ConversationListResponse,
  ConversationMembersResponse,
  ConversationResponse,
  MessageListResponse,
  MessageReportListResponse,
  MessageResponse,
  MessageSearchQuery,
  MessageSearchResponse,
  MessagingPolicyResponse,
  RecipientListResponse,
  RecipientQuery,
  RecipientResponse,
  ReportMessageBody,
  SendMessageBody,
  StartConversationBody,
  UnreadMessagesResponse,
} from '#shared/contracts/messages.ts';
import { addPeople, removePerson } from './members.ts';
import * as service from './service.ts';

const tags = ['messages'];

/** Conversations, messages, search in one's own messages, blocks and reports. */
export async function messageRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  app.get(
    '/conversations',
    { schema: { tags, querystring: PageQuery, response: { 200: ConversationListResponse } } },
    async (request) => service.listConversations({ db, actor: requireActor(request), ...request.query }),
  );

  app.post(
    '/conversations',
    {
      schema: {
        tags,
        body: StartConversationBody,
        response: {
          201: z.object({
            data: z.object({ conversationId: z.string(), message: MessageResponse.shape.data }),
          }),
        },
      },
    },
    async (request, reply) => {
      const data = await service.startConversation({ db, actor: requireActor(request), ...request.body });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/conversations/:id',
    { schema: { tags, params: IdParams, response: { 200: ConversationResponse } } },
    async (request) =>
      service.readConversation({ db, actor: requireActor(request), conversationId: request.params.id }),
  );

  app.get(
    '/conversations/:id/messages',
    { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: MessageListResponse } } },
    async (request) =>
      service.listMessages({
        db,
        actor: requireActor(request),
        conversationId: request.params.id,
        ...request.query,
      }),
  );

  app.post(
    '/conversations/:id/messages',
    { schema: { tags, params: IdParams, body: SendMessageBody, response: { 201: MessageResponse } } },
    async (request, reply) => {
      const data = await service.sendMessage({
        db,
        actor: requireActor(request),
        conversationId: request.params.id,
        ...request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.post(
    '/conversations/:id/people',
    {
      schema: {
        tags,
        params: IdParams,
        body: AddPeopleBody,
        response: { 200: ConversationMembersResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const people = await addPeople({
        db,
        actor,
        conversationId: request.params.id,
        participantIds: request.body.participantIds,
        mayWrite: async (tx, row, others) => (await service.closedFor(tx, actor, row, others)) === null,
      });
      return { data: { people } };
    },
  );

  // Leaving (one's own id) or, by the group's keeper, removing someone.
  app.delete(
    '/conversations/:id/people/:userId',
    {
      schema: {
        tags,
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        response: { 200: ConversationMembersResponse },
      },
    },
    async (request) => {
      const people = await removePerson({
        db,
        actor: requireActor(request),
        conversationId: request.params.id,
        userId: request.params.userId,
      });
      return { data: { people } };
    },
  );

  app.post(
    '/conversations/:id/read',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.markConversationRead({
        db,
        actor: requireActor(request),
        conversationId: request.params.id,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/messages/unread',
    { schema: { tags, response: { 200: UnreadMessagesResponse } } },
    async (request) => ({
      data: { count: await service.countUnreadMessages({ db, actor: requireActor(request) }) },
    }),
  );

  app.get(
    '/messages/search',
    { schema: { tags, querystring: MessageSearchQuery, response: { 200: MessageSearchResponse } } },
    async (request) => {
      const { q, ...page } = request.query;
      return service.searchMyMessages({ db, actor: requireActor(request), query: q, ...page });
    },
  );

  app.get(
    '/messages/policy',
    { schema: { tags, response: { 200: MessagingPolicyResponse } } },
    async (request) => ({
      data: await service.readMessagingPolicy({
        db,
        actor: requireActor(request),
        recordsRetention: app.config.MESSAGES_RECORDS_RETENTION,
      }),
    }),
  );

  app.get(
    '/messages/recipients',
    { schema: { tags, querystring: RecipientQuery, response: { 200: RecipientListResponse } } },
    async (request) => ({
      data: await service.findRecipients({ db, actor: requireActor(request), query: request.query.q }),
    }),
  );

  app.get(
    '/messages/recipients/:id',
    { schema: { tags, params: IdParams, response: { 200: RecipientResponse } } },
    async (request) => service.findRecipient({ db, actor: requireActor(request), userId: request.params.id }),
  );

  app.post(
    '/messages/:id/reports',
    {
      schema: {
        tags,
        params: IdParams,
        body: ReportMessageBody,
        response: { 201: z.object({ data: z.object({ id: z.string() }) }) },
      },
    },
    async (request, reply) => {
      const data = await service.reportMessage({
        db,
        actor: requireActor(request),
        messageId: request.params.id,
        reason: request.body.reason,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get('/message-blocks', { schema: { tags, response: { 200: BlockListResponse } } }, async (request) => ({
    data: await service.listBlockedPeople({ db, actor: requireActor(request) }),
  }));

  app.put(
    '/message-blocks/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.blockPerson({ db, actor: requireActor(request), userId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/message-blocks/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.unblockPerson({ db, actor: requireActor(request), userId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  // The administrators' queue: reported messages of their district's people, as copies; never a conversation.
  app.get(
    '/admin/message-reports',
    { schema: { tags, querystring: PageQuery, response: { 200: MessageReportListResponse } } },
    async (request) => service.listMessageReports({ db, actor: requireActor(request), ...request.query }),
  );

  app.post(
    '/admin/message-reports/:id/resolve',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.resolveMessageReport({ db, actor: requireActor(request), reportId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
