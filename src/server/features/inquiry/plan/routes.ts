import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  CaseStudentBody,
  CaseStudentParams,
  CaseStudentPatch,
  CaseStudentResponse,
  FindingsBody,
  FindingsResponse,
  PlanChangesQuery,
  PlanChangesResponse,
  PlanOverviewResponse,
  PlanUpdateBody,
  PlanUpdateResponse,
  PlanUpdatesQuery,
  PlanUpdatesResponse,
  PlanVersionParams,
  PlanVersionResponse,
  PlanVersionSummary,
  PresenceBody,
  PresenceResponse,
  PublishFindingsBody,
  PublishFindingsResponse,
} from '#shared/contracts/inquiry-plan.ts';
import * as service from './service.ts';

const tags = ['inquiry'];

/** A lesson study's plan (versions, updates, presence, changes), its case students and its findings. */
export async function planRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const base = '/inquiry/cycles/:id';

  app.get(
    `${base}/plans`,
    {
      schema: {
        tags,
        summary: "List a lesson study's plan versions and case students",
        params: IdParams,
        response: { 200: PlanOverviewResponse },
      },
    },
    async (request) =>
      service.readPlanOverview({ db, actor: requireActor(request), cycleId: request.params.id }),
  );

  app.post(
    `${base}/plans`,
    {
      schema: {
        tags,
        summary: "Start a lesson study's plan, or a revision of its newest version",
        params: IdParams,
        response: { 201: z.object({ data: PlanVersionSummary }) },
      },
    },
    async (request, reply) => {
      const data = await service.startPlanVersion({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    `${base}/plans/:version`,
    {
      schema: {
        tags,
        summary: 'Read one version of a plan: its document and its text',
        params: PlanVersionParams,
        response: { 200: PlanVersionResponse },
      },
    },
    async (request) =>
      service.readPlanVersion({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        version: request.params.version,
      }),
  );

  app.get(
    `${base}/plans/:version/updates`,
    {
      schema: {
        tags,
        summary: "List a plan version's updates after the one a page has read",
        params: PlanVersionParams,
        querystring: PlanUpdatesQuery,
        response: { 200: PlanUpdatesResponse },
      },
    },
    async (request) =>
      service.listPlanUpdates({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        version: request.params.version,
        after: request.query.after,
      }),
  );

  app.post(
    `${base}/plans/:version/updates`,
    {
      bodyLimit: 512 * 1024,
      schema: {
        tags,
        summary: 'Save an edit of the newest plan version, merged with everyone else’s',
        params: PlanVersionParams,
        body: PlanUpdateBody,
        response: { 201: PlanUpdateResponse },
      },
    },
    async (request, reply) => {
      const data = await service.savePlanUpdate({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        version: request.params.version,
        update: request.body.update,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    `${base}/plans/:version/changes`,
    {
      schema: {
        tags,
        summary: 'Compare a revised plan with an earlier version',
        params: PlanVersionParams,
        querystring: PlanChangesQuery,
        response: { 200: PlanChangesResponse },
      },
    },
    async (request) =>
      service.readPlanChanges({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        version: request.params.version,
        from: request.query.from,
      }),
  );

  app.get(
    `${base}/plans/:version/presence`,
    {
      schema: {
        tags,
        summary: 'List who has a plan version open',
        params: PlanVersionParams,
        response: { 200: PresenceResponse },
      },
    },
    async (request) =>
      service.readPresence({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        version: request.params.version,
      }),
  );

  app.put(
    `${base}/plans/:version/presence`,
    {
      schema: {
        tags,
        summary: 'Say one has a plan version open, and where one is typing',
        params: PlanVersionParams,
        body: PresenceBody,
        response: { 200: PresenceResponse },
      },
    },
    async (request) =>
      service.markPresence({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        version: request.params.version,
        focus: request.body.focus,
      }),
  );

  app.delete(
    `${base}/plans/:version/presence`,
    {
      schema: { tags, summary: 'Say one closed a plan version', params: PlanVersionParams },
    },
    async (request, reply) => {
      await service.leavePlan({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        version: request.params.version,
      });
      return reply.status(204).send();
    },
  );

  app.post(
    `${base}/case-students`,
    {
      schema: {
        tags,
        summary: 'Add a case student to a lesson study, by pseudonym',
        params: IdParams,
        body: CaseStudentBody,
        response: { 201: CaseStudentResponse },
      },
    },
    async (request, reply) => {
      const data = await service.addCaseStudent({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        ...request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.patch(
    `${base}/case-students/:studentId`,
    {
      schema: {
        tags,
        summary: "Change a case student's pseudonym or what to watch for",
        params: CaseStudentParams,
        body: CaseStudentPatch,
        response: { 200: CaseStudentResponse },
      },
    },
    async (request) => ({
      data: await service.changeCaseStudent({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        studentId: request.params.studentId,
        ...request.body,
      }),
    }),
  );

  app.delete(
    `${base}/case-students/:studentId`,
    { schema: { tags, summary: 'Remove a case student', params: CaseStudentParams } },
    async (request, reply) => {
      await service.removeCaseStudent({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        studentId: request.params.studentId,
      });
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/findings`,
    {
      schema: {
        tags,
        summary: "Read a lesson study's findings report",
        params: IdParams,
        response: { 200: FindingsResponse },
      },
    },
    async (request) => service.readFindings({ db, actor: requireActor(request), cycleId: request.params.id }),
  );

  app.put(
    `${base}/findings`,
    {
      schema: {
        tags,
        summary: "Save the draft of a lesson study's findings report",
        params: IdParams,
        body: FindingsBody,
        response: { 200: FindingsResponse },
      },
    },
    async (request) =>
      service.saveFindings({ db, actor: requireActor(request), cycleId: request.params.id, ...request.body }),
  );

  app.post(
    `${base}/findings/publish`,
    {
      schema: {
        tags,
        summary: 'Publish the findings report to the community or a network as a resource',
        params: IdParams,
        body: PublishFindingsBody,
        response: { 201: PublishFindingsResponse },
      },
    },
    async (request, reply) => {
      const data = await service.publishFindings({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );
}
