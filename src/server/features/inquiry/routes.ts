import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  AdaptTemplateBody,
  AddMembersBody,
  CycleListQuery,
  CycleListResponse,
  CycleResponse,
  DueResponse,
  ReadingBody,
  ReflectionResponse,
  ReflectionRolesBody,
  RemarkBody,
  SetPhasesBody,
  StartCycleBody,
  StudyBody,
  StudyResponse,
  TemplateListResponse,
  TemplateResponse,
  UpdateCycleBody,
} from '#shared/contracts/inquiry.ts';
import {
  adaptTemplate,
  addCycleMembers,
  addReading,
  addRemark,
  getCycle,
  getReflection,
  getStudy,
  listCommunityCycles,
  listDue,
  listMyCycles,
  listNetworkCycles,
  listTemplates,
  removeCycleMember,
  removeReading,
  setCyclePhases,
  setReflectionRoles,
  startCycle,
  updateCycle,
  updateStudy,
} from './service.ts';

/** Sends a read's answer as JSON text, without the response schema's check and copy (decision 033). */
const sendJson = (reply: FastifyReply, body: unknown) =>
  reply.type('application/json; charset=utf-8').send(JSON.stringify(body));

const MemberParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });
const ReadingParams = z.strictObject({ id: z.uuid(), readingId: z.uuid() });

/** Inquiry cycles: templates, starting and steering a cycle, its lists, what is due, Study and Reflect. */
export async function inquiryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['inquiry'];

  app.get(
    '/inquiry/templates',
    { schema: { tags, summary: 'List the cycle templates', response: { 200: TemplateListResponse } } },
    async (request) => ({ data: await listTemplates({ db: app.db, actor: requireActor(request) }) }),
  );

  app.post(
    '/networks/:id/inquiry-templates',
    {
      schema: {
        tags,
        summary: "Adapt a template for the network's cycles",
        params: IdParams,
        body: AdaptTemplateBody,
        response: { 201: TemplateResponse },
      },
    },
    async (request, reply) => {
      const data = await adaptTemplate({
        db: app.db,
        actor: requireActor(request),
        networkId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.post(
    '/inquiry/cycles',
    {
      schema: {
        tags,
        summary: 'Start an inquiry cycle',
        body: StartCycleBody,
        response: { 201: CycleResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const cycleId = await startCycle({ db: app.db, actor, body: request.body });
      return reply.status(201).send(await getCycle({ db: app.db, actor, cycleId }));
    },
  );

  app.get(
    '/inquiry/cycles',
    {
      schema: {
        tags,
        summary: 'List the cycles I take part in',
        querystring: CycleListQuery,
        response: { 200: CycleListResponse },
      },
    },
    async (request) => listMyCycles({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/inquiry/due',
    { schema: { tags, summary: 'What is due in my cycles', response: { 200: DueResponse } } },
    async (request) => ({ data: await listDue({ db: app.db, actor: requireActor(request) }) }),
  );

  app.get(
    '/networks/:id/cycles',
    {
      schema: {
        tags,
        summary: "List a network's cycles",
        params: IdParams,
        querystring: CycleListQuery,
        response: { 200: CycleListResponse },
      },
    },
    // Built field by field as CycleListResponse, which the tests hold it to.
    async (request, reply) =>
      sendJson(
        reply,
        await listNetworkCycles({
          db: app.db,
          actor: requireActor(request),
          networkId: request.params.id,
          query: request.query,
        }),
      ),
  );

  app.get(
    '/communities/:id/cycles',
    {
      schema: {
        tags,
        summary: "List a community's cycles",
        params: IdParams,
        querystring: CycleListQuery,
        response: { 200: CycleListResponse },
      },
    },
    async (request) =>
      listCommunityCycles({
        db: app.db,
        actor: requireActor(request),
        communityId: request.params.id,
        query: request.query,
      }),
  );

  app.get(
    '/inquiry/cycles/:id',
    {
      schema: { tags, summary: 'Read an inquiry cycle', params: IdParams, response: { 200: CycleResponse } },
    },
    // Built field by field as CycleResponse, which the tests hold it to.
    async (request, reply) =>
      sendJson(
        reply,
        await getCycle({ db: app.db, actor: requireActor(request), cycleId: request.params.id }),
      ),
  );

  app.patch(
    '/inquiry/cycles/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move on or complete a cycle',
        params: IdParams,
        body: UpdateCycleBody,
        response: { 200: CycleResponse },
      },
    },
    async (request) =>
      updateCycle({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      }),
  );

  app.put(
    '/inquiry/cycles/:id/phases',
    {
      schema: {
        tags,
        summary: "Set the dates of a cycle's phases",
        params: IdParams,
        body: SetPhasesBody,
        response: { 200: CycleResponse },
      },
    },
    async (request) =>
      setCyclePhases({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      }),
  );

  app.post(
    '/inquiry/cycles/:id/members',
    {
      schema: {
        tags,
        summary: 'Add people to a cycle',
        params: IdParams,
        body: AddMembersBody,
        response: { 200: CycleResponse },
      },
    },
    async (request) =>
      addCycleMembers({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        userIds: request.body.userIds,
      }),
  );

  app.delete(
    '/inquiry/cycles/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Take someone off a cycle',
        params: MemberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeCycleMember({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        userId: request.params.userId,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/inquiry/cycles/:id/study',
    {
      schema: {
        tags,
        summary: "Read a lesson study's Study phase",
        params: IdParams,
        response: { 200: StudyResponse },
      },
    },
    async (request) => getStudy({ db: app.db, actor: requireActor(request), cycleId: request.params.id }),
  );

  app.put(
    '/inquiry/cycles/:id/study',
    {
      schema: {
        tags,
        summary: 'Write the research theme, goal and progression',
        params: IdParams,
        body: StudyBody,
        response: { 200: StudyResponse },
      },
    },
    async (request) =>
      updateStudy({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      }),
  );

  app.post(
    '/inquiry/cycles/:id/readings',
    {
      schema: {
        tags,
        summary: 'Add background reading',
        params: IdParams,
        body: ReadingBody,
        response: { 201: StudyResponse },
      },
    },
    async (request, reply) => {
      const data = await addReading({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send(data);
    },
  );

  app.delete(
    '/inquiry/cycles/:id/readings/:readingId',
    {
      schema: {
        tags,
        summary: 'Remove background reading',
        params: ReadingParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeReading({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        readingId: request.params.readingId,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/inquiry/cycles/:id/reflection',
    {
      schema: {
        tags,
        summary: 'Read the post-lesson discussion',
        params: IdParams,
        response: { 200: ReflectionResponse },
      },
    },
    async (request) =>
      getReflection({ db: app.db, actor: requireActor(request), cycleId: request.params.id }),
  );

  app.put(
    '/inquiry/cycles/:id/reflection/roles',
    {
      schema: {
        tags,
        summary: 'Assign the roles of the post-lesson discussion',
        params: IdParams,
        body: ReflectionRolesBody,
        response: { 200: ReflectionResponse },
      },
    },
    async (request) =>
      setReflectionRoles({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      }),
  );

  app.post(
    '/inquiry/cycles/:id/reflection/remarks',
    {
      schema: {
        tags,
        summary: 'Speak in the post-lesson discussion',
        params: IdParams,
        body: RemarkBody,
        response: { 201: ReflectionResponse },
      },
    },
    async (request, reply) => {
      const data = await addRemark({
        db: app.db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send(data);
    },
  );
}
