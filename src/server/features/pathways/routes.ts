import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  ApplicationListResponse,
  ApplicationResponse,
  ApplyBody,
  CompleteHoldingBody,
  ConfirmBody,
  DecisionBody,
  ExperienceBody,
  HoldingResponse,
  HoldingView,
  LadderBody,
  LadderResponse,
  LeadersQuery,
  LeadersResponse,
  OpportunityBody,
  OpportunityListResponse,
  OpportunityResponse,
  OpportunityStatusBody,
  PathwaysResponse,
  PaySettingsBody,
  PaySettingsResponse,
  StipendQuery,
} from '#shared/contracts/pathways.ts';
import {
  applyForOpportunity,
  assignRole,
  completeHolding,
  confirmExperience,
  decideApplication,
  defineLadder,
  exportStipends,
  getApplication,
  getLadder,
  getMyPathways,
  getOpportunity,
  getPaySettings,
  getPersonPathways,
  listApplications,
  listLeaders,
  listOpportunities,
  listPersonRoles,
  postOpportunity,
  setConfirmation,
  setOpportunityStatus,
  setPaySettings,
  withdrawApplication,
} from './service.ts';
import { postsOpportunities } from './policy.ts';

const ConfirmationParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });
const AssignBody = z.strictObject({ userId: z.uuid(), startsOn: z.iso.date(), endsOn: z.iso.date() });
const NoContent = z.null();

/** Pathways, leadership opportunities and their applications, roles held and the stipend export. */
export async function pathwayRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['pathways'];
  const ctx = (request: FastifyRequest) => ({ db: app.db, actor: requireActor(request) });

  // ─── Ladders and where I stand ────────────────────────────────────────────────────────────────
  app.get(
    '/pathways',
    {
      schema: {
        tags,
        summary: 'My career ladders, where I stand on each requirement, and my roles',
        response: { 200: PathwaysResponse },
      },
    },
    async (request) => getMyPathways(ctx(request)),
  );

  app.post(
    '/pathways/ladders',
    {
      schema: {
        tags,
        summary: 'Define a career ladder of roles',
        body: LadderBody,
        response: { 201: LadderResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ data: await defineLadder({ ...ctx(request), body: request.body }) }),
  );

  app.get(
    '/pathways/ladders/:id',
    {
      schema: {
        tags,
        summary: 'A career ladder with where I stand',
        params: IdParams,
        response: { 200: LadderResponse },
      },
    },
    async (request) => ({ data: await getLadder({ ...ctx(request), ladderId: request.params.id }) }),
  );

  app.get(
    '/pathways/people/:id',
    {
      schema: {
        tags,
        summary: "A person's ladders and standing, for their district's administrators",
        params: IdParams,
        response: { 200: PathwaysResponse },
      },
    },
    async (request) => getPersonPathways({ ...ctx(request), userId: request.params.id }),
  );

  app.get(
    '/pathways/people/:id/roles',
    {
      schema: {
        tags,
        summary: "A person's leadership roles, for their profile",
        params: IdParams,
        response: { 200: LeadersResponse },
      },
    },
    async (request) => ({ data: await listPersonRoles({ ...ctx(request), userId: request.params.id }) }),
  );

  app.put(
    '/pathways/people/:id/experience',
    {
      schema: {
        tags,
        summary: "Record a person's years of experience (roster or administrator)",
        params: IdParams,
        body: ExperienceBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await confirmExperience({ ...ctx(request), userId: request.params.id, body: request.body });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/pathways/requirements/:id/confirmations/:userId',
    {
      schema: {
        tags,
        summary: 'Confirm by hand that a person meets a requirement',
        params: ConfirmationParams,
        body: ConfirmBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await setConfirmation({
        ...ctx(request),
        requirementId: request.params.id,
        userId: request.params.userId,
        confirmed: true,
        note: request.body.note,
      });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/pathways/requirements/:id/confirmations/:userId',
    {
      schema: {
        tags,
        summary: 'Withdraw a confirmation by hand',
        params: ConfirmationParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await setConfirmation({
        ...ctx(request),
        requirementId: request.params.id,
        userId: request.params.userId,
        confirmed: false,
        note: '',
      });
      return reply.status(204).send(null);
    },
  );

  // ─── Roles held ───────────────────────────────────────────────────────────────────────────────
  app.post(
    '/pathways/roles/:id/holders',
    {
      schema: {
        tags,
        summary: "Give a person of the district a ladder's role for a term",
        params: IdParams,
        body: AssignBody,
        response: { 201: z.object({ data: HoldingView }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ data: await assignRole({ ...ctx(request), roleId: request.params.id, body: request.body }) }),
  );

  app.post(
    '/pathways/holdings/:id/complete',
    {
      schema: {
        tags,
        summary: "Mark a role completed, recognising it with the role's credential",
        params: IdParams,
        body: CompleteHoldingBody,
        response: { 200: HoldingResponse },
      },
    },
    async (request) => ({
      data: await completeHolding({ ...ctx(request), holdingId: request.params.id, body: request.body }),
    }),
  );

  app.get(
    '/pathways/leaders',
    {
      schema: {
        tags,
        summary: 'Who leads what now, across the schools of my district and networks',
        querystring: LeadersQuery,
        response: { 200: LeadersResponse },
      },
    },
    async (request) => ({
      data: await listLeaders({ ...ctx(request), schoolId: request.query.schoolId ?? null }),
    }),
  );

  // ─── Opportunities ────────────────────────────────────────────────────────────────────────────
  app.get(
    '/opportunities',
    {
      schema: {
        tags,
        summary: "My district's open leadership opportunities, with my eligibility",
        response: { 200: OpportunityListResponse },
      },
    },
    async (request) => {
      const c = ctx(request);
      return { data: await listOpportunities(c), abilities: { post: postsOpportunities(c.actor) } };
    },
  );

  app.post(
    '/opportunities',
    {
      schema: {
        tags,
        summary: 'Post a leadership opportunity',
        body: OpportunityBody,
        response: { 201: OpportunityResponse },
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const id = await postOpportunity({ ...c, body: request.body });
      return reply.status(201).send({ data: await getOpportunity({ ...c, opportunityId: id }) });
    },
  );

  app.get(
    '/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'A leadership opportunity with my eligibility',
        params: IdParams,
        response: { 200: OpportunityResponse },
      },
    },
    async (request) => ({
      data: await getOpportunity({ ...ctx(request), opportunityId: request.params.id }),
    }),
  );

  app.put(
    '/opportunities/:id/status',
    {
      schema: {
        tags,
        summary: 'Close a leadership opportunity early, or reopen it before its closing date',
        params: IdParams,
        body: OpportunityStatusBody,
        response: { 200: OpportunityResponse },
      },
    },
    async (request) => {
      const c = ctx(request);
      await setOpportunityStatus({ ...c, opportunityId: request.params.id, status: request.body.status });
      return { data: await getOpportunity({ ...c, opportunityId: request.params.id }) };
    },
  );

  app.post(
    '/opportunities/:id/applications',
    {
      schema: {
        tags,
        summary: 'Apply for a leadership opportunity',
        params: IdParams,
        body: ApplyBody,
        response: { 201: ApplicationResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        data: await applyForOpportunity({
          ...ctx(request),
          opportunityId: request.params.id,
          body: request.body,
        }),
      }),
  );

  app.get(
    '/opportunities/:id/applications',
    {
      schema: {
        tags,
        summary: "An opportunity's applications, for its reviewers",
        params: IdParams,
        response: { 200: ApplicationListResponse },
      },
    },
    async (request) => ({
      data: await listApplications({ ...ctx(request), opportunityId: request.params.id }),
    }),
  );

  app.get(
    '/leadership-applications/:id',
    {
      schema: {
        tags,
        summary: 'An application, for its applicant and reviewers',
        params: IdParams,
        response: { 200: ApplicationResponse },
      },
    },
    async (request) => ({
      data: await getApplication({ ...ctx(request), applicationId: request.params.id }),
    }),
  );

  app.post(
    '/leadership-applications/:id/decision',
    {
      schema: {
        tags,
        summary: 'Shortlist, accept or decline an application',
        params: IdParams,
        body: DecisionBody,
        response: { 200: ApplicationResponse },
      },
    },
    async (request) => ({
      data: await decideApplication({
        ...ctx(request),
        applicationId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.post(
    '/leadership-applications/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my application',
        params: IdParams,
        response: { 200: ApplicationResponse },
      },
    },
    async (request) => ({
      data: await withdrawApplication({ ...ctx(request), applicationId: request.params.id }),
    }),
  );

  // ─── Stipends ─────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/districts/:id/pathway-pay',
    {
      schema: {
        tags,
        summary: "The district's stipend pay codes and mentoring rate",
        params: IdParams,
        response: { 200: PaySettingsResponse },
      },
    },
    async (request) => ({ data: await getPaySettings({ ...ctx(request), districtId: request.params.id }) }),
  );

  app.put(
    '/districts/:id/pathway-pay',
    {
      schema: {
        tags,
        summary: "Set the district's stipend pay codes and mentoring rate",
        params: IdParams,
        body: PaySettingsBody,
        response: { 200: PaySettingsResponse },
      },
    },
    async (request) => ({
      data: await setPaySettings({ ...ctx(request), districtId: request.params.id, body: request.body }),
    }),
  );

  app.get(
    '/districts/:id/stipends.csv',
    {
      schema: {
        tags,
        summary: 'Stipends owed for roles held and mentoring hours in a period, as CSV for payroll',
        params: IdParams,
        querystring: StipendQuery,
      },
    },
    async (request, reply) => {
      const csv = await exportStipends({ ...ctx(request), districtId: request.params.id, ...request.query });
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="stipends-${request.query.from}-to-${request.query.to}.csv"`,
        )
        .send(csv);
    },
  );
}
